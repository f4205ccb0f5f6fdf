"""What if: the baseline and each scenario, evaluated with the same engine (``spec/scenarios.md``).

A scenario is evaluated over every loaded process at once (the *world*), because teams are
shared: a change that takes load off the back office in one process shortens its queue in every
process that uses it.  For the baseline and for each scenario:

1. the changes are applied (:mod:`processwalk.changes`): a process's own changes to it, team
   changes (``staff``, ``hours``, ``pool``) to every process using the team;
2. each team's queue is taken at its summed load (:func:`.response.queues`) and each step's wait
   responds to it (:func:`.response.respond`); a step at a team loaded to 100% or more makes its
   process **unbounded**: its lead time and the figures that depend on it have no value;
3. every process whose model or waits differ from the baseline is analysed again
   (:func:`~processwalk.analysis.walk.analyze`) and its rules run; backlogs are projected at the
   queues' loads (:mod:`.backlogs`);
4. a ``backlog-age`` finding is **closed by projection** where the scenario brings its team's
   backlogs to their promise within ``remedies: backlog-horizon`` and the baseline does not: the
   rule judges the snapshot, which no change rewrites, so the scenario reports the finding closed by
   its projected date (``projected``) instead of keeping it, or dropping it silently.

A scenario's process whose every case can only be faster than at the baseline (its waits shortened
by a lighter load, nothing else changed: :func:`.simulate.no_slower`) is bounded by the baseline's
walk, so that the ``sla-breach`` rule reads the baseline's simulated p85 instead of simulating it
again when that keeps the promise.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from processwalk import changes
from processwalk.analysis import backlogs as backlog
from processwalk.analysis import response
from processwalk.analysis.backlogs import Clearing
from processwalk.analysis.figures import basic
from processwalk.analysis.response import Queue, Wait
from processwalk.analysis.simulate import no_slower
from processwalk.analysis.walk import Walk, analyze
from processwalk.assess import run_rules
from processwalk.config import Config
from processwalk.errors import Problem
from processwalk.findings import Finding
from processwalk.model import Process, Scenario
from processwalk.units import DAYS_PER_YEAR, with_mean

#: the rule whose findings a scenario may close by projection
BACKLOG_AGE = "backlog-age"


@dataclass(frozen=True)
class Side:
    """The baseline (``scenario`` None) or one scenario, over every process."""

    scenario: Scenario | None
    #: each process's walk as it responds to the side's loads (the baseline's: as declared)
    walks: Mapping[str, Walk]
    #: per process and step, the mean wait taken apart
    waits: Mapping[str, Mapping[str, Wait]]
    queues: Mapping[str, Queue]
    #: per process, the teams loaded to 100% or more that its cases meet (empty: bounded)
    unbounded: Mapping[str, tuple[str, ...]]
    backlogs: Mapping[str, Clearing]
    findings: Mapping[str, tuple[Finding, ...]]
    #: the processes the side changes (the baseline: every process)
    changed: tuple[str, ...]
    #: the findings closed by projection (left out of ``findings``), by key, with their team's clearing
    projected: Mapping[tuple[str, str, str], Clearing] = dataclasses.field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.scenario.title if self.scenario else "baseline"

    @property
    def key(self) -> str:
        return self.scenario.key if self.scenario else "baseline"

    def is_unbounded(self, process_id: str) -> bool:
        return bool(self.unbounded.get(process_id))


@dataclass(frozen=True)
class Evaluation:
    baseline: Side
    scenarios: tuple[Side, ...]
    problems: tuple[Problem, ...] = ()


def evaluate(processes: Sequence[Process], scenarios: Sequence[Scenario], config: Config, *,
             seed: int = 0, cases: int = 10_000, walks: Mapping[str, Walk] | None = None,
             base: Side | None = None) -> Evaluation:
    """The baseline of ``processes`` and each of ``scenarios``.  Give the baseline's walks when they
    are at hand, and the baseline itself (:func:`baseline`) when several evaluations share it: a
    search over staff counts evaluates one scenario at a time against the same baseline."""
    if base is None:
        walks = walks or {p.id: analyze(p, seed=seed, cases=cases) for p in processes}
        base = baseline(processes, walks, config)
    sides, problems = [], []
    for scenario in scenarios:
        side, found = _scenario(processes, scenario, base, config, seed, cases)
        sides.append(side)
        problems.extend(found)
    return Evaluation(base, tuple(sides), tuple(sorted(set(problems))))


def baseline(processes: Sequence[Process], walks: Mapping[str, Walk], config: Config) -> Side:
    """The processes as declared: their walks, waits taken apart, queues, backlogs and findings."""
    visits = {p.id: {s: walks[p.id].steps[s].visits for s in p.steps} for p in processes}
    queues, waits = response.declared((p, visits[p.id]) for p in processes)
    found = backlog.items((p, visits[p.id]) for p in processes)
    return Side(None, walks, waits, queues, {p.id: () for p in processes}, backlog.project(queues, found),
                {p.id: tuple(run_rules(walks[p.id], config)[1]) for p in processes}, tuple(p.id for p in processes))


def _scenario(processes: Sequence[Process], scenario: Scenario, base: Side, config: Config, seed: int,
              cases: int) -> tuple[Side, list[Problem]]:
    changed: dict[str, Process] = {}
    problems: list[Problem] = []
    for process in processes:
        changed[process.id], found = changes.apply(process, scenario.changes)
        problems.extend(found)
    visits = {pid: basic(p).visits for pid, p in changed.items()}
    queues = response.queues((p, visits[pid]) for pid, p in changed.items())
    waits: dict[str, dict[str, Wait]] = {}
    responded: dict[str, Process] = {}
    unbounded: dict[str, tuple[str, ...]] = {}
    for process in processes:
        new = changed[process.id]
        waits[process.id] = {s: response.respond(step.wait.mean, base.waits[process.id][s].predicted_h
                                                 if s in process.steps else None, response.predicted_at(queues, new, s))
                             for s, step in new.steps.items()}
        responded[process.id] = _with_waits(new, waits[process.id])
        unbounded[process.id] = tuple(sorted({new.steps[s].team or "" for s, wait in waits[process.id].items()
                                              if wait.mean_h == response.UNBOUNDED and visits[process.id][s] > 0}))
    moved = tuple(p.id for p in processes if responded[p.id] != p)
    walks = {pid: (_analyzed(responded[pid], base.walks[pid], seed, cases) if pid in moved else base.walks[pid])
             for pid in responded}
    cleared = backlog.project(queues, backlog.items((p, visits[pid]) for pid, p in changed.items()))
    findings = {pid: (tuple(run_rules(walks[pid], config)[1]) if pid in moved else base.findings[pid])
                for pid in walks}
    projected = closed_by_projection(changed, findings, base.backlogs, cleared, config.remedies.backlog_horizon_d)
    findings = {pid: tuple(f for f in found if f.key not in projected) for pid, found in findings.items()}
    moved = tuple(p.id for p in processes if p.id in moved or any(k[0] == p.id for k in projected))
    return Side(scenario, walks, waits, queues, unbounded, cleared, findings, moved, projected), problems


def _analyzed(process: Process, before: Walk, seed: int, cases: int) -> Walk:
    """``process`` analysed; bounded by the baseline's walk when no case of it can be slower there
    (its waits only shortened by a lighter load), so that its rules need not simulate it."""
    walk = analyze(process, seed=seed, cases=cases)
    return dataclasses.replace(walk, bound=before) if no_slower(process, before.process) else walk


def closed_by_projection(processes: Mapping[str, Process], findings: Mapping[str, Sequence[Finding]],
                         before: Mapping[str, Clearing], after: Mapping[str, Clearing],
                         horizon_d: float) -> dict[tuple[str, str, str], Clearing]:
    """The ``backlog-age`` findings whose team's backlogs reach their promise within ``horizon_d``
    days in ``after`` and not in ``before``, by key, with the team's clearing in ``after``."""
    def within(clearing: Clearing | None) -> bool:
        return clearing is not None and clearing.promise_days is not None and clearing.promise_days <= horizon_d
    closed: dict[tuple[str, str, str], Clearing] = {}
    for pid, found in findings.items():
        for f in found:
            team = processes[pid].steps[f.at].team if f.rule == BACKLOG_AGE and f.at in processes[pid].steps else None
            if team is not None and within(after.get(team)) and not within(before.get(team)):
                closed[f.key] = after[team]
    return closed


def _with_waits(process: Process, waits: Mapping[str, Wait]) -> Process:
    """``process`` with each step's mean wait as it responds (an unbounded one kept as declared: its
    process has no lead time to compute)."""
    steps = {s: step if waits[s].mean_h in (step.wait.mean, response.UNBOUNDED)
             else dataclasses.replace(step, wait=with_mean(step.wait, waits[s].mean_h))
             for s, step in process.steps.items()}
    return process if all(steps[s] is process.steps[s] for s in steps) else dataclasses.replace(process, steps=steps)


# -- yearly figures ------------------------------------------------------------------------------


def customer_days_per_year(walk: Walk) -> float | None:
    """``demand x 365.25 x lead time`` in days."""
    demand = walk.process.demand_per_day
    return demand * DAYS_PER_YEAR * walk.figures.lead_time_h / 24 if demand is not None else None


def staff_hours_per_year(walk: Walk) -> float | None:
    demand = walk.process.demand_per_day
    return demand * DAYS_PER_YEAR * walk.figures.touch_time_h if demand is not None else None


def work_cost_per_year(walk: Walk) -> float | None:
    """The yearly cost of the work, priced per team; None when no team doing work declares a cost."""
    process, demand = walk.process, walk.process.demand_per_day
    priced = [(hours, process.teams[t].hourly_cost) for t, hours in walk.figures.touch_by_team_h.items()
              if t in process.teams and process.teams[t].hourly_cost is not None and hours > 0]
    if demand is None or not priced:
        return None
    return demand * DAYS_PER_YEAR * sum(hours * (cost or 0.0) for hours, cost in priced)


def staffing_cost_per_year(queues: Mapping[str, Queue]) -> float | None:
    """``staff x hours a day x days a week x 365.25 / 7 x hourly cost`` over the teams that declare both."""
    priced = [q.team for q in queues.values() if q.team.staff is not None and q.team.hourly_cost is not None]
    if not priced:
        return None
    return sum((t.staff or 0.0) * t.hours_per_calendar_day * DAYS_PER_YEAR * (t.hourly_cost or 0.0) for t in priced)


def gone_and_new(before: Sequence[Finding], after: Sequence[Finding]) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """The findings of ``before`` that ``after`` no longer has, and those it adds (by rule and place)."""
    old, new = {(f.rule, f.at) for f in before}, {(f.rule, f.at) for f in after}
    return (tuple(f for f in before if (f.rule, f.at) not in new), tuple(f for f in after if (f.rule, f.at) not in old))


def totals(side: Side, base: Side) -> dict[str, Any]:
    """The side's yearly figures added up over every process; None where a process has none."""
    def add(figure: Callable[[Walk], float | None], bounded: bool) -> float | None:
        values = [None if side.is_unbounded(pid) and not bounded else figure(walk) for pid, walk in side.walks.items()]
        found = [v for v in values if v is not None]
        return None if len(found) < len(values) or not found else sum(found)
    return {"customer_days_per_year": add(customer_days_per_year, False),
            "staff_hours_per_year": add(staff_hours_per_year, True),
            "work_cost_per_year": add(work_cost_per_year, True),
            "staffing_cost_per_year": staffing_cost_per_year({**base.queues, **side.queues}),
            "unbounded": sorted({t for teams in side.unbounded.values() for t in teams})}
