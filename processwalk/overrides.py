"""A rule's settings as ``rules:`` (the configuration) and ``budgets:`` (a process) write them.

Both have one shape: each rule's id, then ``true``/``false`` or a mapping of ``enabled``,
``severity`` and the rule's thresholds.  They are read once, here, against the table of rules
(:mod:`processwalk.rule_defaults`), into :class:`~processwalk.model.RuleOverride` records that
hold only what is written; :mod:`processwalk.config` lays them over the defaults, the
configuration's over the defaults and a process's budgets over the configuration's.
"""
from __future__ import annotations

from processwalk.findings import SEVERITIES
from processwalk.load import Map, Node, Scalar
from processwalk.model import RuleOverride
from processwalk.read import Reader, suggest
from processwalk.rule_defaults import RULES


def read(reader: Reader, node: Node | None, what: str = "the rule settings") -> dict[str, RuleOverride]:
    """The overrides of a ``rules:`` or ``budgets:`` mapping, by rule id; problems go to ``reader``."""
    body = reader.mapping(node, what) if node is not None else None
    found: dict[str, RuleOverride] = {}
    for rule, value in body.entries.items() if body else ():
        if rule not in RULES:
            reader.problem(reader.key_at(body, rule), f"unknown rule '{rule}'{suggest(rule, RULES, 'rule')}")  # type: ignore[arg-type]
            continue
        override = _rule(reader, rule, value)
        if override is not None:
            found[rule] = override
    return found


def _rule(reader: Reader, rule: str, node: Node) -> RuleOverride | None:
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return RuleOverride(enabled=node.value)
    body: Map | None = reader.mapping(node, f"the settings of '{rule}'")
    if body is None:
        return None
    names = tuple(RULES[rule].thresholds)
    reader.keys(body, ("enabled", "severity", *names), f"the settings of '{rule}'")
    get = body.entries.get
    severity = reader.string(get("severity"), "severity")
    if severity and severity not in SEVERITIES:
        reader.problem(get("severity"), f"unknown severity '{severity}'{suggest(severity, SEVERITIES, 'severity')}")  # type: ignore[arg-type]
        severity = None
    thresholds = {name: value for name in names
                  if (value := reader.number(get(name), f"'{name}' of '{rule}'")) is not None}
    return RuleOverride(reader.boolean(get("enabled"), "enabled"), severity or None, thresholds)
