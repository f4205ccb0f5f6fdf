"""A case is handed from team to team more than ``max`` times (default 3): passed from person to person.

Why it matters: each handoff is a queue, a re-read of the case and a chance to
lose it; the customer feels it as being passed around.  The impact counted is the
waiting at steps entered through a handoff.

Thresholds: ``max`` = 3 handoffs per case (expected number).

Remedy: the steps cases return into move to the team they return from (``team``) until
no case returns; none for a chain that never returns (merging teams is a choice, not a
consequence of the finding).

Failing (frontline -> back office -> frontline -> team leaders -> back office: 4 handoffs)::

    check: {team: back, next: call-back}
    call-back: {team: front, next: approve}
    approve: {team: leads, next: post}
    post: {team: back, next: done}

Passing (frontline -> back office -> end)::

    post: {team: back, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, hours, impact, process_owner, wait_after_handoffs_h

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "handoff-chain"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process, handoffs = walk.process, walk.figures.handoffs
    if handoffs <= settings["max"]:
        return
    waited = wait_after_handoffs_h(walk)
    yield finding(
        walk, sys.modules[__name__], settings, place="process", at=process.id, location=process.location,
        message=f"{handoffs:.1f} handoffs per case across {walk.figures.teams_touched:.1f} teams; "
                f"{hours(waited, unit=unit)} of waiting follows a handoff",
        why=f"Why is a case in '{process.title}' passed between teams {handoffs:.1f} times, "
            f"waiting {hours(waited, unit=unit)} in queues after handoffs, when one team could own it to the end?",
        ask=process_owner(process),
        evidence={"handoffs": handoffs, "teams_touched": walk.figures.teams_touched,
                  "wait_after_handoffs_h": waited},
        impact=impact(process, customer_h=waited),
    )
