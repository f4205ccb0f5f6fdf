"""Remedy of ``ping-pong``: the steps of the team that cases return into move to the team they return
from (``team: {STEP: TEAM}``), one at a time until no case returns to the team: the team that has the
case carries on instead of handing it back."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy
from processwalk.remedies.teams import one_team

RULE = "ping-pong"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    process = ctx.process(finding)
    moved = one_team(process, finding.at)
    if not moved:
        return []
    names = ", ".join(f"'{process.steps[s].name}'" for s in moved)
    team = process.teams[finding.at].name
    return [remedy(finding, f"one-team-{finding.at}", f"{names} done where the case already is, not back at {team}",
                   "keep the case with one team", [("team", dict(moved))])]
