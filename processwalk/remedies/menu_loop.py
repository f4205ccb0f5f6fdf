"""Remedy of ``menu-loop``: the loop closed: the branch that sends the customer round again goes to 0
(the upper bound: nobody goes round again)."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy, slug

RULE = "menu-loop"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    source, _, target = finding.at.partition("->")
    steps = ctx.process(finding).steps
    return [remedy(finding, f"no-round-again-{slug(finding.at)}",
                   f"'{steps[source].name}' sends nobody back to '{steps[target].name}'", "close the loop",
                   [("branch", {"at": finding.at, "p": 0})], "upper bound: nobody goes round again")]
