"""A case goes through more than ``max`` approvals (default 1): approvals stacked on approvals.

Why it matters: each layer adds a tray to wait in and rarely adds a decision the
first did not make.  The impact counted is the time spent in all approvals but
the one a case would keep.

Thresholds: ``max`` = 1 approval per case (expected number, loops counted).

Remedy: keep the approval that decides most and remove the others; as a second
option, the others approve only a sampled share.

Failing (a team-leader approval followed by a finance approval: 2 per case)::

    approve: {kind: approval, team: leads, wait: 1d, next: finance}
    finance: {kind: approval, team: back, wait: 2d, next: done}

Passing (one approval per case)::

    approve: {kind: approval, team: leads, wait: 1d, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, hours, impact, process_owner

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "approval-stack"
SEVERITY, DEFAULTS = RULES[ID]
#: approvals named in the message; the rest are counted
NAMED = 3


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process, approvals = walk.process, walk.figures.approvals
    if approvals <= settings["max"]:
        return
    steps = [s for s in process.steps.values() if s.kind == "approval"]
    held = sum(walk.steps[s.id].visits * (s.wait.mean + s.work.mean) for s in steps)
    work = sum(walk.steps[s.id].visits * s.work.mean for s in steps)
    extra = (approvals - 1) / approvals
    names = ", ".join(f"'{s.name}'" for s in steps[:NAMED])
    if len(steps) > NAMED:
        names += f" and {len(steps) - NAMED} more"
    yield finding(
        walk, sys.modules[__name__], settings, place="process", at=process.id, location=process.location,
        message=f"{approvals:.2f} approvals per case ({names}) hold a case {hours(held, unit=unit)} in all",
        why=f"Why does a case in '{process.title}' need {approvals:.1f} approvals ({names}), "
            f"which hold it {hours(held, unit=unit)}, when one decision could do?",
        ask=process_owner(process),
        evidence={"approvals": approvals, "approval_time_h": held},
        impact=impact(process, customer_h=held * extra, staff_h=work * extra),
    )
