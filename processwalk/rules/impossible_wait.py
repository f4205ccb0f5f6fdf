"""A step's declared wait cannot be true: a backlog says a new item waits longer, or its team is overloaded.

Why it matters: every figure of the walk (lead time, the promise, policy
friction) adds up the waits the owners declared.  A wait that cannot be true
makes all of them look better than the customer's experience.  Two checks:

* **Behind a backlog**: by Little's law a new item waits ``open / (demand *
  visits)`` days behind the items already open at the step.  A declared mean
  wait below that age is the wait the step should have, not the one it has.
* **Overloaded team**: when the step's team is loaded to 100% or more, its
  queue grows without bound, and no finite wait is true of a step that needs
  its people (a step with work).

Thresholds: ``share`` = 1.0 (fires when the declared mean wait is below
``share`` times the Little's-law age; 0.5 lets waits up to twice as short pass);
``utilization`` = 1.0 (the team's load at which no finite wait is true).
Needs ``demand``, and a ``backlog`` on the step or ``staff`` on its team.
Impact: the customer-days a year the declared wait leaves out behind a backlog.

Remedy: none; the declared wait is a figure to correct, not a change to price.

Failing (120 cases a day, one pass each: 5,400 / 120 = 45 days behind the backlog, "the
declared 2.0d wait cannot be true behind 5,400 items: a new item waits 45.0d")::

    demand: 120/day
    check-credit: {team: back, wait: 2d, work: 15m,
                   backlog: {open: 5400, oldest: 190d, as_of: 2026-11-02}, next: done}

Passing (the declared wait is what the backlog says)::

    demand: 120/day
    check-credit: {team: back, wait: 45d, work: 15m,
                   backlog: {open: 5400, oldest: 190d, as_of: 2026-11-02}, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.formatting import format_together
from processwalk.model import Step
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, impact, owner, percent, team_name

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "impossible-wait"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    for step in walk.process.steps.values():
        if step.is_end:
            continue
        found = _behind_backlog(walk, step, settings) or _overloaded(walk, step, settings)
        if found is not None:
            yield found


def _behind_backlog(walk: Walk, step: Step, settings: RuleSettings) -> Finding | None:
    age_d = walk.capacity.steps[step.id].backlog_age_d
    if step.backlog is None or age_d is None or step.wait.mean >= settings["share"] * age_d * 24:
        return None
    process, wait_h, age_h = walk.process, step.wait.mean, age_d * 24
    declared, behind = format_together(wait_h, age_h, unit=settings.unit)
    visits = walk.steps[step.id].visits
    return finding(
        walk, sys.modules[__name__], settings, place="step", at=step.id, location=step.location,
        message=f"the declared {declared} wait cannot be true behind {step.backlog.open:,} items: "
                f"a new item waits {behind}",
        why=f"Why does '{process.title}' count on a {declared} wait at '{step.name}' when a new case "
            f"waits {behind} behind the {step.backlog.open:,} already open with {team_name(process, step)}?",
        ask=owner(process, step),
        evidence={"wait_h": wait_h, "open": step.backlog.open, "little_age_d": age_d, "visits": visits},
        impact=impact(process, customer_h=visits * (age_h - wait_h)),
    )


def _overloaded(walk: Walk, step: Step, settings: RuleSettings) -> Finding | None:
    load = walk.teams.get(step.team or "")
    if load is None or load.utilization is None or load.utilization < settings["utilization"] \
            or step.work.mean <= 0:
        return None
    process = walk.process
    [declared] = format_together(step.wait.mean, unit=settings.unit)
    team = team_name(process, step)
    growth = load.backlog_growth_per_day
    grows = f"its queue grows by {growth:,.1f} items a day" if growth else "its queue grows without bound"
    return finding(
        walk, sys.modules[__name__], settings, place="step", at=step.id, location=step.location,
        message=f"the declared {declared} wait cannot be true while {team} is loaded to "
                f"{percent(load.utilization)}: {grows}",
        why=f"Why does '{process.title}' count on a {declared} wait at '{step.name}' when {team} gets "
            f"more work than its people can do, so that every case waits longer than the one before?",
        ask=owner(process, step),
        evidence={"wait_h": step.wait.mean, "utilization": load.utilization,
                  "backlog_growth_per_day": growth},
    )
