"""Findings as JUnit XML, for CI test reports.

One ``testsuite`` per process (or per file that did not load), one ``testcase``
per rule that ran on it.  A rule's testcase fails when it has findings that fail
the check (``--fail-on``): the failure lists them.  Findings below the fail level
go to the testcase's ``system-out``; a rule whose findings are all answered is
``skipped`` with the answers as its message.  The report therefore fails exactly
when ``processwalk check`` does.

A testcase's ``file`` and ``line`` are the place of the finding its message shows (a catalog's line
for a shared team or policy), and the suite's file when that finding has no line in a file.  A suite
names its process file, or for findings across processes the configuration file, else the file of
its first finding.  ``time`` is always 0: the report is reproducible byte for byte, so it carries
no timings.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace

from processwalk.findings import Finding
from processwalk.render.problems import Report, Subject, fails, line

#: every ``time`` attribute: no timings, so that the same check writes the same report
TIME = "0"


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="processwalk")
    suites = [suite(s, report.fail_on) for s in report.subjects]
    _total(root, suites)
    root.set("time", TIME)
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def suite(subject: Subject, fail_on: str) -> ET.Element:
    found = subject.findings
    file = subject.file or next((f.location.file for f in found if f.location.line), "")
    element = ET.Element("testsuite", {"name": subject.name, **({"file": file} if file else {})})
    by_rule: dict[str, list[Finding]] = {}
    for finding in found:
        by_rule.setdefault(finding.rule, []).append(finding)
    cases = [case(replace(subject, file=file), rule, by_rule.get(rule, []), fail_on) for rule in subject.rules]
    _count(element, cases)
    element.set("time", TIME)
    element.extend(cases)
    return element


def case(subject: Subject, rule: str, findings: Sequence[Finding], fail_on: str) -> ET.Element:
    failed = [f for f in findings if fails(f, fail_on)]
    open_ = [f for f in findings if not f.answered and not fails(f, fail_on)]
    answered = [f for f in findings if f.answered]
    element = ET.Element("testcase", {"classname": subject.name, "name": rule,
                                       **place(subject, [*failed, *open_, *answered])})
    element.set("time", TIME)
    if failed:
        failure = ET.SubElement(element, "failure", message=failed[0].message, type=failed[0].severity)
        failure.text = _details(failed)
    elif answered and not open_:
        reasons = "; ".join(f.answer.why for f in answered if f.answer is not None)
        ET.SubElement(element, "skipped", message=f"answered: {reasons}")
    rest = [*open_, *answered] if failed or open_ else []
    if rest:
        ET.SubElement(element, "system-out").text = _details(rest)
    return element


def place(subject: Subject, shown: Sequence[Finding]) -> dict[str, str]:
    """``file`` and ``line`` of the first finding shown, where it has a line; else the suite's file."""
    if shown and shown[0].location.line:
        return {"file": shown[0].location.file, "line": str(shown[0].location.line)}
    return {"file": subject.file} if subject.file else {}


def _details(findings: Sequence[Finding]) -> str:
    return "\n".join(f"{line(f)}\n{f.why}" if f.why else line(f) for f in findings)


def _count(element: ET.Element, cases: Sequence[ET.Element]) -> None:
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    element.set("errors", "0")
    element.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))


def _total(element: ET.Element, suites: Sequence[ET.Element]) -> None:
    for name in ("tests", "failures", "errors", "skipped"):
        element.set(name, str(sum(int(s.get(name, "0")) for s in suites)))
