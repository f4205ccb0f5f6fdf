"""Remedy of ``handoff-chain``: the steps cases return into move to the team they return from, team
by team (the most returns first) until no case returns to a team it left.  A chain that never
returns (A -> B -> C -> D -> E) has no such step, and no remedy here: merging teams (``pool``) is
an organisation's choice, not a consequence of the finding."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy
from processwalk.remedies.teams import one_team

RULE = "handoff-chain"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    process = ctx.process(finding)
    moved = one_team(process)
    if not moved:
        return []
    return [remedy(finding, "one-team", f"No case handed back: {len(moved)} step(s) done where the case already is",
                   "stop handing the case back", [("team", moved)])]
