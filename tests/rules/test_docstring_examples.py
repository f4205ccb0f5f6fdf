"""Every rule's docstring examples, run: the Failing block fires the rule, the Passing block does not.

The convention (also in :mod:`processwalk.rules`): an example is a literal block after a line
``Failing...::`` or ``Passing...::``.  It is a YAML mapping; its process keys (``demand``,
``sla``, ``teams``, ``policies``, ...) are set over the template process below and every other
key is a step, placed between the template's ``call-in`` contact and its ``done`` end.  The
``call-in`` goes on to the block's first step.  The teams and systems are those of ``CATALOG``.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from processwalk.rules import RULES
from tests.rules.conftest import run

CATALOG = """\
teams:
  front: {name: Frontline, staff: 20}
  back: {name: Back office, staff: 10}
  leads: {name: Team leaders, staff: 2}
  complaints: {name: Complaints, staff: 5}
  ivr: {name: IVR}
systems:
  crm: {name: CRM}
  billing: {name: Billing}
  usage: {name: Usage portal}
  provisioning: {name: Provisioning}
  network-status: {name: Network status}
"""
PROCESS_KEYS = frozenset({"title", "owner", "description", "demand", "sla", "arrivals_cv", "frontline",
                          "teams", "systems", "policies", "answers", "budgets"})
EXAMPLE = re.compile(r"^(Failing|Passing)(?:[^\n]|\n(?!\n))*?::\n\n((?:(?:    [^\n]*)?\n)+)", re.MULTILINE)


def examples(rule: ModuleType) -> list[tuple[str, str]]:
    """``[(kind, block)]`` of the rule's docstring, in its order."""
    return [(kind, block) for kind, block in EXAMPLE.findall(rule.__doc__ or "")]


def process_of(block: str) -> str:
    """The whole process an example block stands for (see the module's docstring)."""
    given: dict[str, Any] = yaml.safe_load(block)
    steps = {key: value for key, value in given.items() if key not in PROCESS_KEYS}
    first = next(iter(steps), "done")
    process: dict[str, Any] = {"process": "example", "title": "Docstring example", "demand": "100/day",
                               "start": "call-in"}
    process.update({key: value for key, value in given.items() if key in PROCESS_KEYS})
    process["steps"] = {"call-in": {"kind": "contact", "team": "front", "work": "5m", "next": first},
                        **steps}
    process["steps"].setdefault("done", {"kind": "end"})
    return yaml.safe_dump(process, sort_keys=False)


CASES = [pytest.param(rule, kind, block, id=f"{rule.ID}-{kind.lower()}-{n}")
         for rule in RULES for n, (kind, block) in enumerate(examples(rule))]


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    assert [rule.ID for rule in RULES if {kind for kind, _ in examples(rule)} != {"Failing", "Passing"}] == []
    assert len(CASES) == 38  # 19 rules, one Failing and one Passing block each


@pytest.mark.parametrize(("rule", "kind", "block"), CASES)
def test_docstring_example(tmp_path: Path, rule: ModuleType, kind: str, block: str) -> None:
    result = run(tmp_path, process_of(block), catalog=CATALOG, problems=rule.ID == "invalid" and kind == "Failing")
    fired = [f.message for f in result.findings if f.rule == rule.ID]
    if kind == "Failing":
        assert fired, f"{rule.ID}: the Failing example yields no finding"
    else:
        assert fired == [], f"{rule.ID}: the Passing example yields {fired}"
