"""Findings: the "why" hotspots, with their place, evidence, yearly impact and question."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from processwalk.errors import Location
from processwalk.model import Answer

SEVERITIES = ("error", "warning", "info")
PLACES = ("step", "policy", "team", "branch", "process")
#: A staff-hour weighs as much as this many customer-hours when findings are ranked.
STAFF_HOURS_PER_CUSTOMER_DAY = 8.0


@dataclass(frozen=True)
class Impact:
    """What a finding costs per year.  None where the process does not declare enough."""

    customer_days_per_year: float | None = None
    staff_hours_per_year: float | None = None
    cost_per_year: float | None = None

    @property
    def score(self) -> float:
        """One number to rank by: customer-days plus staff-days (8 staff-hours)."""
        days = self.customer_days_per_year or 0.0
        return days + (self.staff_hours_per_year or 0.0) / STAFF_HOURS_PER_CUSTOMER_DAY


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    process: str
    place: str
    at: str
    location: Location
    message: str
    why: str
    ask: str | None = None
    evidence: Mapping[str, float | str | None] = field(default_factory=dict)
    impact: Impact = Impact()
    answer: Answer | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.process, self.rule, self.at)


def rank(findings: Iterable[Finding]) -> list[Finding]:
    """Unanswered first, then by yearly impact, then by severity, then by place in the file."""
    return sorted(findings, key=rank_key)


def rank_key(finding: Finding) -> tuple[bool, float, int, Location, str, str]:
    """What :func:`rank` sorts by."""
    return (finding.answered, -round(finding.impact.score, 6), SEVERITIES.index(finding.severity),
            finding.location, finding.rule, finding.at)


@dataclass(frozen=True)
class UnmatchedAnswer:
    """An answer that matches no finding: reported so that the record stays honest."""

    process: str
    answer: Answer
    expired: bool


def apply_answers(findings: list[Finding], answers: Mapping[str, tuple[Answer, ...]],
                  today: dt.date) -> tuple[list[Finding], list[UnmatchedAnswer]]:
    """Mark findings covered by a current answer; list answers that cover nothing.

    ``answers`` maps a process id to its answers.  An expired answer leaves its
    finding counting again and is itself listed, so nobody relies on it unknowingly.
    """
    used: set[tuple[str, int]] = set()
    marked: list[Finding] = []
    for finding in findings:
        match = _match(finding, answers.get(finding.process, ()), today)
        if match is not None:
            used.add((finding.process, id(match)))
            finding = replace(finding, answer=match)
        marked.append(finding)
    unmatched = [UnmatchedAnswer(process, a, not a.current(today))
                 for process, listed in answers.items() for a in listed if (process, id(a)) not in used]
    return marked, unmatched


def _match(finding: Finding, answers: Iterable[Answer], today: dt.date) -> Answer | None:
    for answer in answers:
        if answer.rule == finding.rule and answer.at == finding.at and answer.current(today):
            return answer
    return None


def to_json(finding: Finding) -> dict[str, object]:
    """A finding as in the JSON contract (``spec/analysis.md``), with its evidence and answer."""
    answer = finding.answer
    return {
        "rule": finding.rule, "severity": finding.severity, "process": finding.process,
        "place": finding.place, "at": finding.at, "file": finding.location.file,
        "line": finding.location.line, "column": finding.location.column,
        "message": finding.message, "why": finding.why, "ask": finding.ask,
        "answered": finding.answered,
        "answer": None if answer is None else {"why": answer.why, "owner": answer.owner,
                                               "until": answer.until.isoformat()},
        "evidence": dict(finding.evidence),
        "impact": {"customer_days_per_year": finding.impact.customer_days_per_year,
                   "staff_hours_per_year": finding.impact.staff_hours_per_year,
                   "cost_per_year": finding.impact.cost_per_year},
    }
