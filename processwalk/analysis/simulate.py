"""Seeded, vectorised Monte Carlo of lead time (*simulated* figures of the contract).

First every case's route is walked: all live cases advance one step at a time
as numpy arrays, and each picks its next step at once: the branches of all
steps are laid end to end as ``row + cumulative probability``, so one
``searchsorted`` of ``row + uniform`` picks every case's branch.  Then the wait
and work of every visit of every case are drawn in one call per kind of
distribution (gamma with shape ``1/cv^2`` and scale ``mean * cv^2``, constant
when cv or mean is 0; triangular; log-normal) and summed per case with
``bincount``: drawing per visit rather than per step of the walk keeps the
number of numpy calls independent of the length of the routes.

A case still walking after ``max_steps`` steps (a loop that almost never lets
go) is stopped and counted in ``truncated``; the figures are over the finished
cases.  The default cap is ``max(1000, 50 x expected steps per case)``, far in
the tail of any loop a case can actually leave, and never more than
:data:`MAX_ROUNDS`.

The work grows with the visits (cases x expected steps per case), so it is
bounded: at most :data:`MAX_VISITS` visits are held.  When the cases asked for
would visit more, fewer cases are walked (never fewer than :data:`MIN_CASES`);
when even those would, nothing is simulated.  Either way ``note`` says what was
done instead, and the renderers show it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from processwalk.analysis.chain import Chain, Vector, build
from processwalk.model import Process, Step
from processwalk.units import Duration

CONSTANT, EXPONENTIAL, GAMMA, TRIANGULAR, LOGNORMAL = 0, 1, 2, 3, 4
_SHAPES = {"gamma": GAMMA, "triangular": TRIANGULAR, "lognormal": LOGNORMAL}
Ints = np.ndarray[Any, np.dtype[np.intp]]
HISTOGRAM_BINS = 40
#: Most visits (of all cases together) one simulation holds: about 100 bytes each at the peak.
MAX_VISITS = 2_000_000
#: Most rounds of the walk (one step of every live case each); a few microseconds each.
MAX_ROUNDS = 20_000
#: Fewest cases worth simulating: below them the percentiles say little.
MIN_CASES = 200


@dataclass(frozen=True)
class Simulation:
    cases: int
    seed: int
    mean_h: float
    std_error_h: float
    p50_h: float
    p85_h: float
    p95_h: float
    #: share of finished cases whose lead time exceeds the process ``sla``; None without sla
    share_over_sla: float | None
    truncated: int = 0
    #: the distribution for charts: (low, high, count) of equal bins from 0 to the 99th percentile,
    #: cases beyond it counted in the last bin
    histogram: tuple[tuple[float, float, int], ...] = ()
    #: what the simulation did instead of the cases asked for (fewer cases, or none), for people
    note: str = ""


@dataclass(frozen=True)
class _Draws:
    """Wait and work of every step as arrays: component ``2 i`` is step i's wait, ``2 i + 1`` its work.

    Constant components are summed per step ahead of time; the random ones are
    drawn kind by kind (a kind code and up to three parameters per component).
    """

    constant: Vector
    kind: Ints
    a: Vector
    b: Vector
    c: Vector
    kinds: tuple[int, ...]

    @classmethod
    def of(cls, steps: list[Step]) -> _Draws:
        rows = [_params(d) for step in steps for d in (step.wait, step.work)]
        kind = np.array([r[0] for r in rows], dtype=np.intp)
        a, b, c = (np.array([r[i] for r in rows], dtype=float) for i in (1, 2, 3))
        constant = np.where(kind == CONSTANT, a, 0.0).reshape(-1, 2).sum(axis=1)
        return cls(constant, kind, a, b, c, tuple(sorted(set(kind.tolist()) - {CONSTANT})))

    def draw(self, rng: np.random.Generator, visits: Ints) -> Vector:
        """Wait plus work of each visit (a step index per visit), every kind drawn in one call."""
        total = self.constant[visits]
        if not self.kinds:
            return total
        components = np.concatenate((2 * visits, 2 * visits + 1))
        kinds = self.kind[components]
        drawn = np.zeros(len(components))
        for kind in self.kinds:
            picked = np.flatnonzero(kinds == kind)
            if len(picked):
                where = components[picked]
                drawn[picked] = _SAMPLERS[kind](rng, self.a[where], self.b[where], self.c[where])
        return total + drawn[:len(visits)] + drawn[len(visits):]


def _params(d: Duration) -> tuple[int, float, float, float]:
    shape = _SHAPES.get(d.shape, GAMMA)
    if d.mean <= 0 or d.cv <= 0:
        return CONSTANT, d.mean, 0.0, 0.0
    if shape == TRIANGULAR:
        low, mode, high = d.params
        return TRIANGULAR, low, mode, high
    if shape == LOGNORMAL:
        mu, sigma = d.params
        return LOGNORMAL, mu, sigma, 0.0
    if d.cv == 1:
        return EXPONENTIAL, d.mean, 0.0, 0.0
    return GAMMA, 1.0 / d.cv**2, d.mean * d.cv**2, 0.0


def _exponential(rng: np.random.Generator, a: Vector, b: Vector, c: Vector) -> Vector:
    return rng.standard_exponential(len(a)) * a


def _gamma(rng: np.random.Generator, a: Vector, b: Vector, c: Vector) -> Vector:
    return rng.standard_gamma(a) * b


def _triangular(rng: np.random.Generator, a: Vector, b: Vector, c: Vector) -> Vector:
    """Inverse CDF, so that a degenerate side (mode at min or max) needs no special case."""
    u = rng.random(len(a))
    width = c - a
    left = u * width < b - a
    return np.where(left, a + np.sqrt(u * width * (b - a)), c - np.sqrt((1 - u) * width * (c - b)))


def _lognormal(rng: np.random.Generator, a: Vector, b: Vector, c: Vector) -> Vector:
    return np.exp(a + b * rng.standard_normal(len(a)))


_SAMPLERS = {EXPONENTIAL: _exponential, GAMMA: _gamma, TRIANGULAR: _triangular, LOGNORMAL: _lognormal}


@dataclass(frozen=True)
class _Walker:
    """The process flattened for vectorised walking; step indexes are declaration order."""

    draws: _Draws
    is_end: np.ndarray[Any, np.dtype[np.bool_]]
    cumulative: Vector
    target: Ints
    start: int

    @classmethod
    def of(cls, process: Process) -> _Walker:
        ids = list(process.steps)
        index = {s: i for i, s in enumerate(ids)}
        cumulative: list[float] = []
        target: list[int] = []
        for row, step in enumerate(process.steps.values()):
            total = sum(b.p for b in step.next)
            running = 0.0
            for b in step.next:
                running += b.p / total
                cumulative.append(row + running)
                target.append(index[b.to])
            if step.next:
                cumulative[-1] = row + 1.0
        steps = list(process.steps.values())
        return cls(_Draws.of(steps), np.array([s.is_end for s in steps]), np.array(cumulative), np.array(target, dtype=np.intp),
                   index[process.start])

    def next_steps(self, rng: np.random.Generator, at: Ints) -> Ints:
        picked = np.searchsorted(self.cumulative, at + rng.random(len(at)), side="right")
        return self.target[picked]


def simulate(process: Process, *, cases: int = 10_000, seed: int = 0, max_steps: int | None = None,
             chain: Chain | None = None) -> Simulation:
    """Walk ``cases`` random cases through ``process`` with ``numpy.random.PCG64(seed)``.

    ``cases=0`` skips the simulation: every simulated figure is then NaN (null in JSON).  Fewer
    cases are walked when the ones asked for would visit more than :data:`MAX_VISITS` steps.
    """
    if cases <= 0:
        return _summary(np.zeros(0), 0, seed, process.sla_h, 0)
    chain = chain or build(process)
    expected = float(chain.visits.sum()) + 1
    walked, note = bounded_cases(cases, expected)
    if not walked:
        return _summary(np.zeros(0), 0, seed, process.sla_h, 0, note)
    if max_steps is None:
        max_steps = min(MAX_ROUNDS, max(1000, math.ceil(50 * expected)))
    walker = _Walker.of(process)
    rng = np.random.Generator(np.random.PCG64(seed))
    times, truncated = _walk(walker, rng, walked, max_steps)
    return _summary(times, walked, seed, process.sla_h, truncated, note)


def no_slower(process: Process, than: Process) -> bool:
    """Whether every case simulated of ``process`` finishes no later than the same case of ``than``,
    under the same seed and cases, so that each of its percentiles is at most ``than``'s.

    True when the two walk alike and draw alike: the same steps in the same order, the same start,
    ends and branches (so every case takes the same route), and each wait and work of the same kind
    and shape (so the same random numbers are drawn), scaled to a mean no larger: a gamma of the
    same cv, a log-normal of the same sigma, a constant or an exponential; a triangular one only
    when unchanged.  This is what a scenario does to a process whose waits only respond to a
    lighter load (:func:`processwalk.units.with_mean` keeps the shape).
    """
    if list(process.steps) != list(than.steps) or process.start != than.start:
        return False
    for step_id, step in process.steps.items():
        other = than.steps[step_id]
        if step.is_end != other.is_end or [(b.to, b.p) for b in step.next] != [(b.to, b.p) for b in other.next]:
            return False
        if not all(_no_larger(_params(d), _params(e)) for d, e in ((step.wait, other.wait), (step.work, other.work))):
            return False
    return True


def _no_larger(mine: tuple[int, float, float, float], theirs: tuple[int, float, float, float]) -> bool:
    kind, a, b, c = mine
    if kind != theirs[0]:
        return False
    if kind in (CONSTANT, EXPONENTIAL):
        return a <= theirs[1]
    if kind == GAMMA:
        return a == theirs[1] and b <= theirs[2]
    if kind == LOGNORMAL:
        return b == theirs[2] and a <= theirs[1]
    return mine == theirs


def bounded_cases(cases: int, expected: float) -> tuple[int, str]:
    """How many of ``cases`` to walk when each visits ``expected`` steps on average, and why not all."""
    if cases * expected <= MAX_VISITS:
        return cases, ""
    fewer = int(MAX_VISITS // expected) if math.isfinite(expected) else 0
    why = (f"a case visits {expected:,.0f} steps on average, and a simulation holds at most "
           f"{MAX_VISITS:,} visits")
    if fewer < MIN_CASES:
        return 0, f"not simulated: {why}; the exact figures stand"
    return fewer, f"{fewer:,} cases simulated instead of {cases:,}: {why}"


def _walk(walker: _Walker, rng: np.random.Generator, cases: int, max_steps: int) -> tuple[Vector, int]:
    """Lead times of the cases that reach an end within ``max_steps``, and how many did not."""
    at = np.full(cases, walker.start, dtype=np.intp)
    who = np.arange(cases)
    steps: list[Ints] = []
    owners: list[Ints] = []
    held = 0
    for _ in range(max_steps):
        steps.append(at)
        owners.append(who)
        held += len(at)
        live = ~walker.is_end[at]
        at, who = at[live], who[live]
        if not len(at) or held >= MAX_VISITS:
            break
        at = walker.next_steps(rng, at)
    visits, owner = np.concatenate(steps), np.concatenate(owners)
    clock: Vector = np.bincount(owner, weights=walker.draws.draw(rng, visits), minlength=cases).astype(float)
    finished = np.ones(cases, dtype=bool)
    finished[who] = False
    return clock[finished], len(who)


def _summary(times: Vector, cases: int, seed: int, sla_h: float | None, truncated: int,
             note: str = "") -> Simulation:
    if not len(times):
        nan = math.nan
        return Simulation(cases, seed, nan, nan, nan, nan, nan, None, truncated, note=note)
    p50, p85, p95 = (float(x) for x in np.percentile(times, [50, 85, 95]))
    error = float(times.std(ddof=1) / math.sqrt(len(times))) if len(times) > 1 else 0.0
    over = float(np.mean(times > sla_h)) if sla_h is not None else None
    return Simulation(cases, seed, float(times.mean()), error, p50, p85, p95, over, truncated, _histogram(times),
                      note)


def _histogram(times: Vector, bins: int = HISTOGRAM_BINS) -> tuple[tuple[float, float, int], ...]:
    top = float(np.percentile(times, 99))
    if top <= 0:
        return ((0.0, 0.0, len(times)),)
    counts, edges = np.histogram(np.minimum(times, top), bins=bins, range=(0.0, top))
    return tuple((float(lo), float(hi), int(n)) for lo, hi, n in zip(edges[:-1], edges[1:], counts))
