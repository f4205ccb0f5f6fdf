from __future__ import annotations

from tests.rules.conftest import Check

PROCESS = """\
process: enquiry
title: Enquiry
owner: Head of Frontline
demand: 100/day
start: call
steps:
  call: {{kind: contact, team: front, work: 10m, next: check}}
  check:
    team: back
    wait: 1d
    work: 10m
    next: [{{to: done, p: {done}}}, {{to: call-again}}]
  call-again: {{kind: contact, team: front, wait: 1d, work: 10m, next: check}}
  done: {{kind: end}}
"""


def test_fires_when_customers_come_back(check: Check) -> None:
    # visits of check v = 1 + 0.3 v -> v = 1/0.7 = 1.428571; call-again 0.3 v = 0.428571;
    # contacts 1.428571, P(any contact) 1: repeat contacts 0.428571, failure demand 0.4286/1.4286 = 30%
    [finding] = check(PROCESS.format(done=0.7), "repeat-contact")
    assert (finding.place, finding.at, finding.location.line) == ("process", "enquiry", 1)
    assert finding.message == "0.43 repeat contacts per case: 30% of contacts are failure demand"
    assert finding.why == ("Why does a customer of 'Enquiry' have to contact us 1.4 times, so that 30% of "
                           "our contacts come from not finishing the first time?")


def test_quiet_below_the_threshold(check: Check) -> None:
    # 0.1 / 0.9 = 0.11 repeat contacts < 0.2
    assert check(PROCESS.format(done=0.9), "repeat-contact") == []
