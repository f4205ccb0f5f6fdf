"""A policy the process follows is past its review: ``reviewed + review_every`` is before today.

Why it matters: policies outlive their reasons.  A rule written after an audit
in 2016 may still send customers away in 2026 although the risk is long gone.
"Today" is the configured ``today`` (for reproducible reports) or the current date.

Thresholds: none (the policy's own ``review_every`` is the threshold).

Remedy: remove the policy (``remove-policy``), exactly as its friction is measured.

Failing (due 2020-02-28)::

    policies: {letter-check: {title: Letters checked, owner: Post room, why: Audit,
                              reviewed: 2019-03-01, review_every: 52w}}
    check: {team: back, policy: letter-check, next: done}

Passing::

    policies: {letter-check: {title: Letters checked, owner: Post room, why: Audit,
                              reviewed: 2026-06-01, review_every: 52w}}
    check: {team: back, policy: letter-check, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import adds_hours, finding, friction_impact, process_owner, used_policies

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "policy-stale"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    for policy in used_policies(process):
        due = policy.review_due
        if due is None or due >= settings.today:
            continue
        friction = walk.policies[policy.id]
        yield finding(
            walk, sys.modules[__name__], settings, place="policy", at=policy.id, location=policy.location,
            message=f"policy '{policy.title}' was last reviewed {policy.reviewed}, due again {due}",
            why=f"Why does '{policy.title}', last reviewed {policy.reviewed}, still "
                f"{adds_hours(friction.lead_time_h, ('add', 'save'), unit=unit)} per case "
                f"{'to' if friction.lead_time_h >= 0 else 'in'} '{process.title}'; is its reason still true?",
            ask=policy.owner or process_owner(process),
            evidence={"reviewed": str(policy.reviewed), "due": str(due),
                      "days_overdue": float((settings.today - due).days)},
            impact=friction_impact(walk, policy.id),
        )
