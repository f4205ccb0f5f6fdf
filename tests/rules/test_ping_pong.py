from __future__ import annotations

import pytest

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
    # the one return goes into c (2h); a, where the case starts, is no return
    assert finding.message == "cases come back to Frontline 1.00 times per case after leaving it"
    assert finding.why == ("Why does a case in 'Complaint' come back to Frontline 1.00 times after it was "
                           "passed on, waiting about 2.0h in its queue each time?")
    assert finding.ask == "Frontline"


def test_quiet_without_returns(check: Check) -> None:
    assert check(PROCESS.replace("team: front, wait: 2h", "team: back, wait: 2h"), "ping-pong") == []


LOOP = """\
process: loop
title: Loop
demand: 10/day
start: a
steps:
  a: {kind: contact, team: front, wait: 1h, work: 10m, next: b}
  b: {team: back, wait: 2d, work: 10m, next: [{to: c, p: 0.5}, {to: done, p: 0.5}]}
  c: {team: front, wait: 48h, work: 10m, next: [{to: b, p: 0.5}, {to: a, p: 0.5}]}
  done: {kind: end}
"""


def test_the_wait_of_a_return_is_the_wait_of_the_steps_the_returns_go_into(check: Check) -> None:
    # visits: v_a = 1 + 0.5 v_c, v_b = v_a + 0.5 v_c, v_c = 0.5 v_b
    #   -> v_b = 1 + v_c = 1 + 0.5 v_b  ->  v_b = 2, v_c = 1, v_a = 1.5
    # returns to front: from b into c (v_b x 0.5 = 1), from nowhere else (a is entered from c, front's own);
    # the start is front's, so every entry is a return: 1 return, into c, which waits 48h.
    # (Weighted by visits of front's steps it would be (1.5 x 1h + 1 x 48h) / 2.5 = 19.8h.)
    [finding] = [f for f in check(LOOP, "ping-pong") if f.at == "front"]
    assert finding.evidence["mean_wait_h"] == pytest.approx(48.0)
    assert finding.why.endswith("waiting about 2.0d in its queue each time?")
    # returns to back: entries from c (v_c x 0.5 = 0.5) and a (v_a = 1.5) = 2, less the first meeting (1):
    # 1 return, into b (2d)
    [back] = [f for f in check(LOOP, "ping-pong") if f.at == "back"]
    assert (back.evidence["returns"], back.evidence["mean_wait_h"]) == pytest.approx((1.0, 48.0))


def test_the_why_goes_to_the_teams_owner(check: Check) -> None:
    catalog = CATALOG.replace("front: {name: Frontline,", "front: {name: Frontline, owner: Head of Frontline,")
    [finding] = check(PROCESS, "ping-pong", catalog=catalog)
    assert finding.ask == "Head of Frontline"
