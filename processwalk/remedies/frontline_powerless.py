"""Remedy of ``frontline-powerless``: make-it-right authority at the first contact, for a share of
the cases (``remedies: make-it-right-share``, default 50%): an assumption, labelled as one."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.formatting import format_share
from processwalk.remedies.base import Context, Remedy, remedy

RULE = "frontline-powerless"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    step = ctx.step(finding)
    share = ctx.config.remedies.make_it_right_share
    return [remedy(finding, f"make-it-right-{step.id}", f"Make it right at '{step.name}' for {format_share(share)} "
                   "of cases", "make it right at the first contact", [("resolve", {"at": step.id, "share": share})],
                   f"assumption: {format_share(share)} of cases made right there (remedies: make-it-right-share)")]
