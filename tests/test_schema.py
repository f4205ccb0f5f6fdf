"""The JSON Schema (for editors) and the tool agree: on every fixture, and on the rules they name."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from processwalk.config import defaults
from processwalk.findings import SEVERITIES
from processwalk.project import find_files, load_paths
from processwalk.rules import RULES
from processwalk.schema import text

SCHEMA = json.loads(text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
EXAMPLES = sorted(p for p in Path("processes").glob("*.yaml") if not p.name.startswith("."))
FIXTURES = find_files(["tests/data/valid", "tests/data/invalid", "processes"])

#: Where the tool refuses a file that the schema takes, because no schema can say it: what a file means
#: beside the others (cross-references: ids of steps, teams, systems, policies, catalogs that agree), what
#: the walk does as a whole (sums, loops, paths), and what the YAML was before it became data. The other
#: way round (the schema refusing what the tool takes) is never allowed.
BEYOND_A_SCHEMA = {
    # the YAML: an editor's parser keeps one of the two keys before a schema sees the mapping
    "tests/data/invalid/duplicate-key.yaml": "a duplicate key",
    # cross-references: a name used must be defined, in this file or in a catalog of its folder or above
    "tests/data/invalid/frontline-unknown.yaml": "the frontline is a team defined elsewhere",
    "tests/data/invalid/no-references-defined.yaml": "teams, systems and policies defined elsewhere",
    "tests/data/invalid/start-unknown.yaml": "start names one of the steps",
    "tests/data/invalid/unknown-references.yaml": "teams, systems, policies and steps named",
    "tests/data/invalid/unknown-references-no-match.yaml": "teams, systems, policies and steps named",
    "tests/data/invalid/catalog-conflict/catalog-b.yaml": "two catalogs define one team differently",
    "tests/data/invalid/catalog-scope/delivery/redelivery.yaml": "a catalog applies to its folder only",
    # the walk as a whole: sums over branches, and the graph they make
    "tests/data/invalid/probabilities-sum.yaml": "the branches' p sum to 1",
    "tests/data/invalid/empty-remainder.yaml": "the branch without p gets what the others leave",
    "tests/data/invalid/two-remainders.yaml": "one branch at most without p",
    "tests/data/invalid/no-end-step.yaml": "an end step somewhere",
    "tests/data/invalid/no-path-to-end.yaml": "a path from every step to an end",
    "tests/data/invalid/loop-without-way-out.yaml": "every loop has a way out",
    "tests/data/invalid/unreachable.yaml": "every step is reached from start",
}


class _Core(yaml.SafeLoader):
    """YAML 1.2's core schema, as an editor's language server reads a file: only true/false are
    booleans, only null and ~ are null, and dates stay text (YAML 1.2 has no timestamps)."""


_Core.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+.0123456789"),
]:
    _Core.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), [*_first, ""] if _tag == "null"
                                else list(_first))


def _int(loader: _Core, node: yaml.Node) -> int:
    assert isinstance(node, yaml.ScalarNode)  # the int and float tags resolve scalars only
    return int(loader.construct_scalar(node))


def _float(loader: _Core, node: yaml.Node) -> float:
    assert isinstance(node, yaml.ScalarNode)
    return float(loader.construct_scalar(node))


_Core.add_constructor("tag:yaml.org,2002:int", _int)
_Core.add_constructor("tag:yaml.org,2002:float", _float)


def as_an_editor_reads(source: str) -> Any:
    return yaml.load(source, Loader=_Core)  # noqa: S506 - a safe loader with YAML 1.2's resolvers


def schema_refuses(path: str) -> bool:
    try:
        documents = list(yaml.load_all(Path(path).read_bytes(), Loader=_Core))  # noqa: S506 - as above
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return True  # the editor says the YAML is broken (or too deep) before a schema is asked
    return len(documents) != 1 or any(True for _ in VALIDATOR.iter_errors(documents[0]))


def tool_refuses(path: str) -> bool:
    """The tool refuses the file itself (a process beside a broken catalog is not refused here)."""
    here = os.path.realpath(path)
    return any(os.path.realpath(p.location.file) == here for p in load_paths([path], records=False).problems)


def tool_problems(source: str, folder: Path) -> list[str]:
    (folder / "p.yaml").write_text(source, encoding="utf-8")
    return [p.message for p in load_paths([str(folder / "p.yaml")], records=False).problems]


def test_the_schema_and_the_tool_agree_on_every_fixture() -> None:
    differ = {}
    for path in FIXTURES:
        tool, schema = tool_refuses(path), schema_refuses(path)
        if tool != schema:
            differ[path] = "only the tool refuses it" if tool else "only the schema refuses it"
    assert differ == {path: "only the tool refuses it" for path in BEYOND_A_SCHEMA}


def test_the_fixtures_cover_both_sides() -> None:
    # every valid fixture and example is taken by both; what the tool alone refuses is listed above
    assert "tests/data/valid/schema-agrees.yaml" in FIXTURES
    assert not tool_refuses("tests/data/valid/schema-agrees.yaml")
    assert schema_refuses("tests/data/invalid/zero-percent.yaml")
    assert schema_refuses("tests/data/invalid/budgets-unknown.yaml")


@pytest.mark.parametrize(("source", "refused"), [
    ("yes", False), ("on", False), ("true", False), ("maybe", True), ("1", True),
])
def test_a_refusal_flag_is_a_boolean_of_yaml_1_1_or_1_2(source: str, refused: bool) -> None:
    document = as_an_editor_reads(f"process: p\nstart: a\nsteps:\n  a: {{team: t, next: [{{to: a, p: 1, refusal: "
                                  f"{source}}}]}}\n")
    assert any(True for _ in VALIDATOR.iter_errors(document)) is refused


@pytest.mark.parametrize(("p", "refused"), [
    ("35%", False), ("100%", False), ("0.5%", False), (".5%", False), ("+35%", False), ("35 %", False),
    ("0%", True), ("0.0%", True), ("100.5%", True), ("-5%", True), ("'  35%'", True), ("1e1%", True),
])
def test_a_percentage_is_more_than_0_and_at_most_100(p: str, refused: bool, tmp_path: Path) -> None:
    source = f"process: p\nstart: a\nsteps:\n  a: {{team: t, next: [{{to: a, p: {p}}}]}}\n"
    assert any(True for _ in VALIDATOR.iter_errors(as_an_editor_reads(source))) is refused
    assert any(m.startswith("p ") for m in tool_problems(source, tmp_path)) is refused



def test_budgets_have_the_shape_of_every_rule_and_its_thresholds() -> None:
    budgets = SCHEMA["properties"]["budgets"]
    shapes = {rule: schema["anyOf"][1]["properties"] for rule, schema in budgets["properties"].items()}
    assert {rule: sorted(keys) for rule, keys in shapes.items()} == {
        rule: sorted(["enabled", "severity", *settings.thresholds]) for rule, settings in defaults().items()}
    assert all(keys["severity"]["enum"] == list(SEVERITIES) for keys in shapes.values())
    assert budgets["additionalProperties"] is False


def test_an_answer_offers_every_rule_an_answer_can_name() -> None:
    offered = SCHEMA["$defs"]["answer"]["properties"]["rule"]["anyOf"][0]["enum"]
    assert offered == [rule.ID for rule in RULES if rule.ID != "invalid"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_validate_against_the_schema(path: Path) -> None:
    VALIDATOR.validate(as_an_editor_reads(path.read_text()))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_carry_the_modeline(path: Path) -> None:
    assert path.read_text().startswith("# yaml-language-server: $schema=../processwalk/process.schema.json\n")


@pytest.mark.parametrize("document", [
    {"process": "p", "start": "a", "steps": {"a": {"team": "t", "wait": "5", "next": "b"}, "b": {"kind": "end"}}},
    {"process": "p", "start": "a", "steps": {"a": {"team": "t", "wiat": "5m", "next": "b"}, "b": {"kind": "end"}}},
    {"process": "P Q", "start": "a", "steps": {"a": {"kind": "end"}}},
])
def test_schema_rejects_what_the_validator_rejects(document: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(document)


@pytest.mark.parametrize(("team", "cv", "refused"), [
    ("{staff: 0.01, hourly_cost: 1000000}", "100", False),
    ("{staff: 0.005}", "1", True),            # the tool takes at least 0.01 people
    ("{staff: 2, hourly_cost: 2000000}", "1", True),
    ("{staff: 2}", "101", True),
])
def test_the_schema_keeps_the_tools_ranges(team: str, cv: str, refused: bool, tmp_path: Path) -> None:
    source = f"process: p\nstart: a\nteams:\n  t: {team}\nsteps:\n  a: {{team: t, wait: {{mean: 1h, cv: {cv}}}, " \
             "next: b}\n  b: {kind: end}\n"
    assert any(True for _ in VALIDATOR.iter_errors(as_an_editor_reads(source))) is refused
    assert bool(tool_problems(source, tmp_path)) is refused


@pytest.mark.parametrize(("change", "refused"), [
    ("branch: {at: a->b, p: 0%}", False), ("branch: {at: a->b, p: 100%}", False), ("branch: {at: a->b, p: 0}", False),
    ("branch: {at: a->b, p: 150%}", True), ("branch: {at: a->b, p: .5%}", True),
    ("resolve: {at: a, share: 60%}", False), ("resolve: {at: a, share: 0.5%}", False),
    ("resolve: {at: a, share: 0%}", True), ("resolve: {at: a, share: 0}", True),
    ("automate: {at: a, share: 1}", False), ("automate: {at: a, share: 100.5%}", True),
])
def test_a_scenarios_shares_are_the_tools(change: str, refused: bool, tmp_path: Path) -> None:
    source = ("process: p\nstart: a\nteams:\n  t: {}\nsteps:\n  a: {team: t, next: [{to: b, p: 0.5}, {to: c}]}\n"
              f"  b: {{kind: end}}\n  c: {{kind: end}}\nscenarios:\n  s:\n    title: 2027\n    changes:\n"
              f"      - {change}\n")
    assert any(True for _ in VALIDATOR.iter_errors(as_an_editor_reads(source))) is refused
    assert bool(tool_problems(source, tmp_path)) is refused
