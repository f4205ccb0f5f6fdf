"""One process analyzed: every figure in one record, and its JSON contract.

``analyze(process)`` is what commands and renderers call; ``to_json(walk)``
gives the process entry of ``processwalk analyze --format json`` with every key
of ``spec/analysis.md`` (more keys are added, none renamed; ``null`` where a
figure cannot be computed from what was declared).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from processwalk import graph as graphs
from processwalk.analysis import capacity as capacities
from processwalk.analysis import chain as chains
from processwalk.analysis import figures as figs
from processwalk.analysis import friction as frictions
from processwalk.analysis import paths as walks
from processwalk.analysis import response
from processwalk.analysis.capacity import Capacity, StepLoad, TeamLoad
from processwalk.analysis.figures import Figures, StepFigures
from processwalk.analysis.friction import PolicyFriction
from processwalk.analysis.paths import Path
from processwalk.analysis.response import Wait
from processwalk.analysis.simulate import Simulation, simulate
from processwalk.model import Process

__all__ = ["Walk", "analyze", "analyzed", "document", "to_json"]

JSON = dict[str, Any]


@dataclass(frozen=True)
class Walk:
    """Everything known about one process.

    The paths and the simulation are computed on first use: no rule reads the
    paths, and few read the simulation, so ``check`` and ``diff`` never pay for
    them on most processes.
    """

    process: Process
    figures: Figures
    steps: Mapping[str, StepFigures]
    capacity: Capacity
    policies: Mapping[str, PolicyFriction]
    #: what all its policies add together (not the sum of ``policies``: they overlap)
    policies_together: PolicyFriction | None = None
    #: the simulation's settings; it runs when ``simulation`` is first read
    seed: int = 0
    cases: int = 10_000
    #: the walk of a process no faster, case by case (:func:`.simulate.no_slower`), with the same
    #: settings: its simulated percentiles bound this one's from above (a scenario's baseline)
    bound: Walk | None = None

    def p85_within(self, limit_h: float) -> bool:
        """Whether the simulated 85th percentile is at most ``limit_h``: without simulating when the
        ``bound``'s is, since every case here finishes no later than the same case there."""
        bound = self.bound
        if "simulation" not in self.__dict__ and bound is not None and (bound.seed, bound.cases) == (
                self.seed, self.cases) and bound.simulation.p85_h <= limit_h:
            return True
        return self.simulation.p85_h <= limit_h

    @functools.cached_property
    def simulation(self) -> Simulation:
        """The simulated lead-time distribution: the one costly figure."""
        return simulate(self.process, cases=self.cases, seed=self.seed)

    @functools.cached_property
    def paths(self) -> tuple[tuple[Path, ...], Path | None]:
        """The most likely paths, and the slowest of the likely ones (:mod:`.paths`)."""
        return walks.likely_and_slowest(self.process)

    @property
    def likely_paths(self) -> tuple[Path, ...]:
        return self.paths[0]

    @property
    def slowest_path(self) -> Path | None:
        return self.paths[1]

    @functools.cached_property
    def graph(self) -> graphs.Graph:
        """The process as a networkx graph (:mod:`processwalk.graph`), for questions of reachability."""
        return graphs.build(self.process)

    @functools.cached_property
    def chain(self) -> chains.Chain:
        """The absorbing chain the figures were solved on (:mod:`.chain`), its solves cached."""
        return chains.build(self.process)

    @functools.cached_property
    def components(self) -> Mapping[str, int]:
        """Each step's strongly connected component of :attr:`graph`: two steps share one exactly
        when a case can go from each to the other (they are on a loop together)."""
        return graphs.components(self.graph)

    def complete(self) -> Walk:
        """The walk with every figure computed, ``simulated`` or not: before it is sent to another process."""
        self.paths  # noqa: B018 - computed and cached now
        return self

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its graph, which is quicker rebuilt than sent; the paths and the
        simulation go along when they were computed."""
        return {name: value for name, value in self.__dict__.items() if name not in _REBUILT}

    @property
    def teams(self) -> Mapping[str, TeamLoad]:
        return self.capacity.teams

    @property
    def step_loads(self) -> Mapping[str, StepLoad]:
        return self.capacity.steps

    @property
    def bottleneck(self) -> str | None:
        return self.capacity.bottleneck


#: what a pickled walk leaves out: what is quicker rebuilt than sent, and the bound (another walk,
#: read only by the rules, which have run by the time a walk is sent)
_REBUILT = frozenset({"chain", "graph", "components", "bound"})


def analyze(process: Process, *, seed: int = 0, cases: int = 10_000) -> Walk:
    """Every figure of ``process``; the simulation is seeded, so the result is reproducible."""
    chain = chains.build(process)
    basic = figs.Basic.of(chain)
    walk = Walk(
        process=process,
        figures=figs.compute(process, chain, basic),
        steps=figs.step_figures(chain),
        capacity=capacities.capacity(process, basic.visits),
        policies=frictions.policy_friction(process, basic, chain),
        policies_together=frictions.together(process, basic),
        seed=seed,
        cases=cases,
    )
    walk.__dict__["chain"] = chain  # the cached property: the rules' rank-one updates reuse its solves
    return walk


def analyzed(process: Process, *, seed: int = 0, cases: int = 10_000, simulated: bool = False) -> Walk:
    """:func:`analyze`, with every figure computed now (the simulation too when ``simulated``): the
    walk as it is sent from a worker to the process that shows it."""
    walk = analyze(process, seed=seed, cases=cases).complete()
    if simulated:
        walk.simulation  # noqa: B018 - computed and cached now
    return walk


def document(walks: Iterable[Walk], findings: Mapping[str, Sequence[JSON]] | None = None) -> JSON:
    """The whole JSON document; ``findings`` maps a process id to its findings as JSON.  Each
    declared wait is taken apart at its team's load summed over ``walks`` (``spec/scenarios.md``)."""
    findings = findings or {}
    walks = list(walks)
    _, waits = response.declared((w.process, _visits(w)) for w in walks)
    return {"processes": [to_json(w, findings.get(w.process.id, ()), waits[w.process.id]) for w in walks]}


def to_json(walk: Walk, findings: Sequence[JSON] = (), waits: Mapping[str, Wait] | None = None) -> JSON:
    """The JSON entry of one process (see ``spec/analysis.md``, "Machine-readable output"); its
    waits taken apart at its own load unless ``waits`` are given."""
    process = walk.process
    if waits is None:
        waits = response.declared([(process, _visits(walk))])[1][process.id]
    return {
        "id": process.id,
        "file": process.file,
        "title": process.title,
        "demand_per_day": process.demand_per_day,
        "sla_h": process.sla_h,
        "figures": _figures_json(walk),
        "steps": {s: _step_json(walk, s, waits[s]) for s in process.steps},
        "teams": {t: _team_json(walk, load) for t, load in walk.teams.items()},
        "bottleneck": walk.bottleneck,
        "max_demand_per_day": _number(walk.capacity.max_demand_per_day),
        "policies": {p: _policy_json(f) for p, f in walk.policies.items()},
        "policies_together": _policy_json(walk.policies_together) if walk.policies_together else None,
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
        "simulation_note": sim.note or None,
    }


def _step_json(walk: Walk, step_id: str, wait: Wait) -> JSON:
    fig, load = walk.steps[step_id], walk.step_loads[step_id]
    return {"visits": fig.visits, "reach": fig.reach, "pca": fig.pca,
            "predicted_wait_h": load.predicted_wait_h, "backlog_age_d": load.backlog_age_d,
            "arrivals_per_day": load.arrivals_per_day, "wait_verdict": load.verdict,
            "wait_queueing_part_h": wait.queueing_h, "wait_policy_part_h": wait.policy_h}


def _visits(walk: Walk) -> dict[str, float]:
    return {s: f.visits for s, f in walk.steps.items()}


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
