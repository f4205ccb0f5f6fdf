"""Several processes seen together: shared teams' summed load, each policy's total friction."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from processwalk.model import Team

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class TeamTotal:
    """A team's load summed over every process that uses it (through a shared catalog)."""

    team: Team
    load_by_process: Mapping[str, float]
    capacity_h_per_day: float | None

    @property
    def processes(self) -> tuple[str, ...]:
        return tuple(self.load_by_process)

    @property
    def load_h_per_day(self) -> float:
        return sum(self.load_by_process.values())

    @property
    def utilization(self) -> float | None:
        if not self.capacity_h_per_day:
            return None
        return self.load_h_per_day / self.capacity_h_per_day


@dataclass(frozen=True)
class PolicyTotal:
    """A policy's friction totalled over the processes that follow it."""

    policy_id: str
    title: str
    owner: str | None
    processes: tuple[str, ...]
    customer_days_per_year: float | None
    staff_hours_per_year: float | None
    cost_per_year: float | None


@dataclass(frozen=True)
class Portfolio:
    #: the ``process`` of findings that belong to the portfolio rather than to one process
    ID = "(portfolio)"

    walks: tuple[Walk, ...]
    teams: Mapping[str, TeamTotal]
    policies: Mapping[str, PolicyTotal]
    files: frozenset[str]

    @property
    def bottleneck(self) -> TeamTotal | None:
        loaded = [t for t in self.teams.values() if t.utilization is not None]
        return max(loaded, key=lambda t: (t.utilization, t.team.id)) if loaded else None


def build(walks: Sequence[Walk], files: Sequence[str] = ()) -> Portfolio:
    return Portfolio(tuple(walks), _teams(walks), _policies(walks), frozenset(files))


def _teams(walks: Sequence[Walk]) -> dict[str, TeamTotal]:
    loads: dict[str, dict[str, float]] = {}
    teams: dict[str, Team] = {}
    for walk in walks:
        for team_id, load in walk.teams.items():
            if load.load_h_per_day is None:
                continue
            # A team is shared when it is the same team: the same id from the same definition.
            teams.setdefault(team_id, walk.process.teams[team_id])
            loads.setdefault(team_id, {})[walk.process.id] = load.load_h_per_day
    return {
        tid: TeamTotal(teams[tid], loads[tid], walks_capacity(walks, tid))
        for tid in sorted(loads)
    }


def walks_capacity(walks: Sequence[Walk], team_id: str) -> float | None:
    for walk in walks:
        load = walk.teams.get(team_id)
        if load is not None and load.capacity_h_per_day is not None:
            return load.capacity_h_per_day
    return None


def _policies(walks: Sequence[Walk]) -> dict[str, PolicyTotal]:
    totals: dict[str, PolicyTotal] = {}
    for walk in walks:
        for policy_id, friction in walk.policies.items():
            policy = walk.process.policies[policy_id]
            before = totals.get(policy_id)
            totals[policy_id] = PolicyTotal(
                policy_id, policy.title, policy.owner,
                (before.processes if before else ()) + (walk.process.id,),
                _add(before.customer_days_per_year if before else None, friction.customer_days_per_year),
                _add(before.staff_hours_per_year if before else None, friction.staff_hours_per_year),
                _add(before.cost_per_year if before else None, friction.cost_per_year),
            )
    return dict(sorted(totals.items()))


def _add(a: float | None, b: float | None) -> float | None:
    if a is None and b is None:
        return None
    return (a or 0.0) + (b or 0.0)


def queueing_days_per_year(portfolio: Portfolio, total: TeamTotal) -> float | None:
    """Customer-days a year spent queueing for a shared team at its summed utilization.

    Each step of the team is given Sakasegawa's predicted wait at the team's
    utilization across all processes (``spec/analysis.md``, "Load"), weighted by
    the step's arrivals a year.  None when the team keeps no queue in steady
    state (utilization of 1 or more: its backlog grows without bound instead).
    """
    from processwalk.analysis.capacity import elapsed_service_h, sakasegawa

    team, rho = total.team, total.utilization
    if rho is None or team.staff is None or rho >= 1:
        return None
    days = 0.0
    for walk in portfolio.walks:
        demand = walk.process.demand_per_day or 0.0
        for step in walk.process.steps.values():
            if step.team == team.id and step.work.mean > 0:
                wait = sakasegawa(rho, team.staff, step.work.cv, elapsed_service_h(team, step.work.mean)) or 0.0
                days += demand * DAYS_PER_YEAR * walk.steps[step.id].visits * wait / 24
    return days
