from __future__ import annotations

import datetime as dt
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from processwalk.errors import Location
from processwalk.findings import Finding
from processwalk.model import Answer
from processwalk.render import junit
from processwalk.render.problems import Report, Subject
from tests.conftest import Run

ROOT = Path(__file__).parents[2]

FILE = "processes/billing-credit.yaml"
BAD = "processes/bad.yaml"
CATALOG = "processes/catalog.yaml"


def report(fail_on: str = "error") -> Report:
    answer = Answer("approval-stack", "billing-credit", "Required by SOX", Location(FILE, 40, 5), "Controller",
                    dt.date(2027, 6, 30))
    found = (
        Finding("sla-breach", "error", "billing-credit", "process", "billing-credit", Location(FILE, 8, 1),
                "lead time 44.1d against a promise of 10.0d", "Why do we promise 10.0d?"),
        Finding("handoff-chain", "warning", "billing-credit", "process", "billing-credit", Location(FILE, 8, 1),
                "4.20 handoffs per case", "Why is a case passed on 4.2 times?"),
        Finding("approval-stack", "warning", "billing-credit", "process", "billing-credit", Location(FILE, 8, 1),
                "1.35 approvals per case", "Why two approvals?", answer=answer),
        Finding("ping-pong", "warning", "billing-credit", "team", "back-office", Location(CATALOG, 18, 3),
                "cases come back to Back office 1.4 times", "Why do cases come back?"),
        Finding("invalid", "error", BAD, "process", BAD, Location(BAD, 3, 7), "unknown key 'stpes'", ""),
        Finding("bottleneck", "warning", "(portfolio)", "team", "back-office", Location(CATALOG, 18, 3),
                "Back office is loaded to 92% by 2 processes together", "Why?"),
    )
    subjects = (
        Subject("billing-credit", FILE, ("invalid", "sla-breach", "approval-stack", "handoff-chain", "ping-pong"),
                findings=found[:4]),
        Subject(BAD, BAD, ("invalid",), "file", found[4:5]),
        # no configuration file: the suite names the file of its first finding
        Subject("(portfolio)", "", ("bottleneck",), "portfolio", found[5:]),
    )
    return Report(found, subjects, fail_on)


EXPECTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="processwalk" tests="7" failures="2" errors="0" skipped="1" time="0">
  <testsuite name="billing-credit" file="processes/billing-credit.yaml" tests="5" failures="1" errors="0" skipped="1" time="0">
    <testcase classname="billing-credit" name="invalid" file="processes/billing-credit.yaml" time="0" />
    <testcase classname="billing-credit" name="sla-breach" file="processes/billing-credit.yaml" line="8" time="0">
      <failure message="lead time 44.1d against a promise of 10.0d" type="error">\
processes/billing-credit.yaml:8:1: [error] lead time 44.1d against a promise of 10.0d (sla-breach)
Why do we promise 10.0d?</failure>
    </testcase>
    <testcase classname="billing-credit" name="approval-stack" file="processes/billing-credit.yaml" line="8" time="0">
      <skipped message="answered: Required by SOX" />
    </testcase>
    <testcase classname="billing-credit" name="handoff-chain" file="processes/billing-credit.yaml" line="8" time="0">
      <system-out>processes/billing-credit.yaml:8:1: [warning] 4.20 handoffs per case (handoff-chain)
Why is a case passed on 4.2 times?</system-out>
    </testcase>
    <testcase classname="billing-credit" name="ping-pong" file="processes/catalog.yaml" line="18" time="0">
      <system-out>processes/catalog.yaml:18:3: [warning] cases come back to Back office 1.4 times (ping-pong)
Why do cases come back?</system-out>
    </testcase>
  </testsuite>
  <testsuite name="processes/bad.yaml" file="processes/bad.yaml" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase classname="processes/bad.yaml" name="invalid" file="processes/bad.yaml" line="3" time="0">
      <failure message="unknown key 'stpes'" type="error">\
processes/bad.yaml:3:7: [error] unknown key 'stpes' (invalid)</failure>
    </testcase>
  </testsuite>
  <testsuite name="(portfolio)" file="processes/catalog.yaml" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase classname="(portfolio)" name="bottleneck" file="processes/catalog.yaml" line="18" time="0">
      <system-out>processes/catalog.yaml:18:3: [warning] Back office is loaded to 92% by 2 processes together (bottleneck)
Why?</system-out>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_exact_output() -> None:
    assert junit.render(report()) == EXPECTED


def test_structure_is_junit_xml() -> None:
    root = ET.fromstring(junit.render(report()).encode())
    assert root.tag == "testsuites"
    for name in ("tests", "failures", "errors", "skipped"):
        assert int(root.attrib[name]) == sum(int(s.attrib[name]) for s in root)
    for suite in root:
        assert suite.tag == "testsuite" and {"name", "tests", "failures", "errors", "skipped"} <= set(suite.attrib)
        assert int(suite.attrib["tests"]) == len(suite)
        for case in suite:
            assert case.tag == "testcase" and {"classname", "name"} <= set(case.attrib)
            assert all(child.tag in ("failure", "skipped", "system-out") for child in case)
            for failure in case.findall("failure"):
                assert {"message", "type"} <= set(failure.attrib) and failure.text


def test_warnings_fail_with_fail_on_warning() -> None:
    root = ET.fromstring(junit.render(report("warning")).encode())
    case = root.find("testsuite/testcase[@name='handoff-chain']")
    assert case is not None and case.find("failure") is not None
    assert root.attrib["failures"] == "5"  # sla-breach, handoff-chain, ping-pong, invalid, bottleneck


def test_nothing_but_invalid_input_fails_with_fail_on_never() -> None:
    root = ET.fromstring(junit.render(report("never")).encode())
    failed = [c.attrib["name"] for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == ["invalid"]


def test_answered_findings_are_listed_beside_a_failure() -> None:
    answered = report().findings[2]
    failing = Finding("approval-stack", "error", "billing-credit", "process", "x", Location(FILE, 9, 1), "more", "")
    case = junit.case(Subject("billing-credit", FILE, ()), "approval-stack", [failing, answered], "error")
    assert case.find("failure") is not None
    assert case.findtext("system-out") == (
        "processes/billing-credit.yaml:8:1: [warning] 1.35 approvals per case (approval-stack) "
        "answered: Required by SOX\nWhy two approvals?")


def test_a_case_names_the_place_of_the_finding_its_failure_shows() -> None:
    shown = Finding("ping-pong", "error", "billing-credit", "team", "back-office", Location(CATALOG, 18, 3), "back", "")
    below = Finding("ping-pong", "info", "billing-credit", "team", "leaders", Location(FILE, 8, 1), "also", "")
    case = junit.case(Subject("billing-credit", FILE, ()), "ping-pong", [below, shown], "error")
    assert (case.get("file"), case.get("line")) == (CATALOG, "18")
    assert case.findtext("failure", "").startswith("processes/catalog.yaml:18:3: ")


def test_a_finding_without_a_line_leaves_the_suites_file() -> None:
    defaults = Finding("bottleneck", "warning", "(portfolio)", "team", "x", Location("processwalk"), "loaded", "")
    case = junit.case(Subject("(portfolio)", ".processwalk.yaml", ()), "bottleneck", [defaults], "error")
    assert (case.get("file"), case.get("line")) == (".processwalk.yaml", None)
    assert "file" not in junit.case(Subject("(portfolio)", "", ()), "bottleneck", [defaults], "error").attrib


def places(report: str) -> list[tuple[str, str, str | None, str]]:
    """(suite file, case file, case line, first line of the case's text) of every testcase, read by junitparser."""
    import junitparser

    xml = junitparser.JUnitXml.fromstring(report.encode())
    found = []
    for suite in xml:
        assert suite.time == 0.0
        for case in suite:
            assert case.time == 0.0
            texts = [r.text or "" for r in case.result] + [case.system_out or ""]
            found.append((suite._elem.get("file"), case._elem.get("file"), case._elem.get("line"),
                          next((t for t in texts if t), "").split("\n")[0]))
    return found


def assert_places_hold(report: str) -> int:
    found = places(report)
    for suite_file, file, number, first in found:
        assert os.path.isfile(suite_file) and os.path.isfile(file), (suite_file, file)
        if first:
            assert number is not None and first.startswith(f"{file}:{number}:"), (file, number, first)
    return sum(bool(first) for *_, first in found)


def test_every_case_of_the_examples_names_its_findings_place(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run("check", "processes", "--format", "junit", "--today", "2026-01-15", "--fail-on", "never")
    assert code == 0, err
    assert assert_places_hold(out) > 20
    # ping-pong, policy and team findings name the catalog's line, not the process file's
    assert sum(file == "processes/catalog.yaml" for _, file, _, _ in places(out)) > 10


def test_the_portfolio_suite_names_a_file_that_exists(run: Run, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "processes", tmp_path / "processes", ignore=shutil.ignore_patterns(".processwalk.yaml"))
    monkeypatch.chdir(tmp_path / "processes")
    code, out, err = run("check", ".", "--format", "junit", "--today", "2026-01-15", "--fail-on", "never")
    assert code == 0, err
    suites = {s.get("name"): s.get("file") for s in ET.fromstring(out.encode())}
    assert suites["(portfolio)"] == "catalog.yaml"
    assert_places_hold(out)
