"""One step's wait is at least ``share`` of the lead time (default 50%), or ``times_work`` times its work (default 100).

The wait is per visit; its share of the lead time counts every visit a case
makes to the step ("45.0d per visit ...; 96% of the lead time over 1.03 visits
per case").

Why it matters: the customer's time goes into a queue, not into work.  A wait
hundreds of times the work is waiting for a batch, a priority or an in-tray, and
rarely for the work itself.

Thresholds: ``share`` = 0.5 of lead time (expected wait at the step, loops counted);
``times_work`` = 100 (not applied to a step without work, such as a queue or an IVR menu).

Remedy: when the wait is mostly policy part, the wait cut to its queueing part
(``spec/scenarios.md``); none when it is mostly queueing (more people are, see ``bottleneck``)
or when the team's staff or the demand is not declared.

Failing (a credit that waits 30 days for 15 minutes of work)::

    post-credit: {team: back, wait: 30d, work: 15m, next: done}

Passing (no wait is half the lead time or 100 times its work)::

    check: {team: back, wait: 2h, work: 15m, next: post}
    post: {team: back, wait: 3h, work: 2h, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, hours, impact, owner, percent, team_name

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "long-wait"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process, lead = walk.process, walk.figures.lead_time_h
    for step in process.steps.values():
        wait, work = step.wait.mean, step.work.mean
        visits = walk.steps[step.id].visits
        share = visits * wait / lead if lead else 0.0
        # A step with no work (a queue, an IVR menu) is judged by its share of the lead time only.
        ratio = wait / work if work else 0.0
        if wait <= 0 or (share < settings["share"] and ratio < settings["times_work"]):
            continue
        times = f"{ratio:,.0f} times its {hours(work, unit=unit)} of work" if work else "with no work to do"
        yield finding(
            walk, sys.modules[__name__], settings, place="step", at=step.id, location=step.location,
            message=f"'{step.name}' waits {hours(wait, unit=unit)} per visit, {times}; "
                    f"{percent(share)} of the lead time over {visits:.2f} visits per case",
            why=f"Why does a case wait {hours(wait, unit=unit)} per visit for {team_name(process, step)} at '{step.name}' "
                f"when the work takes {hours(work, unit=unit)}?",
            ask=owner(process, step),
            evidence={"wait_h": wait, "work_h": work, "share_of_lead_time": share, "visits": visits},
            impact=impact(process, customer_h=visits * wait),
        )
