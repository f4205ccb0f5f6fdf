from __future__ import annotations

import dataclasses

import pytest

from processwalk.analysis.narrate import LIKELY, SLOWEST, narrate
from processwalk.analysis.paths import Path
from processwalk.analysis.walk import Walk, analyze
from processwalk.config import defaults

from .conftest import ProcessFrom
from .test_walk import CREDIT

#: every rule with its default settings
RULES = defaults()


def test_the_most_likely_walk_stop_by_stop(process_from: ProcessFrom) -> None:
    stops = [s for s in narrate(analyze(process_from(CREDIT), cases=100), RULES) if s.route == LIKELY]
    assert [s.step for s in stops] == ["call", "approve", "post", "done"]
    # clocks: 3m + 10m = 13m; then 1d + 6m; then 2h + 30m
    assert [s.clock_h for s in stops] == pytest.approx([0, 13 / 60, 13 / 60 + 24.1, 13 / 60 + 26.6])
    call, approve, post, done = stops
    assert (call.team, call.systems, call.policies) == ("Front desk", ("CRM",), ())
    assert call.customer == "waits 3m, then talks to Front desk"
    assert call.why == "What would the customer lose if 'call' were not done?"
    assert approve.policies == ("Credits need a supervisor's signature",)
    assert approve.customer == "waiting 1.0d with no news, and likely chasing us"
    assert approve.questions == (
        "Why does Supervisors have to approve 'approve' when 98% are approved?",
        "Why does every case wait 1.0d for Supervisors when its work takes 6m?",
        "Why 'Credits need a supervisor's signature'? (the stated reason is 'Fraud in 2016'; Finance can answer)",
        "Why does the case pass from Front desk to Supervisors here?",
    )
    assert post.customer == "waiting 2.0h while the case sits with Back office"
    assert post.why == "Why does the case pass from Supervisors to Back office here?"
    assert (done.team, done.customer) == (None, "has what they asked for")
    assert done.why == "What would it take to get here faster than 1.1d?"


def test_the_slowest_likely_walk(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: slow
        sla: 1d
        start: a
        steps:
          a:
            kind: contact
            team: front
            work: 5m
            next:
              - {to: done, p: 0.5}
              - {to: b, p: 0.5}
          b:
            team: back
            wait: 3d
            systems: [crm, ledger, mail, crm]
            next:
              - {to: done, p: 0.6}
              - {to: a, p: 0.2, refusal: true, reason: no receipt}
              - {to: gone, p: 0.2}
          done: {kind: end}
          gone: {kind: end, outcome: abandoned}
        """)
    stops = narrate(analyze(process, cases=100), RULES)
    slow = [s for s in stops if s.route == SLOWEST]
    assert [s.step for s in slow][:4] == ["a", "b", "a", "b"]
    assert slow[0].customer == "talks to Front desk"
    assert slow[1].questions[0] == "Why are 20% of cases sent back here (no receipt)?"
    assert slow[1].questions[-1] == "Why does 'b' need 4 systems (CRM, Ledger, Mail, CRM)?"
    assert "Why does every case wait 3.0d for Back office when no work is done while it waits?" in slow[1].questions
    assert slow[2].questions[:2] == ("Why does the case pass from Back office to Front desk again here?",
                                     "Why does the customer have to talk to us again?")
    assert slow[-1].why.startswith("Why does this walk take ") and slow[-1].why.endswith("when we promise 1.0d?")
    gone = [s for s in stops if s.step == "gone"]
    for stop in gone:
        assert stop.customer == "has given up"
    likely = [s for s in stops if s.route == LIKELY]
    assert [s.step for s in likely] == ["a", "done"]
    assert likely[0].customer == "talks to Front desk"
    assert likely[-1].why == "What would it take to get here faster than 5m?"


def test_ends_refused_and_just_over_the_sla(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: refused
        sla: 10d
        start: a
        steps:
          a:
            team: front
            wait: 10d
            work: 30m
            next:
              - {to: no, p: 0.9, refusal: true}
              - {to: done, p: 0.1}
          done: {kind: end}
          no: {kind: end, outcome: refused, name: Told no}
        """)
    stops = narrate(analyze(process, cases=100), RULES)
    assert stops[-1].customer == "has been told no"
    # 240.5h is over 240h, though both read 10.0d: in the promise's unit with one more decimal
    assert stops[-1].why == "Why does this walk take 10.02d when we promise 10.00d?"
    quick = process_from("""
        process: refused
        start: a
        steps:
          a: {team: front, next: [{to: no, p: 0.9, refusal: true}, {to: done, p: 0.1}]}
          done: {kind: end}
          no: {kind: end, outcome: no-show}
        """)
    stops = narrate(analyze(quick, cases=100), RULES)
    assert stops[-1].customer == "is done (no-show)"
    assert stops[-1].why == "Why do 90% of cases end 'no'?"


def test_same_team_no_handoff_question_and_no_paths(process_from: ProcessFrom) -> None:
    walk = analyze(process_from("""
        process: same
        start: a
        steps:
          a: {team: front, next: b}
          b: {team: front, next: done}
          done: {kind: end}
        """), cases=10)
    assert [s.why for s in narrate(walk, RULES)][1] == "What would the customer lose if 'b' were not done?"
    assert narrate(with_paths(walk, (), None), RULES) == []


def with_paths(walk: Walk, likely: tuple[Path, ...], slowest: Path | None) -> Walk:
    """``walk`` as if its paths were these (they are a cached property)."""
    other = dataclasses.replace(walk)
    other.__dict__["paths"] = (likely, slowest)
    return other


def test_the_questions_follow_the_configured_thresholds(process_from: ProcessFrom) -> None:
    walk = analyze(process_from(CREDIT), cases=100)
    # 'approve' passes 98% (rubber-stamp from min_pass 0.95 on); its wait of 1.0d is 240 times its 6m of work
    # (long-wait from times_work 100 on) and 24h of the lead time 13m + 24.1h + 0.98 * 2.5h = 26.77h: 89.7%
    # (from share 0.5 on); stricter thresholds ask neither question, a share of 0.85 asks the wait's again
    stricter = {**RULES, "rubber-stamp": dataclasses.replace(RULES["rubber-stamp"], thresholds={"min_pass": 0.99}),
                "long-wait": dataclasses.replace(RULES["long-wait"], thresholds={"share": 0.95, "times_work": 300})}
    approve = [s for s in narrate(walk, stricter) if s.route == LIKELY][1]
    assert approve.questions == (
        "Why 'Credits need a supervisor's signature'? (the stated reason is 'Fraud in 2016'; Finance can answer)",
        "Why does the case pass from Front desk to Supervisors here?",
    )
    looser = {**stricter, "long-wait": dataclasses.replace(RULES["long-wait"], thresholds={"share": 0.85,
                                                                                            "times_work": 300})}
    assert [s for s in narrate(walk, looser) if s.route == LIKELY][1].why == \
        "Why does every case wait 1.0d for Supervisors when its work takes 6m?"
