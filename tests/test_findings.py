from __future__ import annotations

import datetime as dt

from processwalk.errors import Location
from processwalk.findings import Finding, Impact, UnmatchedAnswer, apply_answers, rank
from processwalk.model import Answer

TODAY = dt.date(2026, 11, 24)


def finding(rule: str, at: str, *, days: float | None = None, staff: float | None = None,
            severity: str = "warning", line: int = 1) -> Finding:
    return Finding(rule=rule, severity=severity, process="p", place="step", at=at,
                   location=Location("p.yaml", line, 3), message="m", why="w",
                   impact=Impact(days, staff))


def answer(rule: str, at: str, until: dt.date) -> Answer:
    return Answer(rule, at, "Required by SOX 4.2", Location("p.yaml", 40, 5), "Controller", until)


def test_impact_score_weighs_staff_days_as_customer_days() -> None:
    # 100 customer-days + 800 staff-hours / 8 = 200
    assert Impact(100.0, 800.0).score == 200.0
    assert Impact().score == 0.0


def test_rank_by_impact_then_severity_then_place() -> None:
    small = finding("long-wait", "a", days=10.0)
    big = finding("long-wait", "b", days=500.0)
    error = finding("sla-breach", "p", severity="error", line=9)
    none_warning = finding("ping-pong", "c", line=2)
    assert rank([small, none_warning, error, big]) == [big, small, error, none_warning]


def test_answers_mark_findings_and_expired_ones_count_again() -> None:
    current = finding("rubber-stamp", "approve")
    expired = finding("long-wait", "queue")
    answers = {"p": (answer("rubber-stamp", "approve", dt.date(2027, 6, 30)),
                     answer("long-wait", "queue", dt.date(2025, 12, 31)),
                     answer("ping-pong", "back-office", dt.date(2027, 6, 30)))}
    marked, unmatched = apply_answers([current, expired], answers, TODAY)
    assert marked[0].answered and marked[0].answer == answers["p"][0]
    assert not marked[1].answered
    assert unmatched == [UnmatchedAnswer("p", answers["p"][1], expired=True),
                         UnmatchedAnswer("p", answers["p"][2], expired=False)]
    assert rank(marked)[-1] == marked[0]


def test_answer_valid_through_its_last_day() -> None:
    f = finding("rubber-stamp", "approve")
    marked, _ = apply_answers([f], {"p": (answer("rubber-stamp", "approve", TODAY),)}, TODAY)
    assert marked[0].answered
