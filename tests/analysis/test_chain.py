from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from processwalk.analysis import chain as chains
from processwalk.analysis.chain import return_diagonal
from processwalk.analysis.figures import compute, step_figures

from .conftest import ProcessFrom


def long_process(n: int, back_to_start: bool) -> str:
    """``n`` steps in a row; every 5th sends back 2 steps (p 0.1); optionally the last one to the start."""
    lines = ["process: long", "start: s0", "steps:"]
    for i in range(n):
        ahead = f"s{i + 1}" if i + 1 < n else "done"
        back = "s0" if back_to_start and i == n - 1 else (f"s{i - 2}" if i % 5 == 4 else None)
        team = "front" if (i // 3) % 2 else "back"
        if back:
            lines.append(f"  s{i}: {{team: {team}, work: 1h, next: [{{to: {ahead}, p: 0.9}}, "
                         f"{{to: {back}, p: 0.1, refusal: true}}]}}")
        else:
            lines.append(f"  s{i}: {{team: {team}, work: 1h, next: {ahead}}}")
    lines.append("  done: {kind: end}")
    return "\n".join(lines) + "\n"


def dense_truth(chain: chains.Chain) -> tuple[np.ndarray, np.ndarray]:
    q = chain.q.toarray() if sp.issparse(chain.q) else chain.q
    n_matrix = np.linalg.inv(np.eye(chain.n) - q)
    return n_matrix[chain.start], np.diag(n_matrix)


@pytest.mark.parametrize("back_to_start", [False, True])
def test_sparse_chain_matches_dense_inverse(process_from: ProcessFrom, back_to_start: bool) -> None:
    # 400 steps: sparse matrices; with the last step sending back to the start, one component of 400
    chain = chains.build(process_from(long_process(400, back_to_start)))
    assert sp.issparse(chain.q)
    visits, diagonal = dense_truth(chain)
    assert chain.visits == pytest.approx(visits)
    assert chain.diagonal == pytest.approx(diagonal)
    assert chain.ended == pytest.approx([1.0])


def test_dense_and_sparse_give_the_same_figures(process_from: ProcessFrom, monkeypatch: pytest.MonkeyPatch) -> None:
    process = process_from(long_process(40, True))
    dense = compute(process), step_figures(chains.build(process))
    monkeypatch.setattr(chains, "DENSE_BELOW", 0)
    assert sp.issparse(chains.build(process).q)
    sparse = compute(process), step_figures(chains.build(process))
    assert sparse[0].lead_time_h == pytest.approx(dense[0].lead_time_h)
    assert sparse[0].p_refused_twice == pytest.approx(dense[0].p_refused_twice)
    assert sparse[0].teams_touched == pytest.approx(dense[0].teams_touched)
    assert [s.reach for s in sparse[1].values()] == pytest.approx([s.reach for s in dense[1].values()])
    # the low-rank updates of the rules, on sparse rows
    from processwalk.analysis.figures import times_without, times_without_each

    monkeypatch.setattr(chains, "DENSE_BELOW", 300)
    removed = [(s.id, b) for s in process.steps.values() for b in s.next if b.refusal]
    dense_costs = times_without_each(chains.build(process), removed), times_without(chains.build(process), removed)
    monkeypatch.setattr(chains, "DENSE_BELOW", 0)
    sparse_costs = times_without_each(chains.build(process), removed), times_without(chains.build(process), removed)
    assert sparse_costs[0] == [pytest.approx(c) for c in dense_costs[0]] and len(removed) > 5
    assert sparse_costs[1] == pytest.approx(dense_costs[1])


def test_return_diagonal_of_random_matrices() -> None:
    rng = np.random.default_rng(1)
    for n, density in [(1, 1.0), (6, 0.5), (40, 0.1), (350, 0.01)]:
        q = rng.random((n, n)) * (rng.random((n, n)) < density)
        q = 0.9 * q / np.maximum(q.sum(axis=1, keepdims=True), 1e-9)
        truth = np.diag(np.linalg.inv(np.eye(n) - q))
        assert return_diagonal(q) == pytest.approx(truth)
        assert return_diagonal(sp.csr_matrix(q)) == pytest.approx(truth)


def test_a_chain_no_case_can_leave_has_no_figures() -> None:
    # Two steps sending every case to each other: I - Q is singular; the solves give not-a-number.
    factor = chains.Factor(np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert np.isnan(factor.solve_t(np.array([1.0, 0.0]))).all()  # solved
    assert np.isnan(factor.solve_t(np.array([0.0, 1.0]))).all()  # solved
    assert np.isnan(factor.solve_t(np.array([1.0, 1.0]))).all()  # inverted


def test_a_dense_factor_solves_then_inverts_with_the_same_results() -> None:
    q = np.array([[0.0, 0.5, 0.25], [0.2, 0.0, 0.4], [0.0, 0.1, 0.0]])
    factor, truth = chains.Factor(q), np.linalg.inv(np.eye(3) - q).T
    for b in [*np.eye(3), np.ones(3)]:  # the first two by solves, the others with the inverse
        assert factor.solve_t(b) == pytest.approx(truth @ b)


def test_batched_hit_probabilities_match_one_by_one(process_from: ProcessFrom,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    process = process_from(long_process(40, True))
    sets = [[f"s{i}" for i in range(k, 40, 7)] for k in range(7)] + [["done"], ["s39", "done"]]
    dense = chains.build(process)
    expected = [dense.hit_probability(steps) for steps in sets]
    assert dense.hit_probabilities(sets) == pytest.approx(expected, rel=1e-12)
    monkeypatch.setattr(chains, "DENSE_BELOW", 0)
    assert chains.build(process).hit_probabilities(sets) == pytest.approx(expected, rel=1e-9)


def test_batched_hit_probabilities_of_a_chain_no_case_can_leave(process_from: ProcessFrom) -> None:
    # a and b pass every case to each other once c is made absorbing: each set on its own, not-a-number
    import dataclasses

    chain = chains.build(process_from(long_process(3, False)))
    trapped = dataclasses.replace(chain, q_pass=np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]),
                                  q_refuse=np.zeros((3, 3)))
    [reach] = trapped.hit_probabilities([["s2"]])
    assert np.isnan(reach)


def test_return_diagonal_of_empty_chain() -> None:
    assert len(return_diagonal(np.zeros((0, 0)))) == 0
    assert len(return_diagonal(sp.csr_matrix((0, 0)))) == 0


def test_hit_probability_of_an_end_step(process_from: ProcessFrom) -> None:
    chain = chains.build(process_from("""
        process: hit
        start: a
        steps:
          a:
            team: front
            next:
              - {to: b, p: 0.5}
              - {to: done, p: 0.5}
          b:
            team: back
            next:
              - {to: a, p: 0.5}
              - {to: other, p: 0.5}
          done: {kind: end}
          other: {kind: end}
        """))
    # from a: done directly 0.5, or via b and back to a: P = 0.5 + 0.25 P  =>  P = 2/3
    assert chain.hit_probability(["done"]) == pytest.approx(2 / 3)
    # meeting b (0.5) or ending at done without meeting it (0.5): 1
    assert chain.hit_probability(["b", "done"]) == pytest.approx(1.0)
    assert chain.hit_probability(["a"]) == 1.0
    # all at once, in one batched solve, in the order asked; b alone: a leaves for b or for done, 1/2 each
    assert chain.hit_probabilities([["done"], [], ["b", "done"], ["a"], ["b"]]) == pytest.approx(
        [2 / 3, 0.0, 1.0, 1.0, 0.5])
    assert chain.visits_of() == {"a": pytest.approx(4 / 3), "b": pytest.approx(2 / 3),
                                 "done": pytest.approx(2 / 3), "other": pytest.approx(1 / 3)}
