from __future__ import annotations

import pytest

from tests.rules.conftest import Check

PROCESS = """\
process: credit
title: Credit request
demand: 100/day
start: call
steps:
  call: {{kind: contact, team: front, work: 10m, next: approve}}
  approve:
    kind: approval
    team: leads
    policy: approval-rule
    wait: 2d
    work: 5m
    next: [{{to: done, p: {p}}}, {{to: refused, refusal: true}}]
  refused: {{kind: end, outcome: refused}}
  done: {{kind: end}}
"""


def test_fires_on_an_approval_that_passes_nearly_everything(check: Check) -> None:
    [finding] = check(PROCESS.format(p=0.98), "rubber-stamp")
    assert (finding.place, finding.at, finding.location.line, finding.location.column) == \
        ("step", "approve", 7, 3)
    assert finding.message == "approval 'approve' passes 98% of cases after 2.0d"
    assert finding.why == "Why does every case wait 2.0d for Team leaders at 'approve' when 98% are approved?"
    assert finding.ask == "Finance"  # the owner of the policy governing the step
    # 100/day * 365.25 * (48h + 5m) / 24 = 73,126 customer-days; staff 100 * 365.25 * 5m = 3,043.75 h
    assert finding.impact.customer_days_per_year == pytest.approx(100 * 365.25 * (48 + 5 / 60) / 24)
    assert finding.impact.staff_hours_per_year == pytest.approx(3043.75)


def test_quiet_when_the_approval_decides(check: Check) -> None:
    assert check(PROCESS.format(p=0.7), "rubber-stamp") == []
