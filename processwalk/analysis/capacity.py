"""Load, capacity, bottleneck, predicted waits and backlogs (``spec/analysis.md``).

A figure that needs ``demand`` or a team's ``staff`` is ``None`` ("not
declared") when they are missing, never zero.

Choices where the contract leaves room:

* **E[S]**, the service time of the predicted wait (Allen–Cunneen on the exact
  Erlang C, :mod:`.queueing`), is the step's mean work
  stretched to elapsed time at the team's hours: one person works
  ``hours_per_day * days_per_week / 7`` hours per calendar day, so one hour of
  work occupies a server ``24 / that`` elapsed hours.  With ``c = staff`` servers
  this keeps ``rho = lambda * E[S] / c`` equal to the team's utilization.  Every
  step of a team is taken to queue at the team with the team's utilization.
* The **verdict** on a step's declared wait: ``"unbounded"`` when the team's
  utilization is >= 1 (the queue grows without bound); ``"policy, batching or
  priority"`` when the declared mean wait exceeds ``3 x predicted + 1h`` (the
  hour keeps a few minutes on hold from being called policy); otherwise
  ``"explained by load"``.  ``None`` when the step declares no wait or the
  prediction cannot be computed.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from processwalk.analysis.queueing import allen_cunneen
from processwalk.model import Process, Step, Team

#: declared wait above ``VERDICT_FACTOR * predicted + VERDICT_SLACK_H`` is not explained by load
VERDICT_FACTOR = 3.0
VERDICT_SLACK_H = 1.0
POLICY = "policy, batching or priority"
LOAD = "explained by load"
UNBOUNDED = "unbounded"


@dataclass(frozen=True)
class TeamLoad:
    team: str
    load_h_per_day: float | None
    capacity_h_per_day: float | None
    utilization: float | None
    #: items per day the team's backlog grows by when utilization >= 1, else None
    backlog_growth_per_day: float | None = None


class StepLoad(NamedTuple):
    """Per step: arrivals a day, predicted and judged wait, backlog age.  (A NamedTuple, like
    :class:`~processwalk.analysis.figures.StepFigures`, for the workers' results.)"""

    arrivals_per_day: float | None
    predicted_wait_h: float | None
    verdict: str | None
    backlog_age_d: float | None


@dataclass(frozen=True)
class Capacity:
    teams: Mapping[str, TeamLoad]
    steps: Mapping[str, StepLoad]
    bottleneck: str | None
    #: cases per day the process can sustain: demand / highest utilization
    max_demand_per_day: float | None


def capacity(process: Process, visits: Mapping[str, float]) -> Capacity:
    """Every load figure of ``process`` given its expected visits per step."""
    teams = {t: team_load(process, t, visits) for t in _teams_used(process)}
    busiest = [t for t in teams.values() if t.utilization is not None and t.utilization > 0]
    top = max(busiest, key=lambda t: t.utilization or 0.0, default=None)
    demand = process.demand_per_day
    return Capacity(
        teams=teams,
        steps={s: step_load(process, step, visits[s], teams) for s, step in process.steps.items()},
        bottleneck=top.team if top else None,
        max_demand_per_day=demand / top.utilization if top and top.utilization and demand is not None else None,
    )


def team_load(process: Process, team_id: str, visits: Mapping[str, float]) -> TeamLoad:
    """Offered load, capacity and utilization of one team; backlog growth when overloaded."""
    team = process.teams.get(team_id)
    mine = [s for s, step in process.steps.items() if step.team == team_id]
    demand = process.demand_per_day
    load = demand * sum(visits[s] * process.steps[s].work.mean for s in mine) if demand is not None else None
    cap = team_capacity(team) if team else None
    util = load / cap if load is not None and cap else None
    growth = None
    if util is not None and util >= 1 and load and cap is not None and demand:
        per_item = load / (demand * sum(visits[s] for s in mine))
        growth = (load - cap) / per_item
    return TeamLoad(team_id, load, cap, util, growth)


def team_capacity(team: Team) -> float | None:
    """Staff hours per calendar day: ``staff * hours_per_day * days_per_week / 7``."""
    return team.staff * team.hours_per_calendar_day if team.staff is not None else None


def step_load(process: Process, step: Step, visits: float, teams: Mapping[str, TeamLoad]) -> StepLoad:
    demand = process.demand_per_day
    arrivals = demand * visits if demand is not None else None
    wait = predicted_wait(process, step, teams)
    return StepLoad(arrivals, wait, verdict(process, step, wait, teams), backlog_age_d(step, arrivals))


def predicted_wait(process: Process, step: Step, teams: Mapping[str, TeamLoad]) -> float | None:
    """Allen–Cunneen's mean wait in hours on the exact Erlang C, at the team's utilization in this
    process and the process's ``arrivals_cv``; None when rho >= 1 or not computable."""
    load = teams.get(step.team) if step.team else None
    team = process.teams.get(step.team) if step.team else None
    if load is None or team is None or load.utilization is None or not team.staff:
        return None
    offered = load.utilization * team.staff
    service = elapsed_service_h(team, step.work.mean)
    return allen_cunneen(team.staff, offered, service, step.work.cv, process.arrivals_cv)


def elapsed_service_h(team: Team, work_h: float) -> float:
    """Mean work stretched to elapsed hours at one person's hours per calendar day."""
    return work_h * 24 / team.hours_per_calendar_day


def verdict(process: Process, step: Step, predicted: float | None, teams: Mapping[str, TeamLoad]) -> str | None:
    """What the declared wait says next to the predicted one (see the module doc)."""
    load = teams.get(step.team) if step.team else None
    if step.wait.mean <= 0 or load is None or load.utilization is None:
        return None
    if predicted is None:  # a team with a utilization has staff: only rho >= 1 predicts nothing
        return UNBOUNDED
    return POLICY if step.wait.mean > VERDICT_FACTOR * predicted + VERDICT_SLACK_H else LOAD


def backlog_age_d(step: Step, arrivals_per_day: float | None) -> float | None:
    """Little's law: ``open / arrivals`` days for a new item to get through the backlog."""
    if step.backlog is None or not arrivals_per_day:
        return None
    return step.backlog.open / arrivals_per_day


def _teams_used(process: Process) -> list[str]:
    return list(dict.fromkeys(s.team for s in process.steps.values() if s.team is not None))
