"""Remedy of ``rubber-stamp``: remove the approval; as a second option, approve only a sampled share
(``remedies: sampled-share``, default 10%) and let the other cases pass at once."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.formatting import format_share
from processwalk.remedies.approvals import removed, sampled
from processwalk.remedies.base import Context, Remedy

RULE = "rubber-stamp"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    step = ctx.step(finding)
    share = format_share(ctx.config.remedies.sampled_share)
    return [removed(finding, [step], f"remove-{step.id}", f"Remove the approval '{step.name}'",
                    "remove this approval"),
            sampled(finding, [step], ctx, f"sample-{step.id}",
                    f"Approve only a sampled {share} of cases at '{step.name}'")]
