from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from processwalk.errors import Location
from processwalk.findings import Finding, Impact
from processwalk.model import Answer
from processwalk.render import sarif
from processwalk.render.problems import Report, Subject
from processwalk.rules import RULES
from tests.conftest import Run

SCHEMA = Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"
FILE = "processes/billing-credit.yaml"
RULE_DOCS = [
    sarif.RuleDoc("sla-breach", "error", "Lead time exceeds the ``sla``.\n\nWhy it matters: a promise.\n\n"
                                          "Thresholds: none.\n\nFailing::\n\n    sla: 1d"),
    sarif.RuleDoc("approval-stack", "warning", "More than one approval per case."),
    sarif.RuleDoc("policy-without-why", "info", "A policy has no why."),
]


def findings() -> tuple[Finding, ...]:
    answer = Answer("approval-stack", "billing-credit", "Required by SOX control 4.2", Location(FILE, 40, 5),
                    "Controller", dt.date(2027, 6, 30))
    return (
        Finding("sla-breach", "error", "billing-credit", "process", "billing-credit", Location(FILE, 8, 1),
                "lead time 44.1d against a promise of 10.0d", "Why do we promise 10.0d?", ask="Head of Billing",
                evidence={"lead_time_h": 1058.4, "sla_h": 240.0, "p85_h": float("inf")},
                impact=Impact(customer_days_per_year=1495.5)),
        Finding("policy-without-why", "info", "billing-credit", "policy", "four-eyes", Location(FILE, 0, 0),
                "policy 'Four eyes' has no why", ""),
        Finding("approval-stack", "warning", "billing-credit", "process", "billing-credit", Location(FILE, 8, 1),
                "1.35 approvals per case", "Why two approvals?", answer=answer),
        Finding("invalid", "error", "processes/bad.yaml", "process", "processes/bad.yaml",
                Location("processes/bad.yaml", 3, 7), "unknown key 'stpes'; did you mean 'steps'?", ""),
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "processes").mkdir()
    (tmp_path / FILE).write_text("process: billing-credit\n")
    return tmp_path


def test_whole_log_exactly(project: Path) -> None:
    log = sarif.log(Report(findings()), RULE_DOCS, root=str(project), version="0.1.0")
    bag = {"process": "billing-credit", "place": "process", "at": "billing-credit"}
    logical = [{"name": "billing-credit", "fullyQualifiedName": "billing-credit/billing-credit"}]
    assert log == {
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "processwalk",
                                "fullName": "processwalk: process walks and policy-friction findings",
                                "version": "0.1.0", "semanticVersion": "0.1.0", "rules": [
                {"id": "sla-breach", "name": "SlaBreach",
                 "shortDescription": {"text": "Lead time exceeds the ``sla``."},
                 "fullDescription": {"text": "Lead time exceeds the ``sla``.\n\nWhy it matters: a promise."},
                 "help": {"text": RULE_DOCS[0].doc,
                          "markdown": "Lead time exceeds the `sla`.\n\nWhy it matters: a promise.\n\n"
                                      "Thresholds: none.\n\nFailing:\n\n    sla: 1d"},
                 "defaultConfiguration": {"level": "error"}},
                {"id": "approval-stack", "name": "ApprovalStack",
                 "shortDescription": {"text": "More than one approval per case."},
                 "fullDescription": {"text": "More than one approval per case."},
                 "help": {"text": "More than one approval per case.", "markdown": "More than one approval per case."},
                 "defaultConfiguration": {"level": "warning"}},
                {"id": "policy-without-why", "name": "PolicyWithoutWhy",
                 "shortDescription": {"text": "A policy has no why."},
                 "fullDescription": {"text": "A policy has no why."},
                 "help": {"text": "A policy has no why.", "markdown": "A policy has no why."},
                 "defaultConfiguration": {"level": "note"}},
            ]}},
            "automationDetails": {"id": "processwalk/"},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": project.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [
                {"ruleId": "sla-breach", "ruleIndex": 0, "level": "error",
                 "message": {"text": "lead time 44.1d against a promise of 10.0d\nWhy do we promise 10.0d?"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": "processes/billing-credit.yaml", "uriBaseId": "%SRCROOT%"},
                     "region": {"startLine": 8, "startColumn": 1}}, "logicalLocations": logical}],
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[0]),
                                         "primaryLocationLineHash": sarif.fingerprint(findings()[0])[:16] + ":1"},
                 "properties": {**bag, "why": "Why do we promise 10.0d?", "ask": "Head of Billing",
                                "evidence": {"lead_time_h": 1058.4, "sla_h": 240.0, "p85_h": None},
                                "impact": {"customer_days_per_year": 1495.5, "staff_hours_per_year": None,
                                           "cost_per_year": None}},
                 "suppressions": []},
                {"ruleId": "policy-without-why", "ruleIndex": 2, "level": "note",
                 "message": {"text": "policy 'Four eyes' has no why"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": "processes/billing-credit.yaml", "uriBaseId": "%SRCROOT%"}},
                     "logicalLocations": [{"name": "four-eyes", "fullyQualifiedName": "billing-credit/four-eyes"}]}],
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[1]),
                                         "primaryLocationLineHash": sarif.fingerprint(findings()[1])[:16] + ":1"},
                 "properties": {"process": "billing-credit", "place": "policy", "at": "four-eyes", "why": "",
                                "ask": None, "evidence": {},
                                "impact": {"customer_days_per_year": None, "staff_hours_per_year": None,
                                           "cost_per_year": None}},
                 "suppressions": []},
                {"ruleId": "approval-stack", "ruleIndex": 1, "level": "warning",
                 "message": {"text": "1.35 approvals per case\nWhy two approvals?\n"
                                     "answered: Required by SOX control 4.2 (Controller, until 2027-06-30)"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": "processes/billing-credit.yaml", "uriBaseId": "%SRCROOT%"},
                     "region": {"startLine": 8, "startColumn": 1}}, "logicalLocations": logical}],
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[2]),
                                         "primaryLocationLineHash": sarif.fingerprint(findings()[2])[:16] + ":1"},
                 "properties": {**bag, "why": "Why two approvals?", "ask": None, "evidence": {},
                                "impact": {"customer_days_per_year": None, "staff_hours_per_year": None,
                                           "cost_per_year": None}},
                 "suppressions": [{"kind": "inSource", "status": "accepted",
                                   "justification": "Required by SOX control 4.2 (Controller, until 2027-06-30)",
                                   "location": {"physicalLocation": {
                                       "artifactLocation": {"uri": "processes/billing-credit.yaml",
                                                            "uriBaseId": "%SRCROOT%"},
                                       "region": {"startLine": 40, "startColumn": 5}}}}]},
                {"ruleId": "invalid", "level": "error",
                 "message": {"text": "unknown key 'stpes'; did you mean 'steps'?"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": "processes/bad.yaml", "uriBaseId": "%SRCROOT%"},
                     "region": {"startLine": 3, "startColumn": 7}},
                     "logicalLocations": [{"name": "processes/bad.yaml",
                                           "fullyQualifiedName": "processes/bad.yaml/processes/bad.yaml"}]}],
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[3]),
                                         "primaryLocationLineHash": sarif.fingerprint(findings()[3])[:16] + ":1"},
                 "properties": {"process": "processes/bad.yaml", "place": "process", "at": "processes/bad.yaml",
                                "why": "", "ask": None, "evidence": {},
                                "impact": {"customer_days_per_year": None, "staff_hours_per_year": None,
                                           "cost_per_year": None}},
                 "suppressions": []},
            ],
        }],
    }


def validate(document: Any) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(document)


def test_validates_against_the_official_schema(project: Path) -> None:
    text = sarif.render(Report(findings()), sarif.registry_docs(), root=str(project), version="0.1.0")
    validate(json.loads(text))


def test_the_schema_is_the_official_one() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                            "sarif-schema-2.1.0.json")
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_every_rule_is_described_from_its_docstring(project: Path) -> None:
    log = sarif.log(Report(()), sarif.registry_docs(), root=str(project), version="0.1.0")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.ID for rule in RULES]
    for rule, described in zip(RULES, rules):
        doc = rule.__doc__ or ""
        first = " ".join(doc.split("\n\n")[0].split())
        assert described["shortDescription"]["text"] == first
        assert described["fullDescription"]["text"].startswith(first)
        assert "Thresholds" not in described["fullDescription"]["text"]
        assert described["help"]["text"].startswith(doc.strip()[:40])


def test_a_file_outside_the_root_gets_an_absolute_uri(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "x y.yaml"
    assert sarif.artifact(str(elsewhere), str(project)) == {"uri": elsewhere.resolve().as_uri()}
    assert sarif.artifact("processes/a b#1.yaml", str(project)) == {"uri": "processes/a%20b%231.yaml",
                                                                    "uriBaseId": "%SRCROOT%"}


def test_a_place_that_is_no_file_has_only_a_logical_location(project: Path) -> None:
    finding = Finding("bottleneck", "warning", "(portfolio)", "team", "back-office", Location("processwalk"),
                      "Back office is loaded to 120%", "Why?")
    assert sarif.location(finding, str(project)) == {
        "logicalLocations": [{"name": "back-office", "fullyQualifiedName": "(portfolio)/back-office"}]}
    validate(sarif.log(Report((finding,), (Subject("(portfolio)", "", ("bottleneck",)),)), sarif.registry_docs(),
                       root=str(project), version="0.1.0"))


def test_fingerprints_do_not_move_with_lines() -> None:
    first = findings()[0]
    moved = Finding(**{**first.__dict__, "location": Location(FILE, 99, 1)})
    assert sarif.fingerprint(first) == sarif.fingerprint(moved)
    assert sarif.fingerprint(first) != sarif.fingerprint(findings()[2])


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_the_pieces_of_a_log_join_to_the_log(project: Path, count: int) -> None:
    # findings() has 4 findings: 5 pieces are cut down to 4, one finding each
    for report in (Report(findings()), Report(())):
        whole = sarif.render(report, sarif.registry_docs(), root=str(project), version="0.1.0")
        made = sarif.pieces(report, sarif.registry_docs(), root=str(project), version="0.1.0", count=count)
        assert len(made) == max(1, min(count, len(report.findings)))
        assert "".join(piece() for piece in made) == whole


def test_a_fingerprint_for_github_is_the_key_numbered_among_its_equals(project: Path) -> None:
    # two problems of one invalid file share the key (file, "invalid", file): numbered 1 and 2
    first = findings()[3]
    second = replace(first, location=Location("processes/bad.yaml", 5, 3), message="unknown key 'titel'")
    log = sarif.log(Report((first, findings()[0], second)), RULE_DOCS, root=str(project), version="0.1.0")
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in log["runs"][0]["results"]]
    assert hashes == [sarif.fingerprint(first)[:16] + ":1", sarif.fingerprint(findings()[0])[:16] + ":1",
                      sarif.fingerprint(first)[:16] + ":2"]
    moved = replace(findings()[0], location=Location(FILE, 99, 1))
    assert sarif.line_hash(moved, 1) == hashes[1]


def test_the_pieces_of_a_log_number_equal_keys_across_pieces(project: Path) -> None:
    same = [replace(findings()[3], message=f"problem {n}") for n in range(5)]
    whole = sarif.render(Report(tuple(same)), RULE_DOCS, root=str(project), version="0.1.0")
    made = sarif.pieces(Report(tuple(same)), RULE_DOCS, root=str(project), version="0.1.0", count=3)
    assert "".join(piece() for piece in made) == whole
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in json.loads(whole)["runs"][0]["results"]]
    assert [h.split(":")[1] for h in hashes] == ["1", "2", "3", "4", "5"]


def line_hashes(run: Run, path: str, expect: int = 0) -> list[tuple[str, str]]:
    code, out, err = run("check", path, "--format", "sarif", "--today", "2026-01-15", "--fail-on", "never")
    assert code == expect, err
    log = json.loads(out)
    validate(log)
    return [(r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in log["runs"][0]["results"]]


def test_no_two_results_of_the_examples_share_a_fingerprint(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).parents[2])
    hashes = line_hashes(run, "processes/")
    # ping-pong and team findings of several processes at one catalog line: distinct all the same
    assert len(hashes) > 80
    assert len(set(hashes)) == len(hashes)
    assert len({h for _, h in hashes}) == len(hashes)


def test_no_two_results_of_a_generated_portfolio_share_a_fingerprint(run: Run, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    bench = str(Path(__file__).parents[2] / "bench")
    sys.path.insert(0, bench)
    try:
        from bench_validate import write_project
    finally:
        sys.path.remove(bench)
    project = write_project(str(tmp_path), 40)
    (Path(project) / "broken.yaml").write_text("process: broken\nstpes: 1\ntitel: 2\n", encoding="utf-8")
    monkeypatch.chdir(project)
    hashes = line_hashes(run, ".", expect=1)  # invalid input fails even with --fail-on never
    # 40 processes whose findings point at the shared catalog's lines, and an invalid file with 4 problems
    assert len(hashes) > 40 * 10
    assert len({h for _, h in hashes}) == len(hashes)
    assert sum(rule == "invalid" for rule, _ in hashes) == 4
