"""From the first contact, the case can never finish without leaving the frontline team.

Why it matters: when the person the customer talks to has no authority to make
it right, every request becomes a handoff and a wait.  The frontline team is the
process's ``frontline:``, else the team of the first ``contact`` step reached from
the start (or of the start step when there is none); the walk is judged from the
first step of that team, a contact step of it when there is one.

Thresholds: none.

Remedy: make-it-right authority at the first contact (``resolve``) for a share of the
cases, ``remedies: make-it-right-share`` (default 50%): an assumption, labelled as one.

Failing (the agent logs the complaint and passes it on; only the complaints team can close it)::

    log: {team: front, work: 5m, next: resolve}
    resolve: {team: complaints, work: 30m, next: done}

Passing (the agent can resolve some cases on the call: a path to an end stays in the frontline)::

    log: {team: front, work: 5m, next: [{to: done, p: 0.4}, {to: resolve}]}
    resolve: {team: complaints, work: 30m, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk import graph
from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, hours, impact, process_owner, team_name

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "frontline-powerless"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    first = _first_contact(walk)
    team = process.steps[first].team
    if team is None or _can_finish_alone(walk, first, team):
        return
    frontline_h = sum(walk.steps[s.id].visits * (s.wait.mean + s.work.mean)
                      for s in process.steps.values() if s.team == team)
    elsewhere = walk.figures.lead_time_h - frontline_h
    name = team_name(process, process.steps[first])
    yield finding(
        walk, sys.modules[__name__], settings, place="step", at=first, location=process.steps[first].location,
        message=f"{name} can never finish a case alone: every case leaves them and spends "
                f"{hours(elsewhere, unit=unit)} with other teams",
        why=f"Why can't {name}, who talk to the customer at '{process.steps[first].name}', make it right "
            f"themselves, instead of passing every case on for {hours(elsewhere, unit=unit)}?",
        ask=process_owner(process),
        evidence={"frontline_team": team, "time_elsewhere_h": elsewhere},
        impact=impact(process, customer_h=elsewhere),
    )


def _first_contact(walk: Walk) -> str:
    """The first contact step on the way from the start (breadth first), or the start itself; of the
    declared frontline team when there is one (its first step when none of its steps is a contact)."""
    process = walk.process
    order = graph.breadth_first(walk.graph, process.start)
    ours = [s for s in order if process.frontline in (None, process.steps[s].team)]
    fallback = ours[0] if ours and process.frontline else process.start
    return next((s for s in ours if process.steps[s].kind == "contact"), fallback)


def _can_finish_alone(walk: Walk, first: str, team: str) -> bool:
    """Is there a path from ``first`` to an end step through this team's steps only?"""
    steps = walk.process.steps
    reached = graph.reached_within(walk.graph, first, (s for s, step in steps.items()
                                                       if step.team == team or step.is_end))
    return any(steps[s].is_end for s in reached)
