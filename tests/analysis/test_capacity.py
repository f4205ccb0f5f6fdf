from __future__ import annotations

import pytest

from processwalk.analysis import chain as chains
from processwalk.analysis.capacity import LOAD, POLICY, UNBOUNDED, Capacity, capacity
from tests.approx import near

from .conftest import ProcessFrom

approx = pytest.approx

# front: staff 2, 7h a day, 5 days a week -> 2 * 7 * 5 / 7 = 10 staff hours per calendar day
# back: staff 1, 8h, 5 days -> 40/7 = 5.714 h/day; boss: no staff
LOADED = """
process: loaded
demand: 24/day
start: a
steps:
  a: {team: front, wait: 10m, work: 15m, next: b}
  b:
    team: back
    wait: 2d
    work: {mean: 30m, cv: 0.5}
    backlog: {open: 120, oldest: 30d}
    next: c
  c: {team: boss, kind: approval, wait: 1d, work: 5m, next: d}
  d: {team: front, wait: 1d, work: 15m, next: done}
  done: {kind: end}
"""


def capacity_of(process_from: ProcessFrom, text: str) -> Capacity:
    process = process_from(text)
    return capacity(process, chains.build(process).visits_of())


def test_load_capacity_utilization(process_from: ProcessFrom) -> None:
    cap = capacity_of(process_from, LOADED)
    front, back, boss = cap.teams["front"], cap.teams["back"], cap.teams["boss"]
    # front: 24 cases * (15m + 15m) = 12 h/day on 10 h/day: utilization 1.2
    assert (front.load_h_per_day, front.capacity_h_per_day, front.utilization) == (near(12), near(10), near(1.2))
    # back: 24 * 0.5h = 12 h/day on 40/7 h/day: 2.1
    assert back.utilization == approx(2.1)
    # boss declares no staff: capacity and utilization are "not declared", never 0
    assert (boss.load_h_per_day, boss.capacity_h_per_day, boss.utilization) == (near(2.0), None, None)
    assert cap.bottleneck == "back"
    assert cap.max_demand_per_day == approx(24 / 2.1)
    # backlog growth: (12 - 40/7) h/day / 0.5h per item = 12.571 items/day; front: (12 - 10) / 0.25 = 8
    assert back.backlog_growth_per_day == approx((12 - 40 / 7) / 0.5)
    assert front.backlog_growth_per_day == approx(8.0)
    assert boss.backlog_growth_per_day is None


def test_overloaded_steps_have_no_predicted_wait(process_from: ProcessFrom) -> None:
    steps = capacity_of(process_from, LOADED).steps
    assert steps["b"].predicted_wait_h is None
    assert steps["b"].verdict == UNBOUNDED
    # Little's law: 120 open / 24 arrivals a day = 5 days
    assert steps["b"].backlog_age_d == approx(5.0)
    assert steps["b"].arrivals_per_day == approx(24.0)
    # the boss has no staff: nothing to predict, no verdict
    assert (steps["c"].predicted_wait_h, steps["c"].verdict) == (None, None)
    assert steps["a"].backlog_age_d is None


def test_predicted_wait_and_verdict(process_from: ProcessFrom) -> None:
    cap = capacity_of(process_from, """
        process: light
        demand: 12/day
        start: a
        steps:
          a: {team: front, wait: 10m, work: 15m, next: b}
          b: {team: front, wait: 1d, work: 15m, next: done}
          done: {kind: end}
        """)
    # front: 12 * 0.5h = 6 h/day on 10: rho = 0.6, c = 2, cs = 1 (single figure), ca = 1
    # E[S] = 0.25h * 24 / 5 (7h * 5 / 7 per calendar day) = 1.2 elapsed hours
    # offered load a = rho * c = 1.2; Erlang B: B(1) = 1.2 / 2.2 = 0.545455, B(2) = 1.2 * B(1) / (2 + 1.2 * B(1))
    # = 0.654545 / 2.654545 = 0.246575; C = 2 B / (2 - 1.2 (1 - B)) = 0.493151 / 1.095890 = 0.45
    # (M/M/2: 2 rho^2 / (1 + rho) = 0.72 / 1.6 = 0.45); Wq = C * E[S] / (c - a) * (1 + 1) / 2
    # = 0.45 * 1.2 / 0.8 = 0.675h
    assert cap.steps["a"].predicted_wait_h == approx(0.675, rel=1e-12)
    # 10m is below 3 * 0.675h + 1h: load explains it; 1d is far above: policy, batching or priority
    assert cap.steps["a"].verdict == LOAD
    assert cap.steps["b"].verdict == POLICY
    assert cap.steps["done"] == cap.steps["done"].__class__(near(12.0), None, None, None)


def test_without_demand_everything_is_not_declared(process_from: ProcessFrom) -> None:
    cap = capacity_of(process_from, LOADED.replace("demand: 24/day\n", ""))
    assert cap.teams["front"].load_h_per_day is None
    assert cap.teams["front"].capacity_h_per_day == approx(10.0)
    assert cap.teams["front"].utilization is None
    assert (cap.bottleneck, cap.max_demand_per_day) == (None, None)
    assert cap.steps["b"] == cap.steps["b"].__class__(None, None, None, None)


def test_no_work_no_bottleneck(process_from: ProcessFrom) -> None:
    cap = capacity_of(process_from, """
        process: idle
        demand: 10/day
        start: a
        steps:
          a: {team: front, wait: 2h, next: done}
          done: {kind: end}
        """)
    assert cap.teams["front"].utilization == 0.0
    assert (cap.bottleneck, cap.max_demand_per_day) == (None, None)
    # rho 0 predicts no wait: 2h > 3 * 0 + 1h is not explained by load
    assert cap.steps["a"].predicted_wait_h == 0.0
    assert cap.steps["a"].verdict == POLICY


def test_arrivals_cv_enters_the_predicted_wait(process_from: ProcessFrom) -> None:
    cap = capacity_of(process_from, """
        process: bursty
        demand: 12/day
        arrivals_cv: 2
        start: a
        steps:
          a: {team: front, wait: 10m, work: 15m, next: done}
          done: {kind: end}
        """)
    # front: 12 * 0.25h = 3 h/day on 10: rho = 0.3, c = 2, a = 0.6, E[S] = 1.2h, cs = 1, ca = 2
    # Erlang B: B(1) = 0.6 / 1.6 = 0.375, B(2) = 0.6 * 0.375 / (2 + 0.225) = 0.101124;
    # C = 2 B / (2 - 0.6 (1 - B)) = 0.202247 / 1.460674 = 0.138462 (M/M/2: 2 * 0.09 / 1.3);
    # Wq = 0.138462 * 1.2 / 1.4 * (4 + 1) / 2 = 0.296703h
    assert cap.steps["a"].predicted_wait_h == approx(2 * 0.09 / 1.3 * 1.2 / 1.4 * 2.5, rel=1e-12)
