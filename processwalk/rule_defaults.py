"""Every rule's id, severity and default thresholds, in the order the rules run.

The configuration reads ``rules:`` and ``budgets:`` against this table, and ``validate`` checks
the rule of each answer against its ids.  Both come before the rules in the pipeline (a rule takes
its settings from the configuration), so the table sits below all three; each rule module takes
its ``SEVERITY`` and ``DEFAULTS`` from here by its ``ID``, and the registry
(:mod:`processwalk.rules`) lists the same rules in the same order.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Defaults(NamedTuple):
    severity: str
    thresholds: Mapping[str, float]


RULES: Mapping[str, Defaults] = {
    "invalid": Defaults("error", {}),
    "sla-breach": Defaults("error", {}),
    "bottleneck": Defaults("warning", {"warning": 0.85, "error": 1.0}),
    "backlog-age": Defaults("error", {}),
    "impossible-wait": Defaults("error", {"share": 1.0, "utilization": 1.0}),
    "refusal-loop": Defaults("warning", {}),
    "menu-loop": Defaults("warning", {"min": 0.05}),
    "repeated-refusal": Defaults("warning", {"min_p": 0.02}),
    "rubber-stamp": Defaults("warning", {"min_pass": 0.95}),
    "approval-stack": Defaults("warning", {"max": 1.0}),
    "handoff-chain": Defaults("warning", {"max": 3.0}),
    "ping-pong": Defaults("warning", {"max": 0.0}),
    "frontline-powerless": Defaults("warning", {}),
    "repeat-contact": Defaults("warning", {"min": 0.2}),
    "long-wait": Defaults("warning", {"share": 0.5, "times_work": 100.0}),
    "system-sprawl": Defaults("info", {"step_max": 3.0, "case_max": 5.0}),
    "policy-without-why": Defaults("warning", {}),
    "policy-stale": Defaults("warning", {}),
    "unused-policy": Defaults("info", {}),
}
