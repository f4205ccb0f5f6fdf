from __future__ import annotations

import math

import pytest

from processwalk.analysis import chain as chains
from processwalk.analysis.capacity import LOAD, POLICY, UNBOUNDED, Capacity, capacity, sakasegawa

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
    assert (front.load_h_per_day, front.capacity_h_per_day, front.utilization) == (approx(12), approx(10), approx(1.2))
    # back: 24 * 0.5h = 12 h/day on 40/7 h/day: 2.1
    assert back.utilization == approx(2.1)
    # boss declares no staff: capacity and utilization are "not declared", never 0
    assert (boss.load_h_per_day, boss.capacity_h_per_day, boss.utilization) == (approx(2.0), None, None)
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


def test_sakasegawa_predicted_wait_and_verdict(process_from: ProcessFrom) -> None:
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
    # Wq = 0.6^(sqrt(6) - 1) / (2 * 0.4) * (1 + 1) / 2 * 1.2 = 0.476906 / 0.8 * 1.2 = 0.715359h
    assert cap.steps["a"].predicted_wait_h == approx(0.7153585, rel=1e-6)
    # 10m is below 3 * 0.715h + 1h: load explains it; 1d is far above: policy, batching or priority
    assert cap.steps["a"].verdict == LOAD
    assert cap.steps["b"].verdict == POLICY
    assert cap.steps["done"] == cap.steps["done"].__class__(approx(12.0), None, None, None)


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


def test_sakasegawa_formula() -> None:
    # single server, rho 0.5, exponential service of 1h: M/M/1 gives rho / (1 - rho) * E[S] = 1h,
    # and Sakasegawa is exact there: 0.5^(sqrt(4) - 1) / (1 * 0.5) * 1 * 1 = 1
    assert sakasegawa(0.5, 1, 1.0, 1.0) == approx(1.0)
    assert sakasegawa(1.0, 3, 1.0, 1.0) is None
    assert sakasegawa(0.5, 0, 1.0, 1.0) is None
    assert math.isclose(sakasegawa(0.9, 4, 0.0, 2.0) or 0, 0.9 ** (math.sqrt(10) - 1) / 0.4 * 0.5 * 2.0)
