from __future__ import annotations

import pytest

from tests.rules.conftest import Check

PROCESS = """\
process: credit
title: Credit request
owner: Head of Billing
demand: 100/day
sla: {sla}
start: call
steps:
  call: {{kind: contact, team: front, work: {{mean: 10m, cv: 0}}, next: check}}
  check: {{team: back, wait: {{mean: 1d, cv: 0}}, work: {{mean: 20m, cv: 0}}, next: done}}
  done: {{kind: end}}
"""


def test_fires_when_the_promise_is_broken_on_average(check: Check) -> None:
    # Constant durations: every case takes 10m + 1d + 20m = 24.5h > 12h.
    [finding] = check(PROCESS.format(sla="12h"), "sla-breach")
    assert (finding.severity, finding.place, finding.at, finding.location.line) == \
        ("error", "process", "credit", 1)
    # both in the promise's unit, never "1.0d against 12.0h"
    assert finding.message == "lead time 24.5h against a promise of 12.0h"
    assert finding.why == "Why do we promise 'Credit request' in 12.0h when it takes 24.5h on average?"
    assert finding.ask == "Head of Billing"
    # 100 a day * 365.25 * (24.5 - 12) / 24 customer-days late
    assert finding.impact.customer_days_per_year == 100 * 365.25 * 12.5 / 24


def test_fires_when_the_85th_percentile_is_late(check: Check) -> None:
    # check's wait is exponential with mean 1d: the lead time 24.5h keeps a 26h promise on average,
    # but P(wait > 26h - 30m) = exp(-25.5/24) = 34.6% of cases are late, so p85 > 26h.
    text = PROCESS.format(sla="26h").replace("wait: {mean: 1d, cv: 0}", "wait: 1d")
    [finding] = check(text, "sla-breach")
    assert finding.message.startswith("lead time 1.0d keeps the promise of 1.1d on average, but the 85th "
                                      "percentile is ")
    assert finding.evidence["share_over_sla"] == pytest.approx(0.346, abs=0.02)


def test_quiet_when_kept(check: Check) -> None:
    assert check(PROCESS.format(sla="2d"), "sla-breach") == []


def test_the_configured_display_unit_wins(check: Check) -> None:
    # display: {unit: d}: 24.5h = 1.02d and 12h = 0.50d, in days as configured
    [finding] = check(PROCESS.format(sla="12h"), "sla-breach", config="display: {unit: d}\n")
    assert finding.message == "lead time 1.0d against a promise of 0.5d"
