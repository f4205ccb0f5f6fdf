"""The absorbing Markov chain of a process, and the exact solves every figure needs.

The transient states are the non-end steps, in declaration order; the absorbing
states are the end steps.  ``Q`` holds the branch probabilities among transient
steps, ``R`` those into end steps; both are split into the *pass* part
(non-refusal branches) and the *refusal* part, because refusal counts need the
two apart.  Below :data:`DENSE_BELOW` steps the matrices are dense numpy arrays,
above they are scipy CSR matrices.  A dense ``I - Q`` is solved with LAPACK
(LU with partial pivoting) and, once it is solved a third time or its diagonal
is asked for, inverted (the fundamental matrix ``N``), every later solve being a
product with it; a sparse one is factorized (sparse LU) and never inverted.
scipy is imported only for the sparse case, which keeps it out of the start-up
of every command on processes of usual size.

The rules ask what a process would be without some branches (a send-back, every
send-back of a loop, the bypass of a governed step).  Only the rows of the steps
concerned change, so :meth:`Chain.visits_with` answers by a low-rank update of
the solves already made (Sherman-Morrison for one row, Woodbury for several),
and :meth:`Chain.visits_without_each` makes many rank-one updates at once.

Visits ``v = N[start, :]`` solve ``(I - Q)^T v = e_start`` once.  Reach needs
the diagonal ``N[i, i] = 1 / (1 - f_ii)``, ``f_ii`` the probability of coming
back to ``i``.  Dense, it is read off the inverse the solves use.  Sparse, it
is found per strongly connected component: a return to ``i`` can only run
through steps of ``i``'s component (once a case leaves it, the condensation is
a DAG and it can never come back), so ``N[i, i]`` equals the diagonal of
``(I - Q_CC)^-1`` for the component ``C`` of ``i`` alone.  Components are small
in real processes (a loop of a few steps); a component of one step has
``N[i, i] = 1 / (1 - Q[i, i])``.  A large component is factorized once (sparse
LU) and its diagonal read off solves in blocks of unit vectors.  This is exact
and linear in the size of the process for the usual shape.
"""
from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from processwalk.model import Branch, Process, Step

#: Processes with fewer transient steps than this use dense matrices.
DENSE_BELOW = 300
#: Unit columns solved at once when reading the diagonal of a large component.
_BLOCK = 256

Vector = np.ndarray[Any, np.dtype[np.float64]]


class Factor:
    """``I - Q`` made ready for solves: a sparse LU, or dense, inverted from its third solve on.

    A dense solve costs about a third of an inversion; a chain that is solved
    again and again pays for the inverse once and then multiplies.  The diagonal
    of ``N`` (reach) asks for the inverse itself.
    """

    def __init__(self, q: Any) -> None:
        self.dense = isinstance(q, np.ndarray)
        n = q.shape[0]
        if self.dense:
            self._a_t = (np.eye(n) - q).T
            self._inverse_t: Vector | None = None
            self._solved = 0
        else:
            import scipy.sparse as sp
            import scipy.sparse.linalg as spla

            self._lu = spla.splu((sp.identity(n, format="csc") - q).tocsc())

    def solve_t(self, b: Vector) -> Vector:
        """``x`` with ``(I - Q)^T x = b``: visits from the distribution ``b``."""
        if not self.dense:
            return np.asarray(self._lu.solve(b, trans="T"), dtype=float)
        self._solved += 1
        if self._inverse_t is not None or self._solved > 2:
            return np.asarray(self.inverse_t() @ b, dtype=float)
        try:
            return np.asarray(np.linalg.solve(self._a_t, b), dtype=float)
        except np.linalg.LinAlgError:
            return np.full(b.shape, np.nan)


    def inverse_t(self) -> Vector:
        """``((I - Q)^-1)^T`` of a dense chain, made on first use."""
        if self._inverse_t is None:
            self._inverse_t = _inverse(self._a_t)
        return self._inverse_t


def _inverse(a: Vector) -> Vector:
    """``a^-1``; all not-a-number when ``a`` is singular (cases that can never finish), as the
    figures of such a chain are not defined."""
    try:
        return np.asarray(np.linalg.inv(a), dtype=float)
    except np.linalg.LinAlgError:
        return np.full(a.shape, np.nan)


@dataclass(frozen=True)
class Chain:
    """The process as an absorbing chain; the ``cached_property`` solves run once."""

    process: Process
    transient: tuple[str, ...]
    ends: tuple[str, ...]
    index: Mapping[str, int]
    end_index: Mapping[str, int]
    #: start as a transient index, or -1 when the start step is itself an end step
    start: int
    q_pass: Any
    q_refuse: Any
    r_pass: Any
    r_refuse: Any

    @property
    def n(self) -> int:
        return len(self.transient)

    @cached_property
    def q(self) -> Any:
        return self.q_pass + self.q_refuse

    @cached_property
    def r(self) -> Any:
        return self.r_pass + self.r_refuse

    @cached_property
    def p_refusal(self) -> Vector:
        """Per transient step, the probability of leaving it along a refusal branch."""
        return _row_sums(self.q_refuse) + _row_sums(self.r_refuse)

    @cached_property
    def step_hours(self) -> tuple[tuple[Vector, Vector], tuple[Vector, Vector]]:
        """Mean wait and mean work of each transient step, and of each end step."""
        steps = self.process.steps

        def hours(states: tuple[str, ...]) -> tuple[Vector, Vector]:
            return (np.array([steps[s].wait.mean for s in states], dtype=float),
                    np.array([steps[s].work.mean for s in states], dtype=float))

        return hours(self.transient), hours(self.ends)

    @cached_property
    def handoff_probability(self) -> Vector:
        """Per transient step, the probability that it passes the case to another team's step."""
        steps = self.process.steps
        return np.array([handed_over(steps[s].team, [(b.p, b.to) for b in steps[s].next], steps, self.index)
                         for s in self.transient], dtype=float).reshape(self.n)

    @cached_property
    def start_vector(self) -> Vector:
        e = np.zeros(self.n)
        if self.start >= 0:
            e[self.start] = 1.0
        return e

    @cached_property
    def factor(self) -> Factor:
        return Factor(self.q)

    @cached_property
    def visits(self) -> Vector:
        """``v_i = N[start, i]``, expected passes through each transient step."""
        if self.start < 0:
            return np.zeros(self.n)
        return self.factor.solve_t(self.start_vector)

    def visits_without(self, removed: Sequence[tuple[str, Branch]]) -> tuple[Vector, Vector] | None:
        """Visits and end probabilities once each ``(step id, branch)`` of ``removed`` is taken out and
        each step's other branches renormalized; None when a step would be left with no branch or
        cases could never finish.
        """
        if self.start < 0:
            return None
        taken: dict[int, list[Branch]] = {}
        for step_id, branch in removed:
            taken.setdefault(self.index[step_id], []).append(branch)
        if not taken:
            return self.visits, self.ended
        rows, new = self._without(list(taken.items()))
        if any(row is None for row in new):
            return None
        return self.visits_with(rows, self.row_changes(rows, new))

    def visits_with(self, rows: Sequence[int], changes: tuple[Vector, Vector]) -> tuple[Vector, Vector] | None:
        """Visits and end probabilities once row ``rows[k]`` of ``Q`` (of ``R``) changes by column
        ``k`` of ``changes`` (:meth:`row_changes`); None when cases could then never finish.

        Only the rows ``I`` change: ``I - Q' = (I - Q) - E D^T``, with ``E`` their unit columns
        and ``D`` the changes.  Woodbury's identity gives ``v' = v + W (1 - W_I)^-1 v_I`` with
        ``(I - Q)^T W = D``: solves with the factor the chain already has and one ``k x k`` solve
        (Sherman-Morrison when ``k`` is 1).
        """
        if self.start < 0:
            return None
        if len(rows) == 1:
            return self._each_alone(rows, changes)[0]
        d_q, d_r = changes
        w = self.factor.solve_t(d_q)
        m = np.eye(len(rows)) - w[rows, :]
        if np.linalg.cond(m, 1) > 1e12:  # singular: no way out of the loops is left (inf when exactly so)
            return None
        visits = self.visits + w @ np.linalg.solve(m, self.visits[rows])
        return visits, _left(visits, self.r) + d_r @ visits[rows]

    def visits_without_each(self, removed: Sequence[tuple[str, Branch]]) -> list[tuple[Vector, Vector] | None]:
        """:meth:`visits_without` of each ``(step id, branch)`` of ``removed`` alone: rank-one updates,
        all solved at once."""
        if self.start < 0 or not removed:
            return [None] * len(removed)
        rows, new = self._without([(self.index[step_id], [branch]) for step_id, branch in removed])
        defined = [row is not None for row in new]
        found = self._each_alone(rows, self.row_changes(rows, new))
        return [each if ok else None for each, ok in zip(found, defined)]

    def _each_alone(self, rows: Sequence[int], changes: tuple[Vector, Vector]) -> list[tuple[Vector, Vector] | None]:
        """Sherman-Morrison, ``v' = v + v_i w / (1 - w_i)`` with ``(I - Q)^T w = d``, for each row
        ``rows[k]`` changed alone by column ``k`` of ``changes``; None where cases could never finish."""
        d_q, d_r = changes
        columns = np.arange(len(rows))
        w = self.factor.solve_t(d_q)
        left = 1.0 - w[rows, columns]
        defined = np.abs(left) >= 1e-12
        scale = np.divide(self.visits[rows], left, out=np.zeros(len(rows)), where=defined)
        visits = self.visits[:, None] + w * scale[None, :]
        ended = np.asarray(self.r.T @ visits, dtype=float) + d_r * visits[rows, columns][None, :]
        return [(visits[:, j], ended[:, j]) if defined[j] else None for j in range(len(rows))]

    def _without(self, taken: Sequence[tuple[int, Sequence[Branch]]]) -> tuple[list[int], list[dict[str, float] | None]]:
        """Each row with its ``taken`` branches removed and the others renormalized, as the new
        distribution over step ids; None for a row that would be left with no branch."""
        new: list[dict[str, float] | None] = []
        for i, branches in taken:
            kept = 1.0 - sum(b.p for b in branches)
            if kept <= 1e-12:
                new.append(None)
                continue
            out: dict[str, float] = {}
            for b in self.process.steps[self.transient[i]].next:
                if not any(b is t for t in branches):
                    out[b.to] = out.get(b.to, 0.0) + b.p / kept
            new.append(out)
        return [i for i, _ in taken], new

    def row_changes(self, rows: Sequence[int], new: Sequence[Mapping[str, float] | None]) -> tuple[Vector, Vector]:
        """How rows ``rows`` of ``Q`` and ``R`` change (one column each) when row ``rows[k]`` becomes
        the distribution ``new[k]`` over step ids (no change where it is None)."""
        d_q, d_r = np.zeros((self.n, len(rows))), np.zeros((len(self.ends), len(rows)))
        for k, (i, out) in enumerate(zip(rows, new)):
            if out is None:
                continue
            for target, p in out.items():
                if target in self.index:
                    d_q[self.index[target], k] += p
                else:
                    d_r[self.end_index[target], k] += p
            d_q[:, k] -= _row(self.q, i)
            d_r[:, k] -= _row(self.r, i)
        return d_q, d_r

    @cached_property
    def ended(self) -> Vector:
        """Probability of finishing at each end step: ``(N R)[start, :]``."""
        if self.start < 0:
            e = np.zeros(len(self.ends))
            e[self.end_index[self.process.start]] = 1.0
            return e
        return _left(self.visits, self.r)

    @cached_property
    def diagonal(self) -> Vector:
        """``N[i, i]`` for every transient step (see the module doc)."""
        if self.factor.dense:
            return np.diag(self.factor.inverse_t()).copy()
        return return_diagonal(self.q)

    def visits_of(self) -> dict[str, float]:
        """Expected passes per step id; for an end step the probability of ending there."""
        found = {s: float(x) for s, x in zip(self.transient, self.visits)}
        found.update({s: float(x) for s, x in zip(self.ends, self.ended)})
        return {s: found[s] for s in self.process.steps}

    def hit_probability(self, steps: Collection[str]) -> float:
        """Probability that a case passes at least one of ``steps`` (end steps allowed).

        The transient ones are made absorbing; each is then entered at most once,
        so the expected entries sum to the probability.
        """
        if self.process.start in steps:
            return 1.0
        if not steps:
            return 0.0
        rows = [self.index[s] for s in steps if s in self.index]
        ends = [self.end_index[s] for s in steps if s in self.end_index]
        keep = np.ones(self.n)
        keep[rows] = 0.0
        v = Factor(_scale_rows(self.q, keep)).solve_t(self.start_vector)
        return float(v[rows].sum() + _left(v * keep, self.r)[ends].sum())

    def first_entries(self, steps: Collection[str]) -> dict[str, float]:
        """For each transient step of ``steps``: the probability that it is the first of them a case
        reaches (the start step, when it is one of them, with certainty)."""
        if self.process.start in steps:
            return {self.process.start: 1.0}
        rows = [self.index[s] for s in steps if s in self.index]
        keep = np.ones(self.n)
        keep[rows] = 0.0
        v = Factor(_scale_rows(self.q, keep)).solve_t(self.start_vector) if rows else np.zeros(self.n)
        return {self.transient[i]: float(v[i]) for i in rows}

    def hit_probabilities(self, sets: Sequence[Collection[str]]) -> list[float]:
        """:meth:`hit_probability` of each of ``sets``; a dense chain solves them in one batched call."""
        if not isinstance(self.q, np.ndarray):
            return [self.hit_probability(steps) for steps in sets]
        found: list[float] = []
        pending: list[tuple[int, list[int], list[int]]] = []
        for steps in sets:
            if self.process.start in steps or not steps:
                found.append(self.hit_probability(steps))
                continue
            pending.append((len(found), [self.index[s] for s in steps if s in self.index],
                            [self.end_index[s] for s in steps if s in self.end_index]))
            found.append(math.nan)
        if not pending:
            return found
        keep = np.ones((len(pending), self.n))
        for k, (_, rows, _) in enumerate(pending):
            keep[k, rows] = 0.0
        # (I - Q with the set's rows made absorbing)^T for every set at once
        a_t = np.eye(self.n) - np.transpose(self.q[None, :, :] * keep[:, :, None], (0, 2, 1))
        try:
            visits = np.linalg.solve(a_t, np.broadcast_to(self.start_vector, keep.shape)[..., None])[..., 0]
        except np.linalg.LinAlgError:  # cases that can never finish: each on its own, not-a-number
            return [self.hit_probability(steps) for steps in sets]
        for k, (position, rows, ends) in enumerate(pending):
            v = visits[k]
            found[position] = float(v[rows].sum() + _left(v * keep[k], self.r)[ends].sum())
        return found

    def refusal_levels(self, k: int) -> list[Vector]:
        """``v^(r)`` for r < k: expected passes through each step with exactly r refusals so far.

        ``v^(0)`` solves the chain of pass branches alone; a refusal branch moves a
        case up a level: ``(I - Q_pass)^T v^(r) = Q_refuse^T v^(r-1)``.  One LU serves all.
        """
        factor = Factor(self.q_pass)
        levels = [factor.solve_t(self.start_vector) if self.start >= 0 else np.zeros(self.n)]
        while len(levels) < k:
            levels.append(factor.solve_t(_left(levels[-1], self.q_refuse)))
        return levels


def handed_over(team: str | None, branches: Iterable[tuple[float, str]], steps: Mapping[str, Step],
                index: Mapping[str, int]) -> float:
    """The probability, over ``(p, target)`` branches of a step of ``team``, of going on to a step
    (not an end) of another team; 0 for a step of no team, and into a step of no team."""
    if team is None:
        return 0.0
    p = 0.0
    for probability, target in branches:
        if target in index:
            other = steps[target].team
            if other is not None and other != team:
                p += probability
    return p


def build(process: Process) -> Chain:
    """The chain of ``process``; branches to the same step add up."""
    steps = process.steps
    transient = tuple(s for s, step in steps.items() if not step.is_end)
    ends = tuple(s for s, step in steps.items() if step.is_end)
    index = {s: i for i, s in enumerate(transient)}
    end_index = {s: i for i, s in enumerate(ends)}
    parts: dict[tuple[bool, bool], tuple[list[int], list[int], list[float]]] = {
        (to_end, refusal): ([], [], []) for to_end in (False, True) for refusal in (False, True)}
    for i, step_id in enumerate(transient):
        for branch in steps[step_id].next:
            to_end = branch.to in end_index
            rows, cols, data = parts[(to_end, branch.refusal)]
            rows.append(i)
            cols.append(end_index[branch.to] if to_end else index[branch.to])
            data.append(branch.p)
    n, m = len(transient), len(ends)
    dense = n < DENSE_BELOW

    def matrix(key: tuple[bool, bool]) -> Any:
        return _matrix(*parts[key], (n, m if key[0] else n), dense)

    start = index.get(process.start, -1)
    return Chain(process, transient, ends, index, end_index, start,
                 matrix((False, False)), matrix((False, True)), matrix((True, False)), matrix((True, True)))


def return_diagonal(q: Any) -> Vector:
    """``diag((I - Q)^-1)``; for a sparse ``Q`` by strongly connected components (see the module doc)."""
    n = q.shape[0]
    if isinstance(q, np.ndarray):
        return np.diag(_inverse(np.eye(n) - q)).copy()
    from scipy.sparse import csgraph

    diagonal = 1.0 / (1.0 - _diag(q))
    if n == 0:
        return diagonal
    count, labels = csgraph.connected_components(q, directed=True, connection="strong")
    sizes = np.bincount(labels, minlength=count)
    order = np.argsort(labels, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    for label in np.flatnonzero(sizes > 1):
        members = order[bounds[label]:bounds[label + 1]]
        diagonal[members] = _inverse_diagonal(_sub(q, members))
    return diagonal


def _inverse_diagonal(q: Any) -> Vector:
    n = q.shape[0]
    if n < DENSE_BELOW:
        return np.diag(_inverse(np.eye(n) - q.toarray())).copy()
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla

    lu = spla.splu((sp.identity(n, format="csc") - q).tocsc())
    out = np.empty(n)
    for first in range(0, n, _BLOCK):
        last = min(first + _BLOCK, n)
        units = np.zeros((n, last - first))
        units[np.arange(first, last), np.arange(last - first)] = 1.0
        out[first:last] = lu.solve(units)[np.arange(first, last), np.arange(last - first)]
    return out


def _matrix(rows: list[int], cols: list[int], data: list[float], shape: tuple[int, int], dense: bool) -> Any:
    if dense:
        out = np.zeros(shape)
        np.add.at(out, (np.asarray(rows, dtype=int), np.asarray(cols, dtype=int)), np.asarray(data, dtype=float))
        return out
    import scipy.sparse as sp

    return sp.csr_matrix((data, (rows, cols)), shape=shape)


def _left(v: Vector, m: Any) -> Vector:
    """``v^T M`` as a flat vector, for dense or sparse ``M``."""
    if isinstance(m, np.ndarray):
        return np.asarray(v @ m, dtype=float)
    return np.asarray(m.T @ v, dtype=float).ravel()


def _row(m: Any, i: int) -> Vector:
    """Row ``i`` of a dense or sparse matrix as a flat dense vector."""
    if isinstance(m, np.ndarray):
        return np.asarray(m[i], dtype=float)
    return np.asarray(m.getrow(i).toarray(), dtype=float).ravel()


def _row_sums(m: Any) -> Vector:
    return np.asarray(m.sum(axis=1), dtype=float).ravel()


def _diag(m: Any) -> Vector:
    return np.asarray(m.diagonal(), dtype=float).copy()


def _scale_rows(m: Any, factors: Vector) -> Any:
    if isinstance(m, np.ndarray):
        return m * factors[:, None]
    import scipy.sparse as sp

    return sp.diags(factors) @ m


def _sub(m: Any, members: np.ndarray[Any, np.dtype[np.intp]]) -> Any:
    """The rows and columns ``members`` of a sparse matrix."""
    return m[members][:, members]
