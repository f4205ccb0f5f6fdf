"""Remedy of ``repeated-refusal``: get it right the first time: every refusal that sends the case
back goes to 0 (the upper bound: no case is refused and sent round again)."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy
from processwalk.remedies.refusal_loop import NOTE
from processwalk.rules.base import loops_back

RULE = "repeated-refusal"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    walk = ctx.walk(finding)
    loops = sorted({f"{s.id}->{b.to}" for s in walk.process.steps.values() for b in s.next
                    if b.refusal and loops_back(walk, s.id, b)})
    if not loops:
        return []  # refused twice on the way through, never sent back: nothing to get right again
    return [remedy(finding, "right-first-time", "Right the first time: no case is sent back after a refusal",
                   "get it right the first time", [("branch", {"at": at, "p": 0}) for at in loops], NOTE)]
