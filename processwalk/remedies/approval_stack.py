"""Remedy of ``approval-stack``: keep the approval that decides most (the lowest share passed on;
the first in the file among equals) and remove the others; as a second option, the others approve
only a sampled share."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.approvals import removed, sampled
from processwalk.remedies.base import Context, Remedy

RULE = "approval-stack"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    walk = ctx.walk(finding)
    steps = [s for s in walk.process.steps.values() if s.kind == "approval" and walk.steps[s.id].visits > 0]
    if len(steps) < 2:
        return []  # one approval passed more than once: the loop is the remedy's place, not the stack
    kept = min(steps, key=lambda s: walk.steps[s.id].pca)
    others = [s for s in steps if s is not kept]
    return [removed(finding, others, "one-approval", f"One approval: keep '{kept.name}', remove the others",
                    "keep one approval"),
            sampled(finding, others, ctx, "sample-approvals",
                    f"Keep '{kept.name}'; the other approvals check only a sample")]
