"""The "why" rules: one module per rule, registered here.

Adding a rule = adding one module (``ID``, a docstring that is its documentation, and
``check(walk, settings)``), one line below and its severity and default thresholds in
:mod:`processwalk.rule_defaults`, in the same place (the configuration reads them from
there, below the rules).
Rules that look across processes also define ``check_portfolio(portfolio, settings)``.

The docstring shows one failing and one passing example, each a literal block after a line
``Failing (...)::`` or ``Passing (...)::``, and ``tests/rules/test_docstring_examples.py`` runs
them with the default settings.  A block is a YAML mapping over a template process: its process
keys (``demand``, ``sla``, ``teams``, ``policies``, ...) are set on the process and every other
key is a step, placed after the template's ``call-in`` contact (Frontline, 5 minutes, 100 cases a
day) that goes on to the block's first step, and before its ``done`` end; the teams are
``front``, ``back``, ``leads``, ``complaints`` and ``ivr``.
"""
from __future__ import annotations

from types import ModuleType

from processwalk.rules import (
    approval_stack,
    backlog_age,
    bottleneck,
    frontline_powerless,
    handoff_chain,
    impossible_wait,
    invalid,
    long_wait,
    menu_loop,
    ping_pong,
    policy_stale,
    policy_without_why,
    refusal_loop,
    repeat_contact,
    repeated_refusal,
    rubber_stamp,
    sla_breach,
    system_sprawl,
    unused_policy,
)

RULES: tuple[ModuleType, ...] = (
    invalid,
    sla_breach,
    bottleneck,
    backlog_age,
    impossible_wait,
    refusal_loop,
    menu_loop,
    repeated_refusal,
    rubber_stamp,
    approval_stack,
    handoff_chain,
    ping_pong,
    frontline_powerless,
    repeat_contact,
    long_wait,
    system_sprawl,
    policy_without_why,
    policy_stale,
    unused_policy,
)
REGISTRY: dict[str, ModuleType] = {rule.ID: rule for rule in RULES}
