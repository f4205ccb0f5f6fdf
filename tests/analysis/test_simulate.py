from __future__ import annotations

import dataclasses
import math

import pytest

from processwalk.analysis.figures import compute
from processwalk.analysis.simulate import no_slower, simulate
from processwalk.model import Process
from processwalk.units import with_mean

from .conftest import ProcessFrom

CONSTANT_LOOP = """
process: constant
sla: 5h
start: a
steps:
  a: {team: front, wait: {mean: 1h, cv: 0}, work: {mean: 1h, cv: 0}, next: b}
  b:
    team: back
    work: {mean: 2h, cv: 0}
    next:
      - {to: done, p: 0.5}
      - {to: a, p: 0.5, refusal: true}
  done: {kind: end}
"""


def test_constant_durations_give_exact_quantiles(process_from: ProcessFrom) -> None:
    sim = simulate(process_from(CONSTANT_LOOP), cases=20_000)
    # a round costs 4h; rounds are geometric with p = 0.5: P(4h) = .5, P(8h) = .25, P(12h) = .125, ...
    # p50 = 4h (half the cases take one round, the median interpolates at 4h to 8h), p85 = 12h, p95 = 20h
    assert sim.p85_h == 12.0
    assert sim.p95_h == 20.0
    assert 4.0 <= sim.p50_h <= 8.0
    # mean = 4h * 2 = 8h; over the 5h sla: every case needing 2 rounds or more, 0.5
    assert abs(sim.mean_h - 8.0) < 4 * sim.std_error_h
    assert sim.share_over_sla == pytest.approx(0.5, abs=0.02)
    assert (sim.cases, sim.seed, sim.truncated) == (20_000, 0, 0)


def test_seeded_and_reproducible(process_from: ProcessFrom) -> None:
    process = process_from(CONSTANT_LOOP)
    assert simulate(process, seed=7) == simulate(process, seed=7)
    assert simulate(process, seed=7).mean_h != simulate(process, seed=8).mean_h


@pytest.mark.parametrize("wait, work", [
    ("2d", "15m"),                                        # exponential (cv 1)
    ("{mean: 2d, cv: 0.3}", "{mean: 15m, cv: 2}"),        # gamma
    ("{min: 1h, mode: 2h, max: 9h}", "{min: 5m, mode: 5m, max: 20m}"),  # triangular, mode at min
    ("{min: 1h, mode: 9h, max: 9h}", "{min: 0, mode: 0, max: 0}"),      # mode at max, degenerate
    ("{p50: 10m, p90: 40m}", "PT5M"),                     # log-normal, ISO
])
def test_simulated_mean_matches_exact_lead_time(process_from: ProcessFrom, wait: str, work: str) -> None:
    process = process_from(f"""
        process: dist
        start: a
        steps:
          a:
            team: front
            wait: {wait}
            work: {work}
            next:
              - {{to: done, p: 0.7}}
              - {{to: a, p: 0.3, refusal: true}}
          done: {{kind: end}}
        """)
    sim = simulate(process, seed=3)
    assert abs(sim.mean_h - compute(process).lead_time_h) < 4 * sim.std_error_h
    assert sim.share_over_sla is None


def test_endless_loops_are_cut_and_counted(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: sticky
        start: a
        steps:
          a:
            team: front
            work: {mean: 1h, cv: 0}
            next:
              - {to: done, p: 0.01}
              - {to: a, p: 0.99}
          done: {kind: end}
        """)
    sim = simulate(process, cases=1000, max_steps=10)
    # a case finishes within 10 steps with 1 - 0.99^10 = 0.0956
    assert sim.truncated == pytest.approx(1000 * 0.99**10, abs=30)
    nothing = simulate(process, cases=10, max_steps=1)
    # with one step nobody can finish: no figures, and no crash
    assert nothing.truncated == 10 and math.isnan(nothing.mean_h) and nothing.share_over_sla is None


def test_single_case_has_no_standard_error(process_from: ProcessFrom) -> None:
    sim = simulate(process_from(CONSTANT_LOOP), cases=1)
    assert sim.std_error_h == 0.0


def test_no_cases_no_simulation(process_from: ProcessFrom) -> None:
    sim = simulate(process_from(CONSTANT_LOOP), cases=0)
    assert (sim.cases, sim.truncated, sim.share_over_sla) == (0, 0, None) and math.isnan(sim.p85_h)


SELF_LOOP = """
process: loop
start: a
steps:
  a:
    team: front
    work: {{mean: 1h, cv: 0}}
    next:
      - {{to: done, p: {exit}}}
      - {{to: a, p: {stay}}}
  done: {{kind: end}}
"""


def test_fewer_cases_when_the_visits_would_pass_the_bound(process_from: ProcessFrom) -> None:
    sim = simulate(process_from(SELF_LOOP.format(exit=0.001, stay=0.999)), cases=10_000)
    # a is visited 1 / 0.001 = 1,000 times, the end once: 1,001 visits a case; 2,000,000 // 1,001 = 1,998 cases
    assert sim.cases == 1_998
    assert sim.note == ("1,998 cases simulated instead of 10,000: a case visits 1,001 steps on average, and a "
                        "simulation holds at most 2,000,000 visits")
    assert sim.mean_h == pytest.approx(1000, rel=0.1)  # 1,000 visits of 1h


def test_no_simulation_when_even_the_fewest_cases_would_pass_the_bound(process_from: ProcessFrom) -> None:
    sim = simulate(process_from(SELF_LOOP.format(exit=0.000001, stay=0.999999)), cases=10_000)
    # 1 / 0.000001 + 1 = 1,000,001 visits a case: 2,000,000 // 1,000,001 = 1 case, fewer than 200
    assert (sim.cases, sim.histogram, sim.share_over_sla) == (0, (), None) and math.isnan(sim.p50_h)
    assert sim.note == ("not simulated: a case visits 1,000,001 steps on average, and a simulation holds at most "
                        "2,000,000 visits; the exact figures stand")


def test_cases_within_the_bound_are_all_walked(process_from: ProcessFrom) -> None:
    sim = simulate(process_from(CONSTANT_LOOP), cases=10_000)
    assert (sim.cases, sim.note) == (10_000, "")


NO_SLOWER = """
process: bounded
sla: 3d
start: a
steps:
  a: {team: front, wait: %s, work: {mean: 1h, cv: 0}, next: [{to: b, p: 0.7}, {to: c, p: 0.3}]}
  b: {team: back, wait: {p50: 2h, p90: 8h}, work: 30m, next: done}
  c: {team: back, wait: {min: 1h, mode: 2h, max: 9h}, work: {mean: 2h, cv: 0.5}, next: done}
  done: {kind: end}
"""


def _scaled(process: Process, step: str, factor: float) -> Process:
    """``process`` with the wait of ``step`` scaled by ``factor``, its shape kept (as a scenario does)."""
    wait = process.steps[step].wait
    steps = {**process.steps, step: dataclasses.replace(process.steps[step], wait=with_mean(wait, wait.mean * factor))}
    return dataclasses.replace(process, steps=steps)


@pytest.mark.parametrize("wait", ["{mean: 1d, cv: 0.5}", "1d", "{mean: 1d, cv: 0}"])
def test_a_process_whose_waits_only_shorten_is_no_slower_case_by_case(process_from: ProcessFrom, wait: str) -> None:
    slower = process_from(NO_SLOWER % wait)
    faster = _scaled(_scaled(slower, "a", 0.6), "b", 0.9)  # gamma / exponential / constant, and log-normal
    assert no_slower(faster, slower) and no_slower(slower, slower)
    assert not no_slower(slower, faster)
    # the same seed draws the same routes and the same random numbers, each scaled down: every
    # percentile is at most the slower one's
    fast, slow = simulate(faster, cases=5_000, seed=3), simulate(slower, cases=5_000, seed=3)
    assert fast.p50_h <= slow.p50_h and fast.p85_h <= slow.p85_h and fast.p95_h <= slow.p95_h and fast.mean_h < slow.mean_h


def test_what_changes_the_draws_or_the_routes_is_not_compared(process_from: ProcessFrom) -> None:
    slower = process_from(NO_SLOWER % "{mean: 1d, cv: 0.5}")
    triangular = _scaled(slower, "c", 0.5)  # scaled in proportion, but left to the simulation
    other_cv = dataclasses.replace(slower, steps={**slower.steps, "a": dataclasses.replace(
        slower.steps["a"], wait=slower.steps["a"].wait._replace(cv=0.4))})
    routed = dataclasses.replace(slower, steps={**slower.steps, "a": dataclasses.replace(
        slower.steps["a"], next=(slower.steps["a"].next[0]._replace(p=0.6), slower.steps["a"].next[1]._replace(p=0.4)))})
    assert [no_slower(p, slower) for p in (triangular, other_cv, routed)] == [False, False, False]
