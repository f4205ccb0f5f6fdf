"""Remedy of ``bottleneck``: the least staff that brings the team under the rule's warning threshold
(``rules: bottleneck: warning``, default 85%), at the team's load summed over every process."""
from __future__ import annotations

from processwalk.analysis.staffing import under
from processwalk.findings import Finding
from processwalk.formatting import format_share
from processwalk.portfolio import Portfolio
from processwalk.remedies.base import Context, Remedy, remedy

RULE = "bottleneck"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    queue = ctx.baseline.queues.get(finding.at)
    if queue is None or queue.team.staff is None:
        return []
    warning = _warning(finding, ctx)
    staff = under(queue, warning)
    if staff is None:
        return []
    team = queue.team
    return [remedy(finding, f"staff-{team.id}-{staff}", f"{staff} people in {team.name} "
                   f"(from {team.staff:g}): under {format_share(warning)}", f"staff {team.name} to {staff}",
                   [("staff", {team.id: staff})])]


def _warning(finding: Finding, ctx: Context) -> float:
    if finding.process == Portfolio.ID:
        return ctx.config.rules[RULE]["warning"]
    process = ctx.process(finding)
    return ctx.config.for_process(process.budgets)[RULE]["warning"]
