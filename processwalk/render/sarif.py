"""Findings as SARIF 2.1.0, for code scanning (GitHub's upload-sarif, IDE viewers).

Every rule of the registry is described in ``tool.driver.rules``, its texts taken
from the rule module's docstring (which is its user documentation).  File URIs
are relative to the project root (``uriBaseId`` ``%SRCROOT%``); a finding
answered in its process file is a result with an in-source, accepted suppression
whose justification is the answer.  Columns count Unicode code points, as YAML
positions do.
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import json
import math
import os
import re
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
            "tool": {"driver": {"name": "processwalk", "version": version, "semanticVersion": version,
                                "rules": [descriptor(rule) for rule in rules]}},
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

    def result(self, finding: Finding) -> Json:
        found: Json = {"ruleId": finding.rule}
        if finding.rule in self.index:
            found["ruleIndex"] = self.index[finding.rule]
        found["level"] = LEVELS[finding.severity]
        found["message"] = {"text": f"{finding.message}\n{finding.why}" if finding.message and finding.why
                            else finding.message or finding.why}
        found["locations"] = [self.location(finding)]
        found["partialFingerprints"] = {"processwalk/v1": fingerprint(finding)}
        found["properties"] = properties(finding)
        if finding.answer is not None:
            found["suppressions"] = [suppression(finding.answer, self.root)]
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
