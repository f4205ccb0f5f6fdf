from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from processwalk.errors import Location
from processwalk.findings import Finding
from processwalk.model import Answer
from processwalk.render import junit
from processwalk.render.problems import Report, Subject

FILE = "processes/billing-credit.yaml"
BAD = "processes/bad.yaml"


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
        Finding("invalid", "error", BAD, "process", BAD, Location(BAD, 3, 7), "unknown key 'stpes'", ""),
    )
    subjects = (
        Subject("billing-credit", FILE, ("invalid", "sla-breach", "approval-stack", "handoff-chain", "ping-pong")),
        Subject(BAD, BAD, ("invalid",), "file"),
    )
    return Report(found, subjects, fail_on)


EXPECTED = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="processwalk" tests="6" failures="2" errors="0" skipped="1">
  <testsuite name="billing-credit" file="processes/billing-credit.yaml" tests="5" failures="1" errors="0" skipped="1">
    <testcase classname="billing-credit" name="invalid" file="processes/billing-credit.yaml" />
    <testcase classname="billing-credit" name="sla-breach" file="processes/billing-credit.yaml" line="8">
      <failure message="lead time 44.1d against a promise of 10.0d" type="error">\
processes/billing-credit.yaml:8:1: [error] lead time 44.1d against a promise of 10.0d (sla-breach)
Why do we promise 10.0d?</failure>
    </testcase>
    <testcase classname="billing-credit" name="approval-stack" file="processes/billing-credit.yaml" line="8">
      <skipped message="answered: Required by SOX" />
    </testcase>
    <testcase classname="billing-credit" name="handoff-chain" file="processes/billing-credit.yaml" line="8">
      <system-out>processes/billing-credit.yaml:8:1: [warning] 4.20 handoffs per case (handoff-chain)
Why is a case passed on 4.2 times?</system-out>
    </testcase>
    <testcase classname="billing-credit" name="ping-pong" file="processes/billing-credit.yaml" />
  </testsuite>
  <testsuite name="processes/bad.yaml" file="processes/bad.yaml" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="processes/bad.yaml" name="invalid" file="processes/bad.yaml" line="3">
      <failure message="unknown key 'stpes'" type="error">\
processes/bad.yaml:3:7: [error] unknown key 'stpes' (invalid)</failure>
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
    assert root.attrib["failures"] == "3"


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
