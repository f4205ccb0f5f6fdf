"""Properties that hold for every valid process (random small ones from :mod:`.strategies`)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from processwalk.analysis import chain as chains
from processwalk.analysis.figures import Basic, basic, compute, step_figures
from processwalk.analysis.friction import policy_friction, without_quickly
from processwalk.analysis.paths import walk_paths
from processwalk.analysis.simulate import simulate
from processwalk.model import Process
from processwalk.transform import without_policy

from .helpers import load_process
from .strategies import process_yaml

PROPERTIES = settings(max_examples=60, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow])


def refused_at_least_by_augmented_chain(process: Process, k: int) -> float:
    """P(refused >= k) from the chain whose state is (step, refusals so far), built densely here."""
    steps = [s for s, step in process.steps.items() if not step.is_end]
    index = {(s, r): i for i, (s, r) in enumerate((s, r) for r in range(k) for s in steps)}
    q = np.zeros((len(index), len(index)))
    to_cap = np.zeros(len(index))
    for (s, r), i in index.items():
        for b in process.steps[s].next:
            level = r + b.refusal
            if level >= k:
                to_cap[i] += b.p
            elif b.to in process.steps and not process.steps[b.to].is_end:
                q[i, index[(b.to, level)]] += b.p
    visits = np.linalg.solve((np.eye(len(index)) - q).T, np.eye(len(index))[index[(process.start, 0)]])
    return float(visits @ to_cap)


@PROPERTIES
@given(process_yaml())
def test_exact_figures_are_consistent(text: str) -> None:
    process = load_process(text)
    chain = chains.build(process)
    f = compute(process, chain)
    steps = step_figures(chain)
    for s in steps.values():
        assert 0 <= s.reach <= s.visits + 1e-9 and s.reach <= 1 + 1e-9
    assert sum(f.outcomes.values()) == pytest.approx(1.0)
    assert f.first_pass_yield == pytest.approx(1 - refused_at_least_by_augmented_chain(process, 1), abs=1e-9)
    assert f.p_refused_twice == pytest.approx(refused_at_least_by_augmented_chain(process, 2), abs=1e-9)
    # every step has a team and the start is not an end: ping-pong = handoffs - (teams touched - 1)
    assert f.ping_pong == pytest.approx(f.handoffs - f.teams_touched + 1, abs=1e-9)
    assert f.repeat_contacts >= -1e-9 and f.touch_time_h <= f.lead_time_h + 1e-9
    q = chain.q
    truth = np.linalg.inv(np.eye(chain.n) - q)
    assert chain.visits == pytest.approx(truth[chain.start])
    assert chain.diagonal == pytest.approx(np.diag(truth))
    assert sum(p.probability for p in walk_paths(process, max_expansions=2000)) <= 1 + 1e-9


@PROPERTIES
@given(process_yaml())
def test_simulated_mean_agrees_with_exact_lead_time(text: str) -> None:
    process = load_process(text)
    sim = simulate(process, cases=4000)
    exact = compute(process).lead_time_h
    assert sim.truncated == 0
    assert abs(sim.mean_h - exact) <= 4 * sim.std_error_h + 1e-9 * max(1.0, exact)


@PROPERTIES
@given(process_yaml())
def test_policy_friction(text: str) -> None:
    process = load_process(text)
    assert without_policy(process, "idle") == process
    assert basic(without_policy(process, "idle")) == basic(process)
    for policy in ("sign", "proof"):
        without = without_policy(process, policy)
        # never a trap: every case still ends, and every figure is finite
        assert sum(compute(without).outcomes.values()) == pytest.approx(1.0)
        assert all(b.policy != policy or b.to in process.steps for s in without.steps.values() for b in s.next)
    frictions = policy_friction(process)
    assert set(frictions) <= {"sign", "proof"}
    assert all(np.isfinite(f.lead_time_h) and np.isfinite(f.refusals) for f in frictions.values())


def same_basic(quick: Basic, slow: Basic) -> None:
    """Two ways to the same figures: equal up to the rounding of different solves."""
    assert quick.lead_time_h == pytest.approx(slow.lead_time_h, rel=1e-9, abs=1e-9)
    assert quick.touch_time_h == pytest.approx(slow.touch_time_h, rel=1e-9, abs=1e-9)
    assert quick.handoffs == pytest.approx(slow.handoffs, rel=1e-9, abs=1e-9)
    assert quick.approvals == pytest.approx(slow.approvals, rel=1e-9, abs=1e-9)
    assert quick.refusals == pytest.approx(slow.refusals, rel=1e-9, abs=1e-9)
    assert set(quick.touch_by_team_h) == set(slow.touch_by_team_h)
    assert quick.touch_by_team_h == pytest.approx(slow.touch_by_team_h, rel=1e-9, abs=1e-9)
    assert quick.visits == pytest.approx(slow.visits, rel=1e-9, abs=1e-9)


@PROPERTIES
@given(process_yaml())
def test_the_quick_bypass_is_the_process_rebuilt(text: str) -> None:
    # Where the low-rank update answers, it must give the figures of the process without the policy.
    process = load_process(text)
    chain = chains.build(process)
    for policy in ("sign", "proof"):
        quick = without_quickly(chain, policy)
        if quick is not None:
            same_basic(quick, basic(without_policy(process, policy)))


def test_the_quick_bypass_answers_for_the_usual_policies() -> None:
    # The examples and the benchmark's processes: each policy that only governs steps is
    # bypassed by the update, with the figures of the rebuilt process.
    import sys
    import tempfile
    from pathlib import Path

    from processwalk.project import load_paths
    from processwalk.transform import used_policies

    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from bench_validate import write_project

    with tempfile.TemporaryDirectory() as folder:
        processes = load_paths(["processes", write_project(folder, 5)]).processes
    quick_ones = 0
    for process in processes:
        chain = chains.build(process)
        for policy in used_policies(process):
            quick = without_quickly(chain, policy)
            if quick is not None:
                same_basic(quick, basic(without_policy(process, policy)))
                quick_ones += 1
    assert quick_ones >= 15
