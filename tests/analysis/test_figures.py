from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pytest

from processwalk.analysis import chain as chains
from processwalk.analysis.figures import compute, p_refused_at_least, step_figures
from processwalk.model import Branch, Process, Step
from tests.approx import near

from .conftest import ProcessFrom

approx = pytest.approx

LINEAR = """
process: linear
start: a
steps:
  a: {team: front, systems: [crm], wait: 1h, work: 30m, next: b}
  b: {team: back, systems: [crm, ledger], wait: 2d, work: 15m, next: done}
  done: {kind: end}
"""

# a (front, contact) -> b (back); b refuses back to a with 0.2.
REFUSAL_LOOP = """
process: loop
start: a
steps:
  a: {kind: contact, team: front, work: 10m, next: b}
  b:
    team: back
    wait: 1d
    work: 20m
    next:
      - {to: done, p: 0.8}
      - {to: a, p: 0.2, refusal: true, reason: form incomplete}
  done: {kind: end}
"""


def test_linear_process(process_from: ProcessFrom) -> None:
    f = compute(process_from(LINEAR))
    # lead = (1h + 0.5h) + (48h + 0.25h) = 49.75h; touch = 0.5 + 0.25 = 0.75h
    assert f.lead_time_h == approx(49.75)
    assert f.touch_time_h == approx(0.75)
    assert f.flow_efficiency == approx(0.75 / 49.75)
    # one change of team (front -> back); the end step holds nobody
    assert f.handoffs == approx(1.0)
    assert (f.approvals, f.refusals, f.p_refused_once, f.first_pass_yield) == (0, 0, 0, 1)
    assert (f.contacts, f.repeat_contacts, f.failure_demand_share) == (0, 0, None)
    assert f.teams_touched == approx(2.0)
    # crm on both steps counts once; ledger once
    assert f.systems_touched == approx(2.0)
    assert f.ping_pong == approx(0.0)
    assert f.outcomes == {"resolved": approx(1.0)}


def test_refusal_loop(process_from: ProcessFrom) -> None:
    process = process_from(REFUSAL_LOOP)
    f = compute(process)
    # v_a = v_b = 1 / 0.8 = 1.25 (each pass of b ends with 0.8)
    # lead = 1.25 * (10m + 1d + 20m) = 1.25 * 24.5h = 30.625h
    assert f.lead_time_h == approx(30.625)
    assert f.touch_time_h == approx(1.25 * 0.5)
    # refusals = v_b * 0.2 = 0.25; P(>=1) = 0.2, P(>=2) = 0.2^2 = 0.04
    assert f.refusals == approx(0.25)
    assert f.p_refused_once == approx(0.2)
    assert f.p_refused_twice == approx(0.04)
    assert f.first_pass_yield == approx(0.8)
    assert p_refused_at_least(chains.build(process), 3) == approx(0.008)
    assert p_refused_at_least(chains.build(process), 0) == 1.0
    # contacts = v_a = 1.25; P(any contact) = 1; repeat = 0.25; failure demand = 0.25 / 1.25
    assert f.contacts == approx(1.25)
    assert f.repeat_contacts == approx(0.25)
    assert f.failure_demand_share == approx(0.2)
    # handoffs: a -> b on every pass of a (1.25) + b -> a (1.25 * 0.2) = 1.5
    assert f.handoffs == approx(1.5)
    assert f.teams_touched == approx(2.0)
    # returns: to front 0.25 (entries 0.25 - P(meet) 1 + start is front's 1),
    # to back 0.25 (entries 1.25 - P(meet) 1); = handoffs - (teams - 1) = 1.5 - 1
    assert f.ping_pong_by_team == {"front": approx(0.25), "back": approx(0.25)}
    assert f.ping_pong == approx(0.5)


# The IVR menu (self-service) sends a quarter of callers back to the PIN; a quarter of those who reach
# the agent are told to call back later. The IVR steps are no contact with a person.
SELF_SERVICE = """
process: ivr
start: pin
teams: {ivr: {name: IVR}}
steps:
  pin: {kind: self-service, team: ivr, wait: 1m, next: menu}
  menu: {kind: self-service, team: ivr, next: [{to: pin, p: 25%}, {to: agent}]}
  agent: {kind: contact, team: front, work: 6m, next: [{to: pin, p: 25%}, {to: done}]}
  done: {kind: end}
"""


def test_self_service_steps_are_not_contacts(process_from: ProcessFrom) -> None:
    f = compute(process_from(SELF_SERVICE))
    # v_menu = v_pin = 1 + v_menu / 4 + v_agent / 4 with v_agent = 3/4 v_menu:
    # v_menu (1 - 1/4 - 3/16) = 1 -> v_menu = v_pin = 16/9, v_agent = 4/3.
    # contacts count the agent only: 4/3; P(any contact) = 1 (every case reaches the agent);
    # repeat contacts 1/3, failure demand (1/3) / (4/3) = 25%. Counting the IVR too would give
    # 4/3 + 32/9 = 4.89 contacts, 3.89 of them repeats.
    assert f.contacts == approx(4 / 3)
    assert f.repeat_contacts == approx(1 / 3)
    assert f.failure_demand_share == approx(0.25)


def test_reach_with_remainder_branch(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: reach
        start: a
        steps:
          a:
            team: front
            next:
              - {to: b, p: 0.5}
              - {to: c}            # the remainder: 0.5
          b: {team: back, next: c}
          c:
            team: front
            next:
              - {to: done, p: 0.7}
              - {to: b, p: 0.3, refusal: true}
          done: {kind: end}
        """)
    steps = step_figures(chains.build(process))
    # v_b = 0.5 + 0.3 v_c, v_c = 0.5 + v_b  =>  v_b = 0.65 / 0.7 = 13/14, v_c = 10/7
    assert steps["b"].visits == approx(13 / 14)
    assert steps["c"].visits == approx(10 / 7)
    # N[b,b] = 1 / (1 - 0.3) (back via c), reach_b = (13/14) / (10/7) = 0.65 = 0.5 + 0.5 * 0.3
    assert steps["b"].reach == approx(0.65)
    assert steps["c"].reach == approx(1.0)
    # %C&A of c = 1 - 0.3; the end step: visits = reach = P(ending there) = 1
    assert steps["c"].pca == approx(0.7)
    assert steps["done"] == step_figures(chains.build(process))["done"]
    assert (steps["done"].visits, steps["done"].reach) == (near(1.0), near(1.0))


def test_nested_loops(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: nested
        start: a
        steps:
          a: {team: front, work: 1h, next: b}
          b:
            team: back
            work: 2h
            next:
              - {to: c, p: 0.75}
              - {to: b, p: 0.25, refusal: true, reason: rework}
          c:
            team: back
            work: 3h
            next:
              - {to: done, p: 0.6}
              - {to: a, p: 0.4, refusal: true}
          done: {kind: end}
        """)
    chain = chains.build(process)
    steps = step_figures(chain)
    # v_a = 1 + 0.4 v_c; v_b = v_a + 0.25 v_b; v_c = 0.75 v_b = v_a  =>  v_a = v_c = 5/3, v_b = 20/9
    assert [steps[s].visits for s in "abc"] == [approx(5 / 3), approx(20 / 9), approx(5 / 3)]
    # N[b,b]: back to b by the self-loop 0.25 or via c and a 0.75 * 0.4: 1 / (1 - 0.55) = 20/9
    assert chain.diagonal[chain.index["b"]] == approx(20 / 9)
    assert [steps[s].reach for s in "abc"] == [approx(1.0)] * 3
    f = compute(process)
    # lead = 5/3 * 1h + 20/9 * 2h + 5/3 * 3h = 5/3 + 40/9 + 5 = 100/9
    assert f.lead_time_h == approx(100 / 9)
    # refusals = 20/9 * 0.25 + 5/3 * 0.4 = 5/9 + 6/9 = 11/9
    assert f.refusals == approx(11 / 9)
    # first pass: b passes (0.75 each time, but any self-loop is a refusal) and c ends: 0.75 * 0.6
    assert f.first_pass_yield == approx(0.45)
    # handoffs: a -> b (5/3) + c -> a (5/3 * 0.4) = 7/3; teams 2; ping-pong = 7/3 - 1
    assert f.handoffs == approx(7 / 3)
    assert f.ping_pong == approx(4 / 3)


def test_outcomes_summed_by_outcome(process_from: ProcessFrom) -> None:
    f = compute(process_from("""
        process: outcomes
        start: a
        steps:
          a:
            team: front
            next:
              - {to: done, p: 0.6}
              - {to: no, p: 0.3, refusal: true}
              - {to: b, p: 0.1}
          b:
            team: front
            next:
              - {to: also-done, p: 0.5}
              - {to: gone, p: 0.5}
          done: {kind: end}
          also-done: {kind: end, outcome: resolved}
          no: {kind: end, outcome: refused}
          gone: {kind: end, outcome: abandoned}
        """))
    # resolved 0.6 + 0.1 * 0.5; refused 0.3; abandoned 0.1 * 0.5
    assert f.outcomes == {"resolved": approx(0.65), "refused": approx(0.3), "abandoned": approx(0.05)}
    # refused at least once = 0.3, and a refusal to an end step cannot repeat
    assert f.p_refused_once == approx(0.3)
    assert f.p_refused_twice == approx(0.0)


def test_teams_systems_and_approvals(process_from: ProcessFrom) -> None:
    f = compute(process_from("""
        process: touched
        start: a
        steps:
          a:
            team: front
            systems: [crm]
            next:
              - {to: b, p: 0.4}
              - {to: done, p: 0.6}
          b: {kind: approval, team: boss, systems: [crm, ledger, ledger], next: c}
          c: {team: front, systems: [mail], next: done}
          done: {kind: end, systems: [mail]}
        """))
    # teams: front 1 + boss 0.4; systems: crm 1, ledger 0.4, mail 1 (the end step uses it too)
    assert f.teams_touched == approx(1.4)
    assert f.team_reach == {"front": approx(1.0), "boss": approx(0.4)}
    assert f.systems_touched == approx(2.4)
    assert f.approvals == approx(0.4)
    # a -> b -> c is front -> boss -> front: 2 handoffs and 1 return, with probability 0.4
    assert f.handoffs == approx(0.8)
    assert f.ping_pong == approx(0.4)


def test_ping_pong_a_b_c_a(process_from: ProcessFrom) -> None:
    f = compute(process_from("""
        process: pingpong
        start: a
        steps:
          a: {team: front, next: b}
          b: {team: back, next: c}
          c: {team: boss, next: d}
          d: {team: front, next: e}
          e: {team: back, next: done}
          done: {kind: end}
        """))
    # 4 handoffs, 3 teams, returns to front (d) and to back (e)
    assert f.handoffs == approx(4.0)
    assert f.ping_pong_by_team == {"front": approx(1.0), "back": approx(1.0), "boss": approx(0.0)}
    assert f.ping_pong == approx(2.0)


def test_durations_distributions_and_iso(process_from: ProcessFrom) -> None:
    f = compute(process_from("""
        process: durations
        start: a
        steps:
          a: {team: front, wait: PT15M, work: {min: 5m, mode: 10m, max: 45m}, next: b}
          b: {team: front, wait: P2D, work: {mean: 1h30m, cv: 0.5}, next: c}
          c: {team: front, wait: {p50: 1h, p90: 1h}, work: 1w, next: done}
          done: {kind: end}
        """))
    # a: 0.25h + (5 + 10 + 45) / 3 m = 0.25 + 1/3 h; b: 48h + 1.5h;
    # c: log-normal with p50 = p90 = 1h has sigma 0, mean exactly 1h; work 168h
    assert f.lead_time_h == approx(0.25 + 1 / 3 + 49.5 + 1 + 168)
    assert f.touch_time_h == approx(1 / 3 + 1.5 + 168)


def test_lognormal_mean(process_from: ProcessFrom) -> None:
    f = compute(process_from("""
        process: lognormal
        start: a
        steps:
          a: {team: front, wait: {p50: 10m, p90: 40m}, next: done}
          done: {kind: end}
        """))
    # mu = ln(10m), sigma = ln(4) / z90 = 1.386294 / 1.281552 = 1.081731;
    # mean = 10m * exp(sigma^2 / 2) = 10m * exp(0.585071) = 17.9518m
    assert f.lead_time_h * 60 == approx(17.9518, abs=1e-3)


def test_start_at_an_end_step(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: nothing
        start: done
        steps:
          done: {kind: end, outcome: abandoned}
        """)
    f = compute(process)
    assert (f.lead_time_h, f.flow_efficiency, f.handoffs, f.teams_touched) == (0, None, 0, 0)
    assert f.outcomes == {"abandoned": 1.0}
    assert step_figures(chains.build(process))["done"].reach == 1.0


def without_branches(process: Process, drop: Callable[[Step, Branch], bool]) -> Process:
    """The slow way: the process with the dropped branches removed and each step's others renormalized."""
    steps = {}
    for step in process.steps.values():
        kept = [b for b in step.next if not drop(step, b)]
        total = sum(b.p for b in kept)
        if kept and len(kept) < len(step.next):
            step = dataclasses.replace(step, next=tuple(b._replace(p=b.p / total) for b in kept))
        steps[step.id] = step
    return dataclasses.replace(process, steps=steps)


def test_times_without_a_branch_match_rebuilding_the_process() -> None:
    # The rank-one update must agree with the slow way: remove the branch, renormalize, solve again.
    from processwalk.analysis.chain import build as build_chain
    from processwalk.analysis.figures import basic, times_without, times_without_each
    from processwalk.project import load_paths

    checked = 0
    for process in load_paths(["processes"]).processes:
        chain = build_chain(process)
        every = [(step.id, branch) for step in process.steps.values() for branch in step.next]
        together = times_without_each(chain, every)  # all the rank-one updates at once
        for (step_id, branch), at_once in zip(every, together):
            fast = times_without(chain, [(step_id, branch)])
            assert at_once == (None if fast is None else pytest.approx(fast, rel=1e-12))
            if fast is None:
                assert len(process.steps[step_id].next) == 1
                continue

            def dropped(step: Step, b: Branch, branch: Branch = branch) -> bool:
                return b is branch

            slow = basic(without_branches(process, dropped))
            assert fast == pytest.approx((slow.lead_time_h, slow.touch_time_h), rel=1e-9)
            checked += 1
    assert checked > 40
    assert times_without_each(chain, []) == []


def test_a_walk_that_starts_at_its_end_has_nothing_to_take_out(process_from: ProcessFrom) -> None:
    from processwalk.analysis.figures import times_without, times_without_each

    chain = chains.build(process_from("""
        process: nothing
        start: done
        steps:
          done: {kind: end, outcome: abandoned}
        """))
    assert chain.start < 0
    assert times_without(chain, []) is None and times_without_each(chain, []) == []
    assert chain.visits_with([], (np.zeros((0, 0)), np.zeros((1, 0)))) is None


def test_times_without_several_branches_match_rebuilding_the_process() -> None:
    # Woodbury over every refusal of a process at once, two of them out of one step in the
    # synthetic one, against the slow way.
    from processwalk.analysis.chain import build as build_chain
    from processwalk.analysis.figures import basic, times_without
    from processwalk.project import load_paths

    checked = 0
    for process in load_paths(["processes"]).processes:
        removed = [(s.id, b) for s in process.steps.values() for b in s.next if b.refusal]
        if len({s for s, _ in removed}) < 2:
            continue
        fast = times_without(build_chain(process), removed)
        slow = basic(without_branches(process, lambda s, b: b.refusal))
        assert fast == pytest.approx((slow.lead_time_h, slow.touch_time_h), rel=1e-9)
        checked += 1
    assert checked >= 2


def test_times_without_is_none_when_cases_could_not_finish(process_from: ProcessFrom) -> None:
    from processwalk.analysis.chain import build as build_chain
    from processwalk.analysis.figures import basic, times_without

    process = process_from("""
        process: trap
        start: a
        steps:
          a: {team: front, next: [{to: b, p: 0.5}, {to: done, p: 0.5}]}
          b: {team: back, next: [{to: a, p: 0.5}, {to: c, p: 0.5}]}
          c: {team: boss, next: [{to: b, p: 0.9}, {to: done, p: 0.1, refusal: true}]}
          done: {kind: end}
        """)
    a_on = next(b for b in process.steps["a"].next if b.to == "b")
    a_out = next(b for b in process.steps["a"].next if b.to == "done")
    c_out = next(b for b in process.steps["c"].next if b.to == "done")
    # without both ways out, a, b and c pass cases among themselves for ever
    assert times_without(build_chain(process), [("a", a_out), ("c", c_out)]) is None
    # a step left with no branch at all
    assert times_without(build_chain(process), [("a", a_out), ("a", a_on)]) is None
    assert times_without(build_chain(process), [("c", c_out)]) is not None
    # one send-back that is its loop's only way out: a rank-one update that finds no way out
    loop = process_from("""
        process: loop
        start: a
        steps:
          a: {team: front, next: b}
          b: {team: back, next: [{to: a, p: 0.5}, {to: done, p: 0.5}]}
          done: {kind: end}
        """)
    out = next(b for b in loop.steps["b"].next if b.to == "done")
    assert times_without(build_chain(loop), [("b", out)]) is None
    # nothing taken out: the walk as it is
    assert times_without(build_chain(process), []) == pytest.approx(
        (basic(process).lead_time_h, basic(process).touch_time_h))


def test_difference_is_zero_below_rounding() -> None:
    from processwalk.analysis.figures import difference

    assert difference(30.0, 12.5) == 17.5
    assert difference(1e6, 1e6 - 1e-6) == 0.0  # a billionth of a millionth-hour figure: rounding
    assert difference(1e6, 1e6 - 1e-2) == pytest.approx(1e-2)
    assert difference(0.0, -1e-12) == 0.0  # figures near zero: an absolute billionth of an hour
    assert difference(0.0, -2e-9) == 2e-9
