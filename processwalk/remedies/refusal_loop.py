"""Remedy of ``refusal-loop``: get it right the first time: the refusal's probability to 0.  It is
the upper bound of what asking for the right thing first can save: no case is sent back."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy, slug

RULE = "refusal-loop"
NOTE = "upper bound: every case right the first time"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    source, _, target = finding.at.partition("->")
    steps = ctx.process(finding).steps
    return [remedy(finding, f"right-first-time-{slug(finding.at)}",
                   f"Right the first time: '{steps[source].name}' sends no case back to '{steps[target].name}'",
                   "get it right the first time", [("branch", {"at": finding.at, "p": 0})], NOTE)]
