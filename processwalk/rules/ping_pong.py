"""A case is expected to return to a team it already left (A -> B -> A), more than ``max`` times.

Why it matters: ping-pong between two desks means neither can finish the case;
each return is another queue.  Asked per team: why does the case come back to
you?

Thresholds: ``max`` = 0 returns per case (any expected return fires).
Impact: the returns times the wait of each return, which is the mean wait of the
team's steps the returns go into, weighted by the returning flow.

Remedy: the steps of the team that cases return into move to the team they return
from (``team``) until no case returns to it.

Failing (frontline -> back office -> frontline, to call the customer -> back office)::

    check: {team: back, next: call-back}
    call-back: {team: front, next: post}
    post: {team: back, next: done}

Passing (frontline -> back office -> end)::

    post: {team: back, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.analysis.figures import returns_into
from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, hours, impact

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "ping-pong"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    for team_id, returns in walk.figures.ping_pong_by_team.items():
        if returns <= settings["max"] + 1e-12:
            continue
        team = process.teams[team_id]
        # the wait of a return is the wait of the step it goes into, weighted by the returning flow
        into = returns_into(walk.chain, team_id)
        waited = sum(flow * process.steps[s].wait.mean for s, flow in into.items()) / max(sum(into.values()), 1e-12)
        yield finding(
            walk, sys.modules[__name__], settings, place="team", at=team_id, location=team.location,
            message=f"cases come back to {team.name} {returns:.2f} times per case after leaving it",
            why=f"Why does a case in '{process.title}' come back to {team.name} {returns:.2f} times after "
                f"it was passed on, waiting about {hours(waited, unit=unit)} in its queue each time?",
            ask=team.answerer,
            evidence={"returns": returns, "mean_wait_h": waited},
            impact=impact(process, customer_h=returns * waited),
        )
