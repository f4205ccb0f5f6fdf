"""What the rule modules share: yearly impact, names to address, and the finding itself."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from processwalk.errors import Location
from processwalk.findings import Finding, Impact
from processwalk.formatting import added, format_hours, format_in, format_share
from processwalk.model import Branch, Policy, Process, Step
from processwalk.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

Evidence = Mapping[str, "float | str | None"]


def impact(process: Process, customer_h: float = 0.0, staff_h: float = 0.0) -> Impact:
    """Per-case hours of customer waiting and staff work, as yearly figures (None without demand)."""
    if process.demand_per_day is None:
        return Impact()
    cases = process.demand_per_day * DAYS_PER_YEAR
    return Impact(
        customer_days_per_year=cases * customer_h / 24 if customer_h else None,
        staff_hours_per_year=cases * staff_h if staff_h else None,
    )


def finding(walk: Walk, rule: ModuleType, settings: RuleSettings, *, place: str, at: str,
            location: Location, message: str, why: str, ask: str | None,
            evidence: Evidence | None = None, impact: Impact | None = None,
            severity: str | None = None) -> Finding:
    return Finding(rule=rule.ID, severity=severity or settings.severity, process=walk.process.id,
                   place=place, at=at, location=location, message=message, why=why, ask=ask,
                   evidence=dict(evidence or {}), impact=impact or Impact())


def team_name(process: Process, step: Step) -> str:
    team = process.teams.get(step.team or "")
    return team.name if team else (step.team or "nobody")


def team_owner(process: Process, step: Step) -> str:
    """Who answers for the team of a step: the team's ``owner``, else the team itself."""
    team = process.teams.get(step.team or "")
    return team.answerer if team else (step.team or "nobody")


def owner(process: Process, step: Step) -> str:
    """Who can answer for a step: the owner of its policy, else the owner of its team."""
    for policy_id in step.policies:
        policy = process.policies.get(policy_id)
        if policy is not None and policy.owner:
            return policy.owner
    return team_owner(process, step)


def process_owner(process: Process) -> str:
    return process.owner or f"the owner of '{process.title}'"


def hours(value: float, unit: str | None = None) -> str:
    """A duration in a finding's sentence: in the configured unit (``display: {unit: d}``, the
    settings' ``unit``), else in the unit that suits it ('12m', '3.5h', '2.1d')."""
    return format_in(value, unit) if unit else format_hours(value)


def adds_hours(value: float, verbs: tuple[str, str] = ("adds", "saves"), unit: str | None = None) -> str:
    """``'adds 2.0d'``, or ``'saves 2.0d'`` where the figure is below zero (see :func:`formatting.added`)."""
    return added(value, hours(abs(value), unit), verbs)


def percent(share: float) -> str:
    return format_share(share)


def used_policies(process: Process) -> list[Policy]:
    """The policies the process's steps and branches follow, in catalog order."""
    from processwalk.transform import used_policies as used

    return [process.policies[i] for i in used(process) if i in process.policies]


def loops_back(walk: Walk, step_id: str, branch: Branch) -> bool:
    """Does ``branch`` of ``step_id`` lead back to it (can a case it sends on come to the step again)?"""
    components = walk.components
    return components[step_id] == components[branch.to]


def saved(walk: Walk, removed: Sequence[tuple[str, Branch]]) -> tuple[float, float] | None:
    """Lead time and touch time per case saved if each ``(step id, branch)`` of ``removed`` were
    taken out (each step's other branches renormalized), by a low-rank update of the walk's chain;
    None when that would trap cases in a loop (then nothing is saved: no case could finish)."""
    from processwalk.analysis.figures import times_without

    return _saving(walk, times_without(walk.chain, removed))


def saved_each(walk: Walk, removed: Sequence[tuple[str, Branch]]) -> list[tuple[float, float] | None]:
    """:func:`saved` for each ``(step id, branch)`` of ``removed`` taken out alone, solved together."""
    from processwalk.analysis.figures import times_without_each

    return [_saving(walk, after) for after in times_without_each(walk.chain, removed)]


def _saving(walk: Walk, after: tuple[float, float] | None) -> tuple[float, float] | None:
    from processwalk.analysis.figures import difference

    if after is None:
        return None
    return difference(walk.figures.lead_time_h, after[0]), difference(walk.figures.touch_time_h, after[1])


def wait_after_handoffs_h(walk: Walk) -> float:
    """Expected hours per case spent waiting at steps entered from another team's step."""
    process, total = walk.process, 0.0
    for step in process.steps.values():
        if step.is_end or step.team is None:
            continue
        for branch in step.next:
            target = process.steps[branch.to]
            if not target.is_end and target.team is not None and target.team != step.team:
                total += walk.steps[step.id].visits * branch.p * target.wait.mean
    return total


def friction_impact(walk: Walk, policy_id: str) -> Impact:
    """A policy's yearly friction in this process, as the impact of a finding about it."""
    friction = walk.policies[policy_id]
    return Impact(friction.customer_days_per_year, friction.staff_hours_per_year, friction.cost_per_year)
