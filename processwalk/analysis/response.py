"""Waits that respond to load (``spec/scenarios.md``, "Waits that respond to load").

A declared wait is what owners see today.  Part of it is queueing for busy people: the
**queueing part** ``q = min(W, Wq)``, where ``Wq`` is the predicted wait of ``spec/analysis.md``
(Allen–Cunneen on the exact Erlang C, :mod:`.queueing`) at the team's load summed over every
process that uses it.  The rest, ``W - q``, is the **policy part** (batching, priority, a tray
emptied on Thursdays): it does not respond to load.  In a scenario the wait becomes
``(W - q) + q x Wq' / Wq``, with ``Wq'`` predicted at the scenario's load, staff and hours; where the
baseline queue is unbounded (utilization >= 1) the whole declared wait is queueing and the
scenario's wait is ``min(W, Wq')``; where the scenario's is, the wait is unbounded (``math.inf``).

Choices where the contract leaves room: a step that only the scenario has (``insert``) keeps its
declared wait, as there is no baseline queue to scale from; a step that moves to another team
(``team``, ``pool``) scales its queueing part by the new team's prediction over the old one's.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from processwalk.analysis.capacity import elapsed_service_h, team_capacity
from processwalk.analysis.queueing import allen_cunneen
from processwalk.model import Process, Step, Team
from processwalk.units import DAYS_PER_YEAR

UNBOUNDED = math.inf


@dataclass(frozen=True)
class Queue:
    """A team's queue at the load of every process that uses it."""

    team: Team
    load_h_per_day: float
    #: expected arrivals a day over the team's steps (visits a day)
    arrivals_per_day: float

    @property
    def capacity_h_per_day(self) -> float | None:
        return team_capacity(self.team)

    @property
    def utilization(self) -> float | None:
        capacity = self.capacity_h_per_day
        return self.load_h_per_day / capacity if capacity else None

    @property
    def unbounded(self) -> bool:
        return self.utilization is not None and self.utilization >= 1


class Wait(NamedTuple):
    """A step's mean wait taken apart (hours): as declared, as load predicts, and its two parts;
    ``None`` where the prediction needs a staff or a demand that is not declared."""

    declared_h: float
    #: the predicted queueing wait; ``math.inf`` when the team's queue grows without bound
    predicted_h: float | None
    queueing_h: float | None
    policy_h: float | None
    #: the mean wait the step is given (the declared one at the baseline)
    mean_h: float


def queues(processes: Iterable[tuple[Process, Mapping[str, float]]]) -> dict[str, Queue]:
    """Each team's queue at the load summed over ``processes`` (each with its expected visits per
    step); processes without demand add nothing (their load is not declared)."""
    loads: dict[str, float] = {}
    arrivals: dict[str, float] = {}
    teams: dict[str, Team] = {}
    for process, visits in processes:
        demand = process.demand_per_day
        if demand is None:
            continue
        for s, step in process.steps.items():
            if step.team is None or step.team not in process.teams:
                continue
            teams.setdefault(step.team, process.teams[step.team])
            loads[step.team] = loads.get(step.team, 0.0) + demand * visits.get(s, 0.0) * step.work.mean
            arrivals[step.team] = arrivals.get(step.team, 0.0) + demand * visits.get(s, 0.0)
    return {t: Queue(teams[t], loads[t], arrivals[t]) for t in sorted(teams)}


def predicted_wait(queue: Queue | None, step: Step, arrivals_cv: float = 1.0) -> float | None:
    """``Wq`` of ``step`` at its team's queue, in hours: ``math.inf`` when the queue is unbounded,
    None without staff or load."""
    if queue is None or queue.utilization is None:
        return None
    return wait_at(queue.team, queue.utilization, step.work.mean, step.work.cv, arrivals_cv)


def wait_at(team: Team, utilization: float, work_h: float, work_cv: float, arrivals_cv: float) -> float | None:
    """``Wq`` in hours of work ``work_h`` (cv ``work_cv``) at ``team`` loaded to ``utilization``:
    ``math.inf`` from 1 on, None without staff."""
    if team.staff is None:
        return None
    if utilization >= 1:
        return UNBOUNDED
    service = elapsed_service_h(team, work_h)
    return allen_cunneen(team.staff, utilization * team.staff, service, work_cv, arrivals_cv)


class TeamStep(NamedTuple):
    """A step of a team as one process sends cases to it: what its queueing part needs."""

    visits_per_year: float
    work_h: float
    work_cv: float
    wait_h: float
    arrivals_cv: float


def team_steps(process: Process, visits: Mapping[str, float]) -> dict[str, tuple[TeamStep, ...]]:
    """Each team's steps in ``process`` with their visits a year (``visits`` per case); none
    without demand."""
    if process.demand_per_day is None:
        return {}
    yearly = process.demand_per_day * DAYS_PER_YEAR
    found: dict[str, list[TeamStep]] = {}
    for s, step in process.steps.items():
        if step.team is not None and visits.get(s, 0.0) > 0:
            found.setdefault(step.team, []).append(TeamStep(yearly * visits[s], step.work.mean, step.work.cv,
                                                            step.wait.mean, process.arrivals_cv))
    return {t: tuple(steps) for t, steps in found.items()}


def queueing_days_per_year(team: Team, utilization: float | None, steps: Iterable[TeamStep]) -> float | None:
    """The team's **queueing effect**: customer-days a year spent in the queueing part ``q = min(W, Wq)``
    of the declared waits at ``steps``, ``Wq`` at ``utilization`` (all of every wait from 1 on).
    None without staff or load."""
    if utilization is None or team.staff is None:
        return None
    days = 0.0
    for step in steps:
        queueing = baseline(step.wait_h, wait_at(team, utilization, step.work_h, step.work_cv,
                                                 step.arrivals_cv)).queueing_h
        days += step.visits_per_year * (queueing or 0.0) / 24
    return days


def predicted_at(queues: Mapping[str, Queue], process: Process, step_id: str) -> float | None:
    """``Wq`` of one step of ``process`` at its team's queue among ``queues``."""
    step = process.steps[step_id]
    return predicted_wait(queues.get(step.team) if step.team else None, step, process.arrivals_cv)


def declared(processes: Iterable[tuple[Process, Mapping[str, float]]]
             ) -> tuple[dict[str, Queue], dict[str, dict[str, Wait]]]:
    """The baseline: each team's queue at the summed load of ``processes`` (each with its expected
    visits per step), and every step's declared wait taken apart at it."""
    given = list(processes)
    at = queues(given)
    return at, {p.id: {s: baseline(step.wait.mean, predicted_at(at, p, s)) for s, step in p.steps.items()}
                for p, _ in given}


def baseline(declared_h: float, predicted_h: float | None) -> Wait:
    """The declared wait taken apart: ``q = min(W, Wq)`` (all of it where unbounded), ``W - q``."""
    if predicted_h is None:
        return Wait(declared_h, None, None, None, declared_h)
    queueing = min(declared_h, predicted_h)
    return Wait(declared_h, predicted_h, queueing, declared_h - queueing, declared_h)


def respond(declared_h: float, before_h: float | None, after_h: float | None) -> Wait:
    """The scenario's wait of a step declaring ``declared_h``, whose queue predicted ``before_h`` at
    the baseline (None: not computed, or a step new in the scenario) and ``after_h`` now."""
    if after_h is None or before_h is None:
        return Wait(declared_h, after_h, None, None, after_h if after_h == UNBOUNDED else declared_h)
    if after_h == UNBOUNDED:
        return Wait(declared_h, after_h, declared_h, 0.0, UNBOUNDED)
    if before_h == UNBOUNDED:
        mean = min(declared_h, after_h)
        return Wait(declared_h, after_h, declared_h, 0.0, mean)
    queueing = min(declared_h, before_h)
    policy = declared_h - queueing
    if after_h == before_h or queueing == 0:
        return Wait(declared_h, after_h, queueing, policy, declared_h)
    return Wait(declared_h, after_h, queueing, policy, policy + queueing * after_h / before_h)
