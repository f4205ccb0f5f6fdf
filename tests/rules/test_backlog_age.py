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
  check:
    team: back
    wait: 1d
    work: 5m
    sla: 5d
    backlog: {{open: {open}, oldest: {oldest}, as_of: 2026-10-01}}
    next: done
  done: {{kind: end}}
"""


def test_fires_on_a_backlog_past_the_target(check: Check) -> None:
    # Little's law: 5,400 open / (100 a day * 1 visit) = 54 days; oldest 180d
    [finding] = check(PROCESS.format(open=5400, oldest="180d"), "backlog-age")
    assert (finding.severity, finding.place, finding.at, finding.location.line) == ("error", "step", "check", 12)
    assert finding.message == ("5,400 items wait at 'check', the oldest 180.0d against a target of 5.0d; "
                               "a new item waits 54.0d behind it (Little's law)")
    assert finding.why == ("Why do 5,400 cases wait at 'check' with Back office, the oldest for 180.0d, "
                           "when the target is 5.0d?")
    # every new case is (54 - 5) days late: 100 * 365.25 * 49
    assert finding.impact.customer_days_per_year == pytest.approx(100 * 365.25 * 49)


def test_quiet_on_a_small_backlog(check: Check) -> None:
    # 40 / 100 = 0.4 days; oldest 3d < 5d
    assert check(PROCESS.format(open=40, oldest="3d"), "backlog-age") == []
