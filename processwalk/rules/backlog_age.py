"""A backlog is older than its step's ``sla``: by its oldest item, or by Little's law.

Why it matters: a backlog snapshot shows how long work really waits.  Little's
law turns it into the wait of a new item: ``open / (demand * visits)`` days.
When that, or the oldest open item, is past the step's own time target, the
promise is already broken for everybody in the queue.

Thresholds: none (the step's ``sla`` is the threshold).  Needs ``backlog`` and
``sla`` on the step (and ``demand`` for the Little's-law age).

Remedy: the least staff whose spare capacity brings the team's backlogs to their promise
within ``remedies: backlog-horizon`` (default 90 days).  A change of staff does not
rewrite the snapshot, so a scenario closes the finding by its projected date ("closes:
backlog-age at post-credit by 2027-03-03 (projected)") when it brings the backlogs to their
promise within the horizon and the baseline does not; a backlog that never clears stays open.

Failing::

    post-credit: {team: back, sla: 5d, backlog: {open: 5400, oldest: 180d}, next: done}

Passing::

    post-credit: {team: back, sla: 5d, backlog: {open: 40, oldest: 3d}, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, hours, impact, owner, team_name

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "backlog-age"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    for step in process.steps.values():
        backlog, sla = step.backlog, step.sla_h
        if backlog is None or sla is None:
            continue
        little_d = walk.capacity.steps[step.id].backlog_age_d
        oldest = backlog.oldest_h or 0.0
        little_h = little_d * 24 if little_d is not None else 0.0
        if max(oldest, little_h) <= sla:
            continue
        visits = walk.steps[step.id].visits
        behind = f"; a new item waits {hours(little_h, unit=unit)} behind it (Little's law)" if little_d is not None else ""
        yield finding(
            walk, sys.modules[__name__], settings, place="step", at=step.id, location=backlog.location,
            message=f"{backlog.open:,} items wait at '{step.name}', the oldest {hours(oldest, unit=unit)} "
                    f"against a target of {hours(sla, unit=unit)}{behind}",
            why=f"Why do {backlog.open:,} cases wait at '{step.name}' with {team_name(process, step)}, "
                f"the oldest for {hours(oldest, unit=unit)}, when the target is {hours(sla, unit=unit)}?",
            ask=owner(process, step),
            evidence={"open": backlog.open, "oldest_h": backlog.oldest_h, "little_age_d": little_d,
                      "sla_h": sla},
            impact=impact(process, customer_h=visits * max(little_h - sla, 0.0)),
        )
