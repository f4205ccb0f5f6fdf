"""The customer has to come back: repeat contacts per case of at least ``min`` (default 0.2).

Why it matters: a repeat contact is failure demand, work the process creates by
not finishing the first time (John Seddon).  Counted: expected contact steps per
case minus the probability of at least one contact.

Thresholds: ``min`` = 0.2 repeat contacts per case.

Remedy: the repeat contacts removed, the customer told instead of having to ask: every
contact step after the first is removed.

Failing (after the template's call, 40% of callers are sent back into the queue)::

    agent: {kind: contact, team: front, work: 5m, next: [{to: agent, p: 0.4}, {to: done}]}

Passing (one contact per case, the template's call)::

    post: {team: back, work: 15m, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, impact, percent, process_owner

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "repeat-contact"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    process, figures = walk.process, walk.figures
    repeats = figures.repeat_contacts
    if repeats < settings["min"]:
        return
    contacts = [s for s in process.steps.values() if s.kind == "contact"]
    visits = sum(walk.steps[s.id].visits for s in contacts)
    per_contact_h = sum(walk.steps[s.id].visits * (s.wait.mean + s.work.mean) for s in contacts) / visits
    work_h = sum(walk.steps[s.id].visits * s.work.mean for s in contacts) / visits
    share = figures.failure_demand_share or 0.0
    yield finding(
        walk, sys.modules[__name__], settings, place="process", at=process.id, location=process.location,
        message=f"{repeats:.2f} repeat contacts per case: {percent(share)} of contacts are failure demand",
        why=f"Why does a customer of '{process.title}' have to contact us {figures.contacts:.1f} times, "
            f"so that {percent(share)} of our contacts come from not finishing the first time?",
        ask=process_owner(process),
        evidence={"contacts": figures.contacts, "repeat_contacts": repeats, "failure_demand_share": share},
        impact=impact(process, customer_h=repeats * per_contact_h, staff_h=repeats * work_h),
    )
