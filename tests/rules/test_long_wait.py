from __future__ import annotations

import pytest

from tests.rules.conftest import Check

PROCESS = """\
process: credit
title: Credit request
demand: 100/day
start: call
steps:
  call: {{kind: contact, team: front, work: 10m, next: check}}
  check: {{team: back, wait: {wait}, work: 15m, next: post}}
  post: {{team: back, wait: 1h, work: 1h, next: done}}
  done: {{kind: end}}
"""


def test_fires_on_a_wait_that_dominates_the_lead_time(check: Check) -> None:
    # lead = 10m + 2d 15m + 2h = 50.4167h; check waits 48h = 95% of it, and 192 times its 15m
    [finding] = check(PROCESS.format(wait="2d"), "long-wait")
    assert (finding.place, finding.at, finding.location.line) == ("step", "check", 7)
    assert finding.message == ("'check' waits 2.0d per visit, 192 times its 15m of work; "
                               "95% of the lead time over 1.00 visits per case")
    assert finding.why == "Why does a case wait 2.0d per visit for Back office at 'check' when the work takes 15m?"
    assert finding.impact.customer_days_per_year == pytest.approx(100 * 365.25 * 2)


def test_quiet_on_short_waits(check: Check) -> None:
    # lead 3.4167h: check waits 29% of it and 4 times its work; post 29% and 1 time
    assert check(PROCESS.format(wait="1h"), "long-wait") == []


def test_speaks_in_the_configured_unit(check: Check) -> None:
    # display: {unit: h}: the 2d wait is 48.0h, the 15m of work 0.2h (one decimal: 0.25 rounds to 0.2)
    [finding] = check(PROCESS.format(wait="2d"), "long-wait", config="display: {unit: h}\n")
    assert finding.message == ("'check' waits 48.0h per visit, 192 times its 0.2h of work; "
                               "95% of the lead time over 1.00 visits per case")
    assert finding.why == "Why does a case wait 48.0h per visit for Back office at 'check' when the work takes 0.2h?"
