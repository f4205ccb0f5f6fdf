from __future__ import annotations

from tests.rules.conftest import Check

PROCESS = """\
process: complaint
title: Complaint
owner: Head of CX
demand: 10/day
start: a
steps:
  a: {kind: contact, team: front, work: 10m, next: b}
  b: {team: back, wait: 1d, work: 10m, next: c}
  c: {team: front, wait: 2h, work: 10m, next: d}
  d: {team: back, wait: 1d, work: 10m, next: e}
  e: {team: front, wait: 4h, work: 10m, next: done}
  done: {kind: end}
"""


def test_fires_past_three_handoffs(check: Check) -> None:
    # front -> back -> front -> back -> front: 4 handoffs; waits after them 1d + 2h + 1d + 4h = 54h = 2.2d
    [finding] = check(PROCESS, "handoff-chain")
    assert (finding.place, finding.at, finding.location.line) == ("process", "complaint", 1)
    assert finding.message == "4.0 handoffs per case across 2.0 teams; 2.2d of waiting follows a handoff"
    assert finding.why == ("Why is a case in 'Complaint' passed between teams 4.0 times, waiting 2.2d in "
                           "queues after handoffs, when one team could own it to the end?")
    assert finding.evidence["wait_after_handoffs_h"] == 54.0


def test_quiet_at_three(check: Check) -> None:
    three = PROCESS.replace("d: {team: back, wait: 1d, work: 10m, next: e}", "d: {team: front, next: e}")
    assert check(three, "handoff-chain") == []
