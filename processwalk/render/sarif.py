"""Findings as SARIF 2.1.0, for code scanning (GitHub's upload-sarif, IDE viewers).

Every rule of the registry is described in ``tool.driver.rules``, its texts taken
from the rule module's docstring (which is its user documentation).  File URIs
are relative to the project root (``uriBaseId`` ``%SRCROOT%``); a finding
answered in its process file is a result with an in-source, accepted suppression
whose justification is the answer (every other result has an empty list, as SARIF asks of a
run whose results were all judged).  Columns count Unicode code points, as YAML positions do.

Each result carries ``partialFingerprints.primaryLocationLineHash``, the one fingerprint GitHub's
code scanning reads (it computes one from the text of the line where a log has none, and findings of
several processes at one catalog line would then share it): a hash of the process, the rule and the
place, with the finding's occurrence among those of the same key in the log, so that no two results
of a log share one and a finding keeps its own when lines move.
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from processwalk.errors import Location
from processwalk.findings import Finding, Impact
from processwalk.model import Answer
from processwalk.render.problems import Report, repo_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
BASE_ID = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FULL_NAME = "processwalk: process walks and policy-friction findings"
#: the run's category for code scanning (GitHub and Azure DevOps read ``id`` up to its last ``/``)
AUTOMATION_ID = "processwalk/"
#: paragraphs of a rule's docstring from which on it is examples and thresholds, not description
_DETAIL = re.compile(r"^(Thresholds|Remedy|Failing|Passing)\b")

Json = dict[str, Any]


@dataclass(frozen=True)
class RuleDoc:
    """What SARIF says about one rule, taken from its module."""

    id: str
    severity: str
    doc: str

    @classmethod
    def of(cls, module: ModuleType) -> RuleDoc:
        return cls(module.ID, module.SEVERITY, inspect.cleandoc(module.__doc__ or module.ID))

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.doc.split("\n\n") if p.strip()]

    @property
    def short(self) -> str:
        return self.paragraphs[0]

    @property
    def full(self) -> str:
        kept = []
        for paragraph in self.paragraphs:
            if _DETAIL.match(paragraph):
                break
            kept.append(paragraph)
        return "\n\n".join(kept)

    @property
    def markdown(self) -> str:
        """The docstring as Markdown: reST literal blocks (``::``) become indented code blocks."""
        return re.sub(r"::$", ":", self.doc, flags=re.MULTILINE).replace("``", "`")


def registry_docs() -> list[RuleDoc]:
    from processwalk.rules import RULES

    return [RuleDoc.of(rule) for rule in RULES]


def render(report: Report, rules: Sequence[RuleDoc], *, root: str, version: str) -> str:
    """The SARIF log of ``report`` as JSON text."""
    # Compact, so that the C encoder writes the tens of thousands of results of a large project.
    document = log(report, rules, root=root, version=version)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def pieces(report: Report, rules: Sequence[RuleDoc], *, root: str, version: str,
           count: int) -> list[Callable[[], str]]:
    """The text of :func:`render` in ``count`` pieces (fewer for few findings), each making a share of
    the results, so that several processes can make one large log side by side."""
    empty = json.dumps(log(replace(report, findings=()), rules, root=root, version=version),
                       ensure_ascii=False, separators=(",", ":")) + "\n"
    head, tail = empty.split('"results":[]', 1)
    head, tail = head + '"results":[', "]" + tail
    findings = report.findings
    count = max(1, min(count, len(findings)))
    bounds = [len(findings) * k // count for k in range(count + 1)]

    def piece(k: int) -> str:
        results = _Results({rule.id: number for number, rule in enumerate(rules)}, root)
        results.seen.update(f.key for f in findings[:bounds[k]])
        text = json.dumps([results.result(f) for f in findings[bounds[k]:bounds[k + 1]]], ensure_ascii=False,
                          separators=(",", ":"))[1:-1]
        return (head if k == 0 else ",") + text + (tail if k == count - 1 else "")

    return [functools.partial(piece, k) for k in range(count)]


def log(report: Report, rules: Sequence[RuleDoc], *, root: str, version: str) -> Json:
    results = _Results({rule.id: number for number, rule in enumerate(rules)}, root)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "processwalk", "fullName": FULL_NAME, "version": version,
                                "semanticVersion": version, "rules": [descriptor(rule) for rule in rules]}},
            "automationDetails": {"id": AUTOMATION_ID},
            "originalUriBaseIds": {BASE_ID: {"uri": Path(root).resolve().as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [results.result(f) for f in report.findings],
        }],
    }


def descriptor(rule: RuleDoc) -> Json:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.doc, "markdown": rule.markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


class _Results:
    """Makes the results of one log: one artifact location per file, shared by its results (tens of
    thousands in a large project, so this is the hot loop of the writer)."""

    def __init__(self, index: dict[str, int], root: str) -> None:
        self.index, self.root = index, root
        self.artifacts: dict[str, Json | None] = {}
        #: how many results of each finding key the log holds before the one being made
        self.seen: Counter[tuple[str, str, str]] = Counter()

    def result(self, finding: Finding) -> Json:
        found: Json = {"ruleId": finding.rule}
        if finding.rule in self.index:
            found["ruleIndex"] = self.index[finding.rule]
        found["level"] = LEVELS[finding.severity]
        found["message"] = {"text": message(finding)}
        found["locations"] = [self.location(finding)]
        self.seen[finding.key] += 1
        found["partialFingerprints"] = {"processwalk/v1": fingerprint(finding),
                                        "primaryLocationLineHash": line_hash(finding, self.seen[finding.key])}
        found["properties"] = properties(finding)
        found["suppressions"] = [] if finding.answer is None else [suppression(finding.answer, self.root)]
        return found

    def location(self, finding: Finding) -> Json:
        place: Json = {}
        physical = self.physical(finding.location)
        if physical is not None:
            place["physicalLocation"] = physical
        place["logicalLocations"] = [{"name": finding.at, "fullyQualifiedName": f"{finding.process}/{finding.at}"}]
        return place

    def physical(self, where: Location) -> Json | None:
        """File and region; None for a place that is no file (the configuration's defaults, say)."""
        if where.file not in self.artifacts:
            self.artifacts[where.file] = artifact(where.file, self.root)
        file = self.artifacts[where.file]
        if not where.line:
            return {"artifactLocation": file} if os.path.isfile(where.file) else None
        region: Json = {"startLine": where.line}
        if where.column:
            region["startColumn"] = where.column
        return {"artifactLocation": file, "region": region}


def location(finding: Finding, root: str) -> Json:
    return _Results({}, root).location(finding)


def physical_location(where: Location, root: str) -> Json | None:
    return _Results({}, root).physical(where)


def artifact(file: str, root: str) -> Json:
    relative = repo_path(file, root)
    if relative is None:
        return {"uri": Path(file).resolve().as_uri()}
    return {"uri": quote(relative), "uriBaseId": BASE_ID}


def fingerprint(finding: Finding) -> str:
    """Stable across edits that move lines: the process, the rule and the place."""
    key = "\0".join(finding.key)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def message(finding: Finding) -> str:
    """The message and the question; for an answered finding the answer too, since GitHub shows a
    result's message and ignores its suppressions."""
    lines = [text for text in (finding.message, finding.why) if text]
    if finding.answer is not None:
        lines.append(f"answered: {justification(finding.answer)}")
    return "\n".join(lines)


def line_hash(finding: Finding, occurrence: int) -> str:
    """GitHub's fingerprint, in its own shape (16 hex digits, a colon, the occurrence from 1): the
    finding's key, numbered among the results of the log with the same key (the problems of one
    invalid file share theirs)."""
    return f"{fingerprint(finding)[:16]}:{occurrence}"


def properties(finding: Finding) -> Json:
    return {
        "process": finding.process,
        "place": finding.place,
        "at": finding.at,
        "why": finding.why,
        "ask": finding.ask,
        "evidence": {name: _finite(value) for name, value in finding.evidence.items()},
        "impact": impact(finding.impact),
    }


def impact(value: Impact) -> Json:
    return {"customer_days_per_year": _finite(value.customer_days_per_year),
            "staff_hours_per_year": _finite(value.staff_hours_per_year),
            "cost_per_year": _finite(value.cost_per_year)}


def suppression(answer: Answer, root: str) -> Json:
    found: Json = {"kind": "inSource", "status": "accepted", "justification": justification(answer)}
    physical = physical_location(answer.location, root)
    if physical is not None:
        found["location"] = {"physicalLocation": physical}
    return found


def justification(answer: Answer) -> str:
    return f"{answer.why} ({answer.owner}, until {answer.until})"


def _finite(value: float | str | None) -> float | str | None:
    """JSON has no NaN or infinity: such a figure is reported as not computable."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
