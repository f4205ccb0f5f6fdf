"""What the remedies share: the record, what they are made with, and the YAML they write (its
values through :mod:`processwalk.yamltext`).

A remedy is written as the YAML of a scenario (``spec/scenarios.md``), ready to paste into the
process file under ``scenarios:`` (for a finding about a team shared by several processes, into a
scenario file beside them), and its :class:`~processwalk.model.Scenario` is that YAML read back by
:mod:`processwalk.scenarios`: what the owner pastes is exactly what was priced.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from processwalk.findings import Finding
from processwalk.load import Map, load
from processwalk.model import Process, Scenario, Step
from processwalk.portfolio import Portfolio
from processwalk.read import Reader
from processwalk.scenarios import read_scenarios
from processwalk.yamltext import number, token

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import Config
    from processwalk.whatif import Side

#: a value of a change as written: a scalar, or a flow mapping of scalars
Value: TypeAlias = "str | float | Mapping[str, str | float]"
#: one change: its kind (``remove``) and its value (``check-credit``)
Edit = tuple[str, Value]


@dataclass(frozen=True)
class Remedy:
    """The natural remedy of a finding, as a scenario."""

    finding: Finding
    scenario: Scenario
    #: the scenario as YAML, from ``scenarios:`` on
    yaml: str
    #: what it does, for a card: "remove this approval"
    action: str
    #: what its figures assume ("upper bound: ...", "assumption: ..."); None when nothing is assumed
    note: str | None = None


class Context(NamedTuple):
    """What a remedy is made from: every process's walk, the baseline of the what-if engine (its
    queues, waits and backlogs) and the configuration (thresholds and ``remedies:``)."""

    walks: Mapping[str, Walk]
    baseline: Side
    config: Config

    def walk(self, finding: Finding) -> Walk:
        return self.walks[finding.process]

    def process(self, finding: Finding) -> Process:
        return self.walks[finding.process].process

    def step(self, finding: Finding) -> Step:
        return self.process(finding).steps[finding.at]


def remedy(finding: Finding, ident: str, title: str, action: str, changes: Sequence[Edit],
           note: str | None = None) -> Remedy:
    """The remedy with these changes, its YAML written and read back into its scenario."""
    process = None if finding.process == Portfolio.ID else finding.process
    answers = f"answers {finding.rule} at {finding.at}" + (f"; {note}" if note else "")
    text = scenario_yaml(ident, title, answers, changes)
    return Remedy(finding, read_back(text, f"<remedy {finding.rule} at {finding.at}>", process), text, action, note)


def scenario_yaml(ident: str, title: str, description: str, changes: Sequence[Edit]) -> str:
    lines = ["scenarios:", f"  {ident}:", f"    title: {_scalar(title)}", f"    description: {_scalar(description)}",
             "    changes:"]
    lines += [f"      - {kind}: {_value(value)}" for kind, value in changes]
    return "\n".join(lines) + "\n"


def read_back(text: str, name: str, process: str | None) -> Scenario:
    """The one scenario of ``text`` (``scenarios:`` and one entry), as :mod:`processwalk.scenarios` reads it."""
    root = load(name, text.encode("utf-8")).root
    reader = Reader(name)
    assert isinstance(root, Map)
    [scenario] = read_scenarios(reader, root.entries["scenarios"], process=process)
    assert not reader.problems, reader.problems
    return scenario


def _value(value: Value) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def _scalar(value: str | float) -> str:
    return number(value) if isinstance(value, (int, float)) else token(value)


def slug(at: str) -> str:
    """A place as part of a scenario id: ``check->fix`` becomes ``check-to-fix``."""
    return at.replace("->", "-to-")
