"""Several processes seen together: shared teams' summed load, each policy's total friction."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from processwalk.analysis import response
from processwalk.analysis.response import TeamStep
from processwalk.model import Policy, Team

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk


#: the ``policy_id`` of the joint figure of every policy
TOGETHER = "(all policies)"


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


class TeamShare(NamedTuple):
    """One team as one process loads it."""

    team: Team
    load_h_per_day: float | None
    capacity_h_per_day: float | None
    #: the team's steps in this process, with their visits a year, work and declared wait
    steps: tuple[TeamStep, ...] = ()


@dataclass(frozen=True)
class Share:
    """What one process brings to the portfolio.

    It is taken from the process's walk where the process is analysed (in a
    worker, when there are many), so that a run over many files need not send
    every walk back to see them together.
    """

    process: str
    #: each team the process uses, with its load from this process
    teams: Mapping[str, TeamShare]
    #: each policy the process follows, with the friction it causes in this process
    friction: Mapping[str, PolicyTotal]
    #: the ids of the policies its steps and branches follow
    used: frozenset[str]
    #: every policy the process can see, its catalogs' included
    defined: tuple[Policy, ...]
    #: what all the policies it follows add together (their frictions overlap: not their sum)
    together: PolicyTotal | None = None

    @classmethod
    def of(cls, walk: Walk) -> Share:
        from processwalk.transform import used_policies

        process = walk.process
        worked = response.team_steps(process, {s: walk.steps[s].visits for s in process.steps})
        teams = {
            team_id: TeamShare(process.teams[team_id], load.load_h_per_day, load.capacity_h_per_day,
                               worked.get(team_id, ()))
            for team_id, load in walk.teams.items()
        }
        friction = {
            policy_id: PolicyTotal(policy_id, process.policies[policy_id].title, process.policies[policy_id].owner,
                                   (process.id,), f.customer_days_per_year, f.staff_hours_per_year, f.cost_per_year)
            for policy_id, f in walk.policies.items()
        }
        joint = walk.policies_together
        together = (PolicyTotal(TOGETHER, "All policies together", None, (process.id,), joint.customer_days_per_year,
                                joint.staff_hours_per_year, joint.cost_per_year) if joint else None)
        return cls(process.id, teams, friction, frozenset(used_policies(process)), tuple(process.policies.values()),
                   together)


@dataclass(frozen=True)
class Portfolio:
    #: the ``process`` of findings that belong to the portfolio rather than to one process
    ID = "(portfolio)"

    shares: tuple[Share, ...]
    teams: Mapping[str, TeamTotal]
    policies: Mapping[str, PolicyTotal]
    files: frozenset[str]

    @property
    def policies_together(self) -> PolicyTotal | None:
        """What every policy adds with all of them taken away at once in each process, summed over
        the processes (their cases are not shared, so these do add up); None without policies."""
        joint = [s.together for s in self.shares if s.together is not None]
        if not joint:
            return None
        return PolicyTotal(TOGETHER, "All policies together", None, tuple(p for j in joint for p in j.processes),
                           _sum(j.customer_days_per_year for j in joint), _sum(j.staff_hours_per_year for j in joint),
                           _sum(j.cost_per_year for j in joint))

    @property
    def bottleneck(self) -> TeamTotal | None:
        loaded = [t for t in self.teams.values() if t.utilization is not None]
        return max(loaded, key=lambda t: (t.utilization, t.team.id)) if loaded else None


def build(shares: Sequence[Share], files: Sequence[str] = ()) -> Portfolio:
    return Portfolio(tuple(shares), _teams(shares), _policies(shares), frozenset(files))


def _teams(shares: Sequence[Share]) -> dict[str, TeamTotal]:
    loads: dict[str, dict[str, float]] = {}
    teams: dict[str, Team] = {}
    capacities: dict[str, float] = {}
    for share in shares:
        for team_id, load in share.teams.items():
            if load.capacity_h_per_day is not None:
                capacities.setdefault(team_id, load.capacity_h_per_day)
            if load.load_h_per_day is None:
                continue
            # A team is shared when it is the same team: the same id from the same definition.
            teams.setdefault(team_id, load.team)
            loads.setdefault(team_id, {})[share.process] = load.load_h_per_day
    return {tid: TeamTotal(teams[tid], loads[tid], capacities.get(tid)) for tid in sorted(loads)}


def _policies(shares: Sequence[Share]) -> dict[str, PolicyTotal]:
    totals: dict[str, PolicyTotal] = {}
    for share in shares:
        for policy_id, friction in share.friction.items():
            before = totals.get(policy_id)
            if before is None:
                totals[policy_id] = friction
                continue
            totals[policy_id] = replace(
                before, processes=before.processes + friction.processes,
                customer_days_per_year=_add(before.customer_days_per_year, friction.customer_days_per_year),
                staff_hours_per_year=_add(before.staff_hours_per_year, friction.staff_hours_per_year),
                cost_per_year=_add(before.cost_per_year, friction.cost_per_year),
            )
    return dict(sorted(totals.items()))


def _sum(values: Iterable[float | None]) -> float | None:
    total: float | None = None
    for value in values:
        total = _add(total, value)
    return total


def _add(a: float | None, b: float | None) -> float | None:
    if a is None and b is None:
        return None
    return (a or 0.0) + (b or 0.0)


def queueing_days_per_year(portfolio: Portfolio, total: TeamTotal) -> float | None:
    """A shared team's queueing effect (:func:`.response.queueing_days_per_year`) at its summed
    utilization, over the team's steps in every process."""
    steps = [step for share in portfolio.shares if (load := share.teams.get(total.team.id)) is not None
             for step in load.steps]
    return response.queueing_days_per_year(total.team, total.utilization, steps)
