from __future__ import annotations

import pytest

from processwalk.analysis.chain import build
from processwalk.analysis.figures import basic
from processwalk.analysis.friction import (
    policy_friction,
    together,
    without_quickly,
)
from processwalk.transform import used_policies, without_policy
from tests.approx import near

from .conftest import ProcessFrom

approx = pytest.approx

SIGNED = """
process: credit
demand: 10/day
start: a
steps:
  a: {team: front, work: 10m, next: approve}
  approve:
    kind: approval
    team: boss
    policy: sign
    wait: 1d
    work: 6m
    next:
      - {to: b, p: 0.9}
      - {to: refused, p: 0.1, refusal: true, policy: sign}
  b: {team: back, wait: 2h, work: 30m, next: done}
  done: {kind: end}
  refused: {kind: end, outcome: refused}
"""


def targets(process: object, step: str) -> dict[tuple[str, bool], float]:
    found: dict[tuple[str, bool], float] = {}
    for b in process.steps[step].next:  # type: ignore[attr-defined]
        found[(b.to, b.refusal)] = found.get((b.to, b.refusal), 0.0) + b.p
    return found


def test_friction_of_an_approval(process_from: ProcessFrom) -> None:
    process = process_from(SIGNED)
    without = without_policy(process, "sign")
    assert "approve" not in without.steps
    assert targets(without, "a") == {("b", False): approx(1.0)}
    f = policy_friction(process)["sign"]
    # with:    lead = 10m + (1d + 6m) + 0.9 * 2.5h = 26.516667h; touch = 10m + 6m + 0.9 * 30m = 0.716667h
    # without: lead = 10m + 2.5h = 2.666667h; touch = 10m + 30m = 0.666667h
    assert f.lead_time_h == approx(23.85)
    assert f.touch_time_h == approx(0.05)
    # refusals 0.1; handoffs front->boss 1 + boss->back 0.9 against front->back 1; one approval
    assert (f.refusals, f.handoffs, f.approvals) == (near(0.1), near(0.9), near(1.0))
    # per year: 10 * 365.25 = 3652.5 cases; 3652.5 * 23.85h / 24 = 3629.67 customer-days; 3652.5 * 0.05h staff
    assert f.customer_days_per_year == approx(3652.5 * 23.85 / 24)
    assert f.staff_hours_per_year == approx(182.625)
    # cost: the boss (+6m) declares no hourly cost; the back office does 0.45h instead of 0.5h at 40:
    # 3652.5 * (-0.05h * 40) = -7305 (the refused 10% save back-office time)
    assert f.cost_per_year == approx(-7305.0)


TWO_RULES = """
process: credit
demand: 10/day
start: a
steps:
  a: {team: front, work: 10m, next: check}
  check: {team: back, policies: [sign, proof], wait: 1d, work: 30m, next: done}
  done: {kind: end}
"""


def test_policies_that_overlap_do_not_add_up(process_from: ProcessFrom) -> None:
    process = process_from(TWO_RULES)
    each = policy_friction(process)
    # either policy alone bypasses 'check': lead 10m + 1d 30m = 24.666667h against 10m, so each adds 24.5h,
    # 3652.5 * 24.5 / 24 = 3,728.59 customer-days a year; summed they would claim 7,457.19
    assert each["sign"].customer_days_per_year == approx(3652.5 * 24.5 / 24)
    assert each["proof"].customer_days_per_year == approx(3652.5 * 24.5 / 24)
    # taken away together, 'check' goes once: the joint figure is 24.5h a case, 3,728.59 customer-days
    joint = together(process, basic(process))
    assert joint is not None
    assert joint.lead_time_h == approx(24.5)
    assert joint.customer_days_per_year == approx(3652.5 * 24.5 / 24)
    assert joint.staff_hours_per_year == approx(3652.5 * 0.5)


def test_no_policy_no_joint_figure(process_from: ProcessFrom) -> None:
    process = process_from(TWO_RULES.replace("policies: [sign, proof], ", ""))
    assert together(process, basic(process)) is None


def test_only_used_policies_and_no_demand(process_from: ProcessFrom) -> None:
    process = process_from(SIGNED.replace("demand: 10/day\n", ""))
    assert used_policies(process) == ["sign"]
    f = policy_friction(process)["sign"]
    assert (f.customer_days_per_year, f.staff_hours_per_year, f.cost_per_year) == (None, None, None)


def test_branches_caused_by_a_policy_are_removed_and_renormalized(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: proof
        start: a
        steps:
          a:
            team: front
            next:
              - {to: b, p: 0.6}
              - {to: c, p: 0.2}
              - {to: no, p: 0.2, refusal: true, policy: proof}
          b: {team: front, next: done}
          c: {team: front, next: done}
          done: {kind: end}
          no: {kind: end, outcome: refused}
        """)
    # 0.6 / 0.8 and 0.2 / 0.8
    assert targets(without_policy(process, "proof"), "a") == {("b", False): approx(0.75), ("c", False): approx(0.25)}
    # unused: the cost of nobody's time changes is not priced
    assert policy_friction(process)["proof"].cost_per_year is None


def test_bypass_is_transitive_through_loops_and_moves_the_start(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: chained
        start: g1
        steps:
          g1:
            team: front
            policy: sign
            next:
              - {to: g2, p: 0.5}
              - {to: x, p: 0.3}
              - {to: no, p: 0.2, refusal: true}
          g2:
            team: boss
            policies: [sign]
            next:
              - {to: g1, p: 0.5}
              - {to: y, p: 0.5}
          x:
            team: back
            next:
              - {to: g2, p: 0.4, refusal: true, reason: sent back}
              - {to: done, p: 0.6}
          y: {team: back, next: done}
          done: {kind: end}
          no: {kind: end, outcome: refused}
        """)
    without = without_policy(process, "sign")
    # pass branches renormalized: g1 -> g2 0.625, x 0.375; g2 -> g1 0.5, y 0.5
    # D(g1) = 0.625 D(g2) + 0.375 x, D(g2) = 0.5 D(g1) + 0.5 y  =>  D(g1) = 6/11 x + 5/11 y,
    # D(g2) = 3/11 x + 8/11 y
    assert set(without.steps) == {"g1", "x", "y", "done", "no"}
    start = without.steps["g1"]
    assert (start.team, start.kind, start.wait.mean) == (None, "task", 0.0)
    assert targets(without, "g1") == {("x", False): approx(6 / 11), ("y", False): approx(5 / 11)}
    # x's send-back keeps its refusal flag: 0.4 * 3/11 back to x, 0.4 * 8/11 on to y
    assert targets(without, "x") == {("x", True): approx(1.2 / 11), ("y", True): approx(3.2 / 11),
                                     ("done", False): approx(0.6)}


def test_a_bypass_to_one_step_moves_the_start_there(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: moved
        start: g
        steps:
          g: {team: front, policy: sign, next: [{to: a, p: 0.9}, {to: no, p: 0.1, refusal: true}]}
          a: {team: front, next: done}
          done: {kind: end}
          no: {kind: end}
        """)
    without = without_policy(process, "sign")
    assert without.start == "a" and "g" not in without.steps


def test_a_branch_caused_by_the_policy_into_its_step_is_bypassed_as_a_pass(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: detour
        start: check
        steps:
          check:
            team: back
            next:
              - {to: sign-off, p: 0.35, policy: sign}
              - {to: ask, p: 0.07, refusal: true}
              - {to: post}
          ask: {team: front, kind: contact, wait: 1d, next: check}
          sign-off:
            kind: approval
            team: boss
            policy: sign
            wait: 2d
            next:
              - {to: post, p: 0.98}
              - {to: refused, p: 0.02, refusal: true, policy: sign}
          post: {team: back, next: done}
          done: {kind: end}
          refused: {kind: end, outcome: refused}
        """)
    without = without_policy(process, "sign")
    # the 35% over the limit go straight on to post, not partly to 'ask'
    assert targets(without, "check") == {("post", False): approx(0.93), ("ask", True): approx(0.07)}
    f = policy_friction(process)["sign"]
    # the sign-off's 2 days for the 35% routed there, per pass of check (1 / 0.93 passes)
    assert f.lead_time_h == approx(0.35 / 0.93 * 48, rel=1e-9)
    assert f.approvals == approx(0.35 / 0.93)


def test_steps_that_only_refuse_stay(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: stays
        start: a
        steps:
          a: {team: front, next: [{to: tell, p: 0.3}, {to: done, p: 0.7}]}
          tell: {team: front, policy: sign, next: [{to: refused, refusal: true}]}
          loop1: {team: front, policy: proof, next: [{to: loop2, p: 0.5}, {to: refused, p: 0.5, refusal: true}]}
          loop2: {team: front, policy: proof, next: loop1}
          done: {kind: end}
          refused: {kind: end}
        """.replace("{to: tell, p: 0.3}", "{to: tell, p: 0.2}, {to: loop1, p: 0.1}"))
    # 'tell' has no pass branch; loop1 <-> loop2 pass only to each other: no way past them is declared
    assert without_policy(process, "sign") == process
    assert without_policy(process, "proof") == process


def test_a_step_whose_every_branch_the_policy_causes_keeps_them(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: only
        start: a
        steps:
          a: {team: front, next: [{to: done, policy: proof}]}
          done: {kind: end}
        """)
    assert without_policy(process, "proof") == process


def test_a_policy_that_governs_nothing_changes_nothing(process_from: ProcessFrom) -> None:
    process = process_from(SIGNED)
    assert without_policy(process, "idle") == process
    assert basic(without_policy(process, "idle")) == basic(process)


def test_a_removal_that_would_trap_cases_is_undone(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: trap
        start: a
        steps:
          a: {team: front, next: b}
          b:
            team: front
            next:
              - {to: done, p: 0.5, policy: proof}
              - {to: a}
          done: {kind: end}
        """)
    # the policy's branch is the loop's only exit: without it cases would loop forever
    assert without_policy(process, "proof") == process


def test_a_bypass_that_would_trap_cases_is_undone(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: trap
        start: a
        steps:
          a: {team: front, next: g}
          g:
            team: boss
            policy: sign
            next:
              - {to: a, p: 0.5}
              - {to: no, p: 0.5, refusal: true}
          no: {kind: end}
        """)
    # bypassing g would send a back to a forever: g stays
    assert without_policy(process, "sign") == process
    # the low-rank update sees the trap too, and leaves the case to the rebuild
    assert without_quickly(build(process), "sign") is None
    assert policy_friction(process)["sign"].lead_time_h == 0.0


def test_a_bypassed_step_that_refuses_into_another_is_bypassed_like_the_rebuild(process_from: ProcessFrom) -> None:
    # g1 and g2 both follow 'sign'; g1 sends refusals into g2 (a refusal is no pass, so no chain):
    # the update leaves g1's own handoff out and agrees with the process rebuilt without 'sign'
    process = process_from("""
        process: two-signatures
        start: a
        steps:
          a: {team: front, next: g1}
          g1:
            team: boss
            policy: sign
            next:
              - {to: b, p: 0.8}
              - {to: g2, p: 0.2, refusal: true}
          g2: {team: back, policy: sign, next: b}
          b: {team: front, next: done}
          done: {kind: end}
        """)
    quick, slow = without_quickly(build(process), "sign"), basic(without_policy(process, "sign"))
    assert quick is not None
    assert (quick.lead_time_h, quick.handoffs, quick.refusals) == approx((slow.lead_time_h, slow.handoffs,
                                                                          slow.refusals))
