"""The rules' defaults table names the registered rules, in the order they run."""
from __future__ import annotations

from processwalk.config import defaults
from processwalk.rule_defaults import RULES
from processwalk.rules import REGISTRY


def test_the_table_and_the_registry_list_the_same_rules_in_the_same_order() -> None:
    # the configuration's rules come in this order (config.defaults), the rules run in REGISTRY's
    assert tuple(RULES) == tuple(REGISTRY)
    assert tuple(defaults()) == tuple(REGISTRY)


def test_a_rule_takes_its_severity_and_thresholds_from_the_table() -> None:
    handoff = REGISTRY["handoff-chain"]
    assert (handoff.SEVERITY, handoff.DEFAULTS) == ("warning", {"max": 3.0})
    settings = defaults()["system-sprawl"]
    assert (settings.severity, dict(settings.thresholds)) == ("info", {"step_max": 3.0, "case_max": 5.0})
