from __future__ import annotations

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


def test_fires_when_the_promise_is_broken(check: Check) -> None:
    # Constant durations: every case takes 10m + 1d + 20m = 24.5h, so p85 = 24.5h and all cases are late.
    [finding] = check(PROCESS.format(sla="12h"), "sla-breach")
    assert (finding.severity, finding.place, finding.at, finding.location.line) == \
        ("error", "process", "credit", 1)
    assert finding.message == "lead time 1.0d (p85 1.0d) against a promise of 12.0h: 100% of cases are late"
    assert finding.why == ("Why do we promise 'Credit request' in 12.0h when it takes 1.0d on average and "
                           "100% of customers wait longer?")
    assert finding.ask == "Head of Billing"


def test_quiet_when_kept(check: Check) -> None:
    assert check(PROCESS.format(sla="2d"), "sla-breach") == []
