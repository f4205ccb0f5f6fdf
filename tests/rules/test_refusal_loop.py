from __future__ import annotations

import pytest

from tests.rules.conftest import Check

PROCESS = """\
process: credit
title: Credit request
owner: Head of Billing
demand: 100/day
start: call
steps:
  call: {{kind: contact, team: front, work: 10m, next: check}}
  check:
    team: back
    wait: 1d
    work: 15m
    next:
      - {{to: done, p: 0.8}}
      - {{to: {target}, p: 0.2, refusal: true, reason: missing form}}
  done: {{kind: end}}
"""
ENDING = "  refused: {kind: end, outcome: refused}\n"


def test_fires_on_a_send_back(check: Check) -> None:
    # visits of call and check: 1 / 0.8 = 1.25; lead = 1.25 * (10m + 1d + 15m) = 30.5208h,
    # without the send-back 24.4167h: the loop adds 6.1042h per case.
    # Per year: 100 * 365.25 * 6.1042 / 24 = 9,289.7 customer-days; staff 100 * 365.25 * 1.25 * 25m
    # - 100 * 365.25 * 25m = 3,804.7 staff-hours.
    [finding] = check(PROCESS.format(target="call"), "refusal-loop")
    assert (finding.place, finding.at, finding.location.line, finding.location.column) == \
        ("branch", "check->call", 14, 9)
    assert finding.message == "'check' sends 20% of cases back to 'call' (missing form); " \
                              "the loop adds 6.1h per case"
    assert finding.why == ("Why does Back office send 20% of cases back to 'call' (missing form), adding 6.1h "
                           "to every case on average, instead of asking for what it needs the first time?")
    assert finding.ask == "Back office"
    assert finding.impact.customer_days_per_year == pytest.approx(100 * 365.25 * 6.104167 / 24, rel=1e-5)
    assert finding.impact.staff_hours_per_year == pytest.approx(100 * 365.25 * 0.25 * 25 / 60)


def test_quiet_when_the_refusal_ends_the_case(check: Check) -> None:
    assert check(PROCESS.format(target="refused") + ENDING, "refusal-loop") == []


ONLY_EXIT = """\
process: trap
title: Trap
demand: 10/day
start: a
steps:
  a: {team: front, next: [{to: b, p: 0.5}, {to: done}]}
  b:
    team: back
    wait: 1h
    next:
      - {to: a, p: 0.3, refusal: true}
      - {to: b2}
  b2: {team: back, next: b}
  done: {kind: end}
"""


def test_a_send_back_that_is_the_loops_only_exit_has_no_cost_to_measure(check: Check) -> None:
    # Without b -> a, cases in b and b2 could never finish: the walk without it is not defined.
    [finding] = check(ONLY_EXIT, "refusal-loop")
    assert finding.message == "'b' sends 30% of cases back to 'a'; without it no case could leave the loop"
    assert finding.why == ("Why does Back office send 30% of cases back to 'a', instead of asking for what it "
                           "needs the first time?")
    assert finding.impact.score == 0.0 and finding.evidence["lead_time_added_h"] is None
    # repeated-refusal's counterfactual removes the same branch: no impact, and no singular solve
    [repeated] = check(ONLY_EXIT, "repeated-refusal")
    assert repeated.impact.customer_days_per_year is None
