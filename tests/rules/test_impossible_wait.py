from __future__ import annotations

import pytest

from tests.rules.conftest import Check

PROCESS = """\
process: credit
title: Credit request
demand: 120/day
start: call
steps:
  call: {{kind: contact, team: front, work: 10m, next: check}}
  check:
    team: back
    wait: {wait}
    work: 1m
    backlog: {{open: 5400, oldest: 190d, as_of: 2026-11-02}}
    next: done
  done: {{kind: end}}
"""


def test_fires_on_a_declared_wait_shorter_than_the_backlog_says(check: Check) -> None:
    # Little's law: 5,400 open / (120 a day * 1 visit) = 45 days; 2 days declared
    [finding] = check(PROCESS.format(wait="2d"), "impossible-wait")
    assert (finding.severity, finding.place, finding.at, finding.location.line) == ("error", "step", "check", 7)
    assert finding.message == "the declared 2.0d wait cannot be true behind 5,400 items: a new item waits 45.0d"
    assert finding.why == ("Why does 'Credit request' count on a 2.0d wait at 'check' when a new case waits "
                           "45.0d behind the 5,400 already open with Back office?")
    # every case waits (45 - 2) days more than declared: 120 * 365.25 * 43
    assert finding.impact.customer_days_per_year == pytest.approx(120 * 365.25 * 43)


def test_quiet_when_the_declared_wait_is_what_the_backlog_says(check: Check) -> None:
    assert check(PROCESS.format(wait="45d"), "impossible-wait") == []


def test_the_share_is_configurable(check: Check) -> None:
    # 30 days declared: below 45 days, but not below 0.5 x 45 = 22.5 days
    config = "rules:\n  impossible-wait: {share: 0.5}\n"
    assert check(PROCESS.format(wait="30d"), "impossible-wait", config=config) == []
    assert len(check(PROCESS.format(wait="30d"), "impossible-wait")) == 1


def test_the_configured_unit_is_used(check: Check) -> None:
    [finding] = check(PROCESS.format(wait="2d"), "impossible-wait", config="display: {unit: w}\n")
    # 48h = 0.29 weeks, 1,080h = 6.43 weeks
    assert finding.message == "the declared 0.3w wait cannot be true behind 5,400 items: a new item waits 6.4w"


OVERLOADED = """\
process: credit
title: Credit request
demand: 120/day
start: call
steps:
  call: {kind: contact, team: front, work: 10m, next: check}
  check: {team: back, wait: 3d, work: 10m, next: done}
  done: {kind: end}
"""


def test_fires_on_a_finite_wait_at_an_overloaded_team(check: Check) -> None:
    # back: 2 staff x 8h x 5/7 = 11.43 h a day; load 120 x 10m = 20 h a day: 175%
    # growth (20 - 11.43) h a day / (10m an item) = 51.4 items a day
    [finding] = check(OVERLOADED, "impossible-wait")
    assert finding.message == ("the declared 3.0d wait cannot be true while Back office is loaded to 175%: "
                               "its queue grows by 51.4 items a day")
    assert finding.impact.customer_days_per_year is None


def test_quiet_below_the_utilization_threshold(check: Check) -> None:
    config = "rules:\n  impossible-wait: {utilization: 2.0}\n"
    assert check(OVERLOADED, "impossible-wait", config=config) == []


def test_quiet_at_a_team_with_spare_people(check: Check) -> None:
    catalog_staffed = OVERLOADED.replace("work: 10m, next: done", "work: 1m, next: done")
    # 120 x 1m = 2 h a day for 11.43 h: 17.5%
    assert check(catalog_staffed, "impossible-wait") == []
