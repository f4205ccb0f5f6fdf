"""An approval passes at least ``min_pass`` (default 95%) of its cases: friction without a decision.

Why it matters: the case waits in an approval tray so that almost everybody gets
a "yes".  Asking why the approval exists (and whether a rule or a sample check
would do) often removes days of lead time.

Thresholds: ``min_pass`` = 0.95, the approval's %C&A (share of cases it passes on).

Remedy: remove the approval (``remove``); as a second option, approve only a sampled
share (``automate``; ``remedies: sampled-share``, default 10%).

Failing::

    approve: {kind: approval, team: leads, wait: 2d, next: [{to: post, p: 0.98}, {to: refused, p: 0.02, refusal: true}]}
    post: {team: back, next: done}
    refused: {kind: end, outcome: refused}

Passing (an approval that really decides)::

    approve: {kind: approval, team: leads, wait: 2d, next: [{to: post, p: 0.7}, {to: refused, p: 0.3, refusal: true}]}
    post: {team: back, next: done}
    refused: {kind: end, outcome: refused}
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

ID = "rubber-stamp"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    for step in process.steps.values():
        if step.kind != "approval":
            continue
        passed = walk.steps[step.id].pca
        if passed < settings["min_pass"]:
            continue
        visits = walk.steps[step.id].visits
        held = step.wait.mean + step.work.mean
        yield finding(
            walk, sys.modules[__name__], settings, place="step", at=step.id, location=step.location,
            message=f"approval '{step.name}' passes {percent(passed)} of cases after {hours(held, unit=unit)}",
            why=f"Why does every case wait {hours(step.wait.mean, unit=unit)} for {team_name(process, step)} at "
                f"'{step.name}' when {percent(passed)} are approved?",
            ask=owner(process, step),
            evidence={"pass_rate": passed, "wait_h": step.wait.mean, "work_h": step.work.mean,
                      "visits": visits},
            impact=impact(process, customer_h=visits * held, staff_h=visits * step.work.mean),
        )
