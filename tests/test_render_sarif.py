from __future__ import annotations

import datetime as dt
import json
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

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
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
            "tool": {"driver": {"name": "processwalk", "version": "0.1.0", "semanticVersion": "0.1.0", "rules": [
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
            "originalUriBaseIds": {"%SRCROOT%": {"uri": project.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [
                {"ruleId": "sla-breach", "ruleIndex": 0, "level": "error",
                 "message": {"text": "lead time 44.1d against a promise of 10.0d\nWhy do we promise 10.0d?"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": "processes/billing-credit.yaml", "uriBaseId": "%SRCROOT%"},
                     "region": {"startLine": 8, "startColumn": 1}}, "logicalLocations": logical}],
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[0])},
                 "properties": {**bag, "why": "Why do we promise 10.0d?", "ask": "Head of Billing",
                                "evidence": {"lead_time_h": 1058.4, "sla_h": 240.0, "p85_h": None},
                                "impact": {"customer_days_per_year": 1495.5, "staff_hours_per_year": None,
                                           "cost_per_year": None}}},
                {"ruleId": "policy-without-why", "ruleIndex": 2, "level": "note",
                 "message": {"text": "policy 'Four eyes' has no why"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": "processes/billing-credit.yaml", "uriBaseId": "%SRCROOT%"}},
                     "logicalLocations": [{"name": "four-eyes", "fullyQualifiedName": "billing-credit/four-eyes"}]}],
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[1])},
                 "properties": {"process": "billing-credit", "place": "policy", "at": "four-eyes", "why": "",
                                "ask": None, "evidence": {},
                                "impact": {"customer_days_per_year": None, "staff_hours_per_year": None,
                                           "cost_per_year": None}}},
                {"ruleId": "approval-stack", "ruleIndex": 1, "level": "warning",
                 "message": {"text": "1.35 approvals per case\nWhy two approvals?"},
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": "processes/billing-credit.yaml", "uriBaseId": "%SRCROOT%"},
                     "region": {"startLine": 8, "startColumn": 1}}, "logicalLocations": logical}],
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[2])},
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
                 "partialFingerprints": {"processwalk/v1": sarif.fingerprint(findings()[3])},
                 "properties": {"process": "processes/bad.yaml", "place": "process", "at": "processes/bad.yaml",
                                "why": "", "ask": None, "evidence": {},
                                "impact": {"customer_days_per_year": None, "staff_hours_per_year": None,
                                           "cost_per_year": None}}},
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
