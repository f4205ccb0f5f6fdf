"""Remedy of ``backlog-age``: the least staff of the step's team whose spare capacity brings all its
backlogs to their promise within the horizon (``remedies: backlog-horizon``, default 90 days), by the
backlog projection of ``spec/scenarios.md``.  In the scenario the finding is closed by its
projected date (the what-if engine's ``closed_by_projection``): the rule judges the snapshot, which no
change of staff rewrites, so the close is a projection and the remedy says so."""
from __future__ import annotations

from processwalk.analysis.backlogs import clearing
from processwalk.analysis.staffing import bounded, least, with_staff
from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy

RULE = "backlog-age"
NOTE = "projected: the backlog as counted is worked off by the team's spare capacity"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    step = ctx.step(finding)
    queue = ctx.baseline.queues.get(step.team or "")
    held = ctx.baseline.backlogs.get(step.team or "")
    if queue is None or queue.team.staff is None or held is None:
        return []
    horizon = ctx.config.remedies.backlog_horizon_d

    def meets(staff: int) -> bool:
        days = clearing(held.team, with_staff(queue, staff), held.items).promise_days
        return days is not None and days <= horizon
    staff = least(meets, bounded(queue))
    if staff is None:
        return []
    team = queue.team
    return [remedy(finding, f"staff-{team.id}-{staff}", f"{staff} people in {team.name} (from {team.staff:g}): "
                   f"its backlogs at their promise within {horizon:g} days", f"staff {team.name} to {staff}",
                   [("staff", {team.id: staff})],
                   NOTE)]
