from __future__ import annotations

from tests.rules.conftest import CATALOG, Check

PROCESS = """\
process: complaint
title: Complaint
start: a
steps:
  a: {kind: contact, team: front, work: 10m, next: b}
  b: {team: back, wait: 1d, work: 10m, next: c}
  c: {team: front, wait: 2h, work: 10m, next: done}
  done: {kind: end}
"""


def test_fires_when_the_case_returns_to_a_team(check: Check) -> None:
    [finding] = check(PROCESS, "ping-pong")
    assert (finding.place, finding.at) == ("team", "front")
    assert (finding.location.file.endswith("catalog.yaml"), finding.location.line) == (True, 2)
    # front's steps a (no wait) and c (2h), one visit each: 1h mean wait
    assert finding.message == "cases come back to Frontline 1.00 times per case after leaving it"
    assert finding.why == ("Why does a case in 'Complaint' come back to Frontline 1.00 times after it was "
                           "passed on, waiting about 1.0h in its queue each time?")
    assert finding.ask == "Frontline"


def test_quiet_without_returns(check: Check) -> None:
    assert check(PROCESS.replace("team: front, wait: 2h", "team: back, wait: 2h"), "ping-pong") == []


def test_the_why_goes_to_the_teams_owner(check: Check) -> None:
    catalog = CATALOG.replace("front: {name: Frontline,", "front: {name: Frontline, owner: Head of Frontline,")
    [finding] = check(PROCESS, "ping-pong", catalog=catalog)
    assert finding.ask == "Head of Frontline"
