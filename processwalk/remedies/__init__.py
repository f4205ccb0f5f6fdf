"""Remedies: the natural answer to each "why", as a scenario of the what-if contract.

One module per rule that has one (``RULE``, a docstring that is its documentation, and
``remedies(finding, ctx)``), registered here like the rules.  A rule without a sensible remedy
says so in its own documentation: ``invalid``, ``sla-breach`` (the sum of the others),
``impossible-wait`` (a declared figure to correct), ``system-sprawl`` and ``unused-policy``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from processwalk.findings import Finding
from processwalk.remedies import (
    approval_stack,
    backlog_age,
    bottleneck,
    frontline_powerless,
    handoff_chain,
    long_wait,
    menu_loop,
    ping_pong,
    policy_stale,
    policy_without_why,
    refusal_loop,
    repeat_contact,
    repeated_refusal,
    rubber_stamp,
)
from processwalk.remedies.base import Context, Remedy

__all__ = ["REMEDIES", "Context", "Remedy", "suggest"]


class RemedyModule(Protocol):
    RULE: str

    def remedies(self, finding: Finding, ctx: Context) -> list[Remedy]: ...


#: each rule's remedies, by rule id
REMEDIES: dict[str, RemedyModule] = {m.RULE: m for m in (
    bottleneck, backlog_age, refusal_loop, menu_loop, repeated_refusal, rubber_stamp, approval_stack,
    handoff_chain, ping_pong, frontline_powerless, repeat_contact, long_wait, policy_without_why, policy_stale)}


def suggest(findings: Iterable[Finding], ctx: Context) -> list[Remedy]:
    """The remedies of ``findings`` (answered ones left out), in the findings' order."""
    return [r for f in findings if not f.answered and f.rule in REMEDIES
            for r in REMEDIES[f.rule].remedies(f, ctx)]
