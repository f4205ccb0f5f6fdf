"""A team's utilization reaches ``warning`` (default 0.85) or ``error`` (default 1.0).

Why it matters: near full utilization queues grow steeply (Kingman, Sakasegawa);
at or above 1 the queue grows without bound and a backlog builds up whatever
anybody does.  In a portfolio, teams shared through a catalog carry the load of
every process: a back office can be the bottleneck of the organisation while
each process alone looks fine, so the rule also runs on the summed load.

Thresholds: ``warning`` = 0.85, ``error`` = 1.0 (utilization = offered load / capacity).
Impact, which ranks the finding: the team's **queueing effect**, the customer-days a year
spent in the queueing part of the declared waits at the team's steps (``q = min(W, Wq)``,
``Wq`` the Allen–Cunneen wait at the team's utilization, summed over the processes for a
shared team; from 100% on the whole of every wait, as the queue grows without bound),
and from 100% on the staff-hours a year the team is short of.
Needs ``demand`` on the process and ``staff`` on the team.

Remedy: the least staff that brings the team under ``warning`` at its summed load.

Failing (120 credits a day at 15 minutes each for 4 people working 7.5 h, 5 days a week:
30 h of work a day for 4 * 7.5 * 5 / 7 = 21.4 h of capacity, 140%)::

    demand: 120/day
    teams: {credits: {staff: 4, hours_per_day: 7.5}}
    post-credit: {team: credits, work: 15m, next: done}

Passing (the same with 10 people: 30 h for 53.6 h, 56%)::

    demand: 120/day
    teams: {credits: {staff: 10, hours_per_day: 7.5}}
    post-credit: {team: credits, work: 15m, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.analysis import response
from processwalk.findings import Finding, Impact
from processwalk.portfolio import queueing_days_per_year
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, percent
from processwalk.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings
    from processwalk.portfolio import Portfolio

ID = "bottleneck"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    process = walk.process
    steps = response.team_steps(process, {s: walk.steps[s].visits for s in process.steps})
    for team_id, load in walk.teams.items():
        if load.utilization is None or load.utilization < settings["warning"]:
            continue
        team = process.teams[team_id]
        severity = "error" if load.utilization >= settings["error"] else settings.severity
        sustainable = process.demand_per_day / load.utilization if process.demand_per_day else None
        yield finding(
            walk, sys.modules[__name__], settings, place="team", at=team_id, location=team.location,
            severity=severity,
            message=f"{team.name} is loaded to {percent(load.utilization)} "
                    f"({load.load_h_per_day:.1f} h of work a day for {load.capacity_h_per_day:.1f} h of capacity)",
            why=f"Why does {team.name} get {load.load_h_per_day:.1f} hours of work a day from "
                f"'{process.title}' for {load.capacity_h_per_day:.1f} hours of people, so that the process "
                f"can take at most {sustainable or 0:.0f} cases a day?",
            ask=team.answerer,
            evidence={"utilization": load.utilization, "load_h_per_day": load.load_h_per_day,
                      "capacity_h_per_day": load.capacity_h_per_day, "max_demand_per_day": sustainable},
            impact=_impact(load.load_h_per_day, load.capacity_h_per_day,
                           response.queueing_days_per_year(team, load.utilization, steps.get(team_id, ()))),
        )


def check_portfolio(portfolio: Portfolio, settings: RuleSettings) -> Iterator[Finding]:
    """The summed load of teams shared by several processes."""
    for total in portfolio.teams.values():
        if len(total.processes) < 2 or total.utilization is None or total.utilization < settings["warning"]:
            continue
        severity = "error" if total.utilization >= settings["error"] else settings.severity
        team = total.team
        shares = ", ".join(f"'{p}' {h:.1f} h" for p, h in total.load_by_process.items())
        yield Finding(
            rule=ID, severity=severity, process=portfolio.ID, place="team", at=team.id,
            location=team.location,
            message=f"{team.name} is loaded to {percent(total.utilization)} by {len(total.processes)} "
                    f"processes together ({shares} of work a day for {total.capacity_h_per_day:.1f} h)",
            why=f"Why do {len(total.processes)} processes together send {team.name} "
                f"{total.load_h_per_day:.1f} hours of work a day for {total.capacity_h_per_day:.1f} hours "
                "of people, when no single process owner sees the queue they share?",
            ask=team.answerer,
            evidence={"utilization": total.utilization, "load_h_per_day": total.load_h_per_day,
                      "capacity_h_per_day": total.capacity_h_per_day, "processes": len(total.processes)},
            impact=_impact(total.load_h_per_day, total.capacity_h_per_day,
                           queueing_days_per_year(portfolio, total)),
        )


def _impact(load: float | None, capacity: float | None, queueing_days: float | None) -> Impact:
    """The customer-days a year of the team's queueing effect; the staff-hours it is short of."""
    short = (load - capacity) * DAYS_PER_YEAR if load is not None and capacity is not None and load > capacity else None
    return Impact(customer_days_per_year=queueing_days or None, staff_hours_per_year=short)
