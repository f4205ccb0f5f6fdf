"""A policy is defined but governs nothing: no step and no branch names it.

Why it matters: an unused policy is either dead (remove it) or followed without
being written into the process (write it in, so its friction can be measured).
A policy defined inline in a process is checked against that process; a policy
in a catalog is checked against every process analysed together with it.

Thresholds: none.

Remedy: none; a policy that governs nothing costs no time: delete it, or write it in.

Failing (no ``policy: letter-confirmation`` anywhere)::

    policies: {letter-confirmation: {title: Confirm by letter, owner: Post room, why: Proof of notice}}
    post: {team: back, next: done}

Passing (a step governed by it)::

    policies: {letter-confirmation: {title: Confirm by letter, owner: Post room, why: Proof of notice}}
    post: {team: back, policy: letter-confirmation, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, process_owner, used_policies

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings
    from processwalk.portfolio import Portfolio

ID = "unused-policy"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    """Inline policies of the process that it does not use."""
    process = walk.process
    used = {p.id for p in used_policies(process)}
    for policy in process.policies.values():
        if policy.location.file != process.file or policy.id in used:
            continue
        yield finding(
            walk, sys.modules[__name__], settings, place="policy", at=policy.id, location=policy.location,
            message=f"policy '{policy.title}' is defined but no step or branch follows it",
            why=f"Is '{policy.title}' still followed in '{process.title}'? If so, where; if not, why keep it?",
            ask=policy.owner or process_owner(process),
        )


def check_portfolio(portfolio: Portfolio, settings: RuleSettings) -> Iterator[Finding]:
    """Catalog policies that no process analysed with their catalog uses."""
    used = {policy_id for share in portfolio.shares for policy_id in share.used}
    seen: set[str] = set()
    for share in portfolio.shares:
        for policy in share.defined:
            if policy.id in used or policy.id in seen or policy.location.file not in portfolio.files:
                continue
            seen.add(policy.id)
            yield Finding(
                rule=ID, severity=settings.severity, process=portfolio.ID, place="policy", at=policy.id,
                location=policy.location,
                message=f"policy '{policy.title}' is defined but no process follows it",
                why=f"Is '{policy.title}' still followed anywhere? If so, where; if not, why keep it?",
                ask=policy.owner,
            )
