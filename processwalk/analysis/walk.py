"""One process analyzed: every figure in one record, and its JSON contract.

``analyze(process)`` is what commands and renderers call; ``to_json(walk)``
gives the process entry of ``processwalk analyze --format json`` with every key
of ``spec/analysis.md`` (more keys are added, none renamed; ``null`` where a
figure cannot be computed from what was declared).
"""
from __future__ import annotations

import dataclasses
import functools
import math
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx

from processwalk import graph as graphs
from processwalk.analysis import capacity as capacities
from processwalk.analysis import chain as chains
from processwalk.analysis import figures as figs
from processwalk.analysis import friction as frictions
from processwalk.analysis import paths as walks
from processwalk.analysis.capacity import Capacity, StepLoad, TeamLoad
from processwalk.analysis.figures import Figures, StepFigures
from processwalk.analysis.friction import PolicyFriction
from processwalk.analysis.narrate import Stop, narrate
from processwalk.analysis.paths import Path
from processwalk.analysis.simulate import Simulation, simulate
from processwalk.model import Process

__all__ = ["Stop", "Walk", "analyze", "analyze_each", "analyze_many", "document", "narrate", "to_json"]

JSON = dict[str, Any]
T = TypeVar("T")
#: below this many processes ``analyze_many`` stays in one process
PARALLEL_FROM = 64


@dataclass(frozen=True)
class Walk:
    """Everything known about one process."""

    process: Process
    figures: Figures
    steps: Mapping[str, StepFigures]
    capacity: Capacity
    policies: Mapping[str, PolicyFriction]
    likely_paths: tuple[Path, ...]
    slowest_path: Path | None
    #: the simulation's settings; it runs when ``simulation`` is first read
    seed: int = 0
    cases: int = 10_000

    @functools.cached_property
    def simulation(self) -> Simulation:
        """The simulated lead-time distribution, computed on first use: it is the one costly figure,
        and many runs (``check``, ``diff``) need it for few processes or none."""
        return simulate(self.process, cases=self.cases, seed=self.seed)

    @functools.cached_property
    def graph(self) -> nx.DiGraph:
        """The process as a networkx graph (:mod:`processwalk.graph`), for questions of reachability."""
        return graphs.build(self.process)

    @property
    def teams(self) -> Mapping[str, TeamLoad]:
        return self.capacity.teams

    @property
    def step_loads(self) -> Mapping[str, StepLoad]:
        return self.capacity.steps

    @property
    def bottleneck(self) -> str | None:
        return self.capacity.bottleneck


def analyze(process: Process, *, seed: int = 0, cases: int = 10_000) -> Walk:
    """Every figure of ``process``; the simulation is seeded, so the result is reproducible."""
    chain = chains.build(process)
    basic = figs.Basic.of(chain)
    likely, slowest = walks.likely_and_slowest(process)
    return Walk(
        process=process,
        figures=figs.compute(process, chain),
        steps=figs.step_figures(chain),
        capacity=capacities.capacity(process, basic.visits),
        policies=frictions.policy_friction(process, basic),
        likely_paths=likely,
        slowest_path=slowest,
        seed=seed,
        cases=cases,
    )


def analyze_many(processes: Sequence[Process], *, seed: int = 0, cases: int = 10_000,
                 workers: int | None = None, simulated: bool = False) -> list[Walk]:
    """:func:`analyze` each process, over ``workers`` processes (default: the CPUs) when there are many.

    ``simulated`` runs the simulation now (in the workers) rather than on first use.
    """
    return [walk for walk, _ in analyze_each(processes, _nothing, seed=seed, cases=cases, workers=workers,
                                             simulated=simulated)]


def analyze_each(processes: Sequence[Process], then: Callable[[Walk], T], *, seed: int = 0,
                 cases: int = 10_000, workers: int | None = None,
                 simulated: bool = False) -> list[tuple[Walk, T]]:
    """:func:`analyze` each process and apply ``then`` to its walk where it was analysed.

    Over several processes (when there are many), workers are forked where the
    platform allows, so they inherit the processes and ``then`` instead of
    unpickling them, and send back every figure but the process, the result of
    ``then``, and the simulation if it ran.
    """
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(processes) < PARALLEL_FROM:
        return [_one(process, then, seed, cases, simulated) for process in processes]
    global _JOBS, _THEN
    _JOBS, _THEN = processes, then
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    jobs = [(i if fork else p, seed, cases, simulated) for i, p in enumerate(processes)]
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = list(pool.map(_analyze_one, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
    finally:
        _JOBS, _THEN = (), _nothing
    return [(_rebuild(process, rest, simulation), result)
            for process, (rest, simulation, result) in zip(processes, parts)]


def _nothing(walk: Walk) -> None:
    return None


def _one(process: Process, then: Callable[[Walk], T], seed: int, cases: int, simulated: bool) -> tuple[Walk, T]:
    walk = analyze(process, seed=seed, cases=cases)
    if simulated:
        walk.simulation  # noqa: B018 - computed and cached now
    return walk, then(walk)


def _pack(walk: Walk) -> dict[str, Any]:
    """The walk's fields but the process, paths packed: what a worker sends back."""
    fields = {f.name: getattr(walk, f.name) for f in dataclasses.fields(walk)[1:]}
    fields["likely_paths"] = tuple(p.pack(walk.process) for p in walk.likely_paths)
    fields["slowest_path"] = walk.slowest_path.pack(walk.process) if walk.slowest_path else None
    return fields


def _rebuild(process: Process, fields: dict[str, Any], simulation: Simulation | None) -> Walk:
    fields["likely_paths"] = tuple(walks.unpack(p, process) for p in fields["likely_paths"])
    fields["slowest_path"] = walks.unpack(fields["slowest_path"], process) if fields["slowest_path"] else None
    walk = Walk(process, **fields)
    if simulation is not None:
        walk.__dict__["simulation"] = simulation  # the cached property, filled by the worker
    return walk


#: the processes and the function a forked worker inherits from :func:`analyze_each`
_JOBS: Sequence[Process] = ()
_THEN: Callable[[Walk], Any] = _nothing


def _analyze_one(job: tuple[int | Process, int, int, bool]) -> tuple[dict[str, Any], Simulation | None, Any]:  # pragma: no cover - in a worker
    which, seed, cases, simulated = job
    walk, result = _one(_JOBS[which] if isinstance(which, int) else which, _THEN, seed, cases, simulated)
    return _pack(walk), walk.__dict__.get("simulation"), result


def document(walks: Iterable[Walk], findings: Mapping[str, Sequence[JSON]] | None = None) -> JSON:
    """The whole JSON document; ``findings`` maps a process id to its findings as JSON."""
    findings = findings or {}
    return {"processes": [to_json(w, findings.get(w.process.id, ())) for w in walks]}


def to_json(walk: Walk, findings: Sequence[JSON] = ()) -> JSON:
    """The JSON entry of one process (see ``spec/analysis.md``, "Machine-readable output")."""
    process = walk.process
    return {
        "id": process.id,
        "file": process.file,
        "title": process.title,
        "demand_per_day": process.demand_per_day,
        "sla_h": process.sla_h,
        "figures": _figures_json(walk),
        "steps": {s: _step_json(walk, s) for s in process.steps},
        "teams": {t: _team_json(walk, load) for t, load in walk.teams.items()},
        "bottleneck": walk.bottleneck,
        "max_demand_per_day": _number(walk.capacity.max_demand_per_day),
        "policies": {p: _policy_json(f) for p, f in walk.policies.items()},
        "paths": {"likely": [_path_json(p) for p in walk.likely_paths],
                  "slowest_likely": _path_json(walk.slowest_path) if walk.slowest_path else None},
        "findings": list(findings),
    }


def _figures_json(walk: Walk) -> JSON:
    f, sim = walk.figures, walk.simulation
    return {
        "lead_time_h": f.lead_time_h, "touch_time_h": f.touch_time_h, "flow_efficiency": f.flow_efficiency,
        "handoffs": f.handoffs, "approvals": f.approvals, "refusals": f.refusals,
        "first_pass_yield": f.first_pass_yield, "p_refused_once": f.p_refused_once,
        "p_refused_twice": f.p_refused_twice, "contacts": f.contacts, "repeat_contacts": f.repeat_contacts,
        "failure_demand_share": f.failure_demand_share, "teams_touched": f.teams_touched,
        "systems_touched": f.systems_touched, "ping_pong": f.ping_pong, "outcomes": dict(f.outcomes),
        "lead_time_p50_h": _number(sim.p50_h), "lead_time_p85_h": _number(sim.p85_h),
        "lead_time_p95_h": _number(sim.p95_h), "lead_time_simulated_mean_h": _number(sim.mean_h),
        "lead_time_std_error_h": _number(sim.std_error_h), "share_over_sla": sim.share_over_sla,
        "simulated_cases": sim.cases, "seed": sim.seed, "truncated_cases": sim.truncated,
    }


def _step_json(walk: Walk, step_id: str) -> JSON:
    fig, load = walk.steps[step_id], walk.step_loads[step_id]
    return {"visits": fig.visits, "reach": fig.reach, "pca": fig.pca,
            "predicted_wait_h": load.predicted_wait_h, "backlog_age_d": load.backlog_age_d,
            "arrivals_per_day": load.arrivals_per_day, "wait_verdict": load.verdict}


def _team_json(walk: Walk, load: TeamLoad) -> JSON:
    f = walk.figures
    return {"load_h_per_day": load.load_h_per_day, "capacity_h_per_day": load.capacity_h_per_day,
            "utilization": load.utilization, "backlog_growth_per_day": load.backlog_growth_per_day,
            "reach": f.team_reach.get(load.team), "ping_pong": f.ping_pong_by_team.get(load.team)}


def _policy_json(f: PolicyFriction) -> JSON:
    return {"lead_time_h": f.lead_time_h, "refusals": f.refusals, "handoffs": f.handoffs,
            "approvals": f.approvals, "touch_time_h": f.touch_time_h,
            "customer_days_per_year": f.customer_days_per_year, "staff_hours_per_year": f.staff_hours_per_year,
            "cost_per_year": f.cost_per_year}


def _path_json(path: Path) -> JSON:
    return {"steps": list(path.steps), "probability": path.probability, "time_h": path.time_h}


def _number(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None
