"""The exact figures of a process walk, as defined in ``spec/analysis.md``.

Choices where the contract leaves room:

* An end step has no holder: a team on an end step is ignored by handoffs,
  teams touched and ping-pong.  Its declared wait and work (rare) still count in
  lead and touch time, weighted by the probability of ending there, as the
  simulation does.  Systems count on every step, end steps included.
* A step without a team (only the synthetic start of a process whose start step
  was bypassed, see :mod:`~processwalk.analysis.friction`) holds nobody: moving
  from or to it is no handoff.
* **Ping-pong** is the expected number of *returns*: transitions into a step of
  team ``T`` from a step not of ``T`` at a moment the case has already been with
  ``T``.  Per team, every entry into ``T`` is either the first meeting with ``T``
  or a return, so ``returns_T = entries_T - P(meet T) + [start step is T's]``.
  Summed over teams this is ``handoffs - (teams touched - 1)`` for a process
  whose steps all have teams: on every path the distinct teams met are the start
  team plus one per first entry.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from processwalk.analysis.chain import Chain, Vector, build
from processwalk.model import Branch, Process, Step


class StepFigures(NamedTuple):
    """Per step: expected passes, probability of at least one pass, and %C&A.  (A NamedTuple: one
    per step, sent back by every analysis worker, and tuples pickle compactly.)"""

    visits: float
    reach: float
    pca: float


@dataclass(frozen=True)
class Figures:
    """Every per-case figure of the contract; ``None`` where it cannot be computed."""

    lead_time_h: float
    touch_time_h: float
    flow_efficiency: float | None
    handoffs: float
    approvals: float
    refusals: float
    p_refused_once: float
    p_refused_twice: float
    first_pass_yield: float
    contacts: float
    p_contact: float
    repeat_contacts: float
    failure_demand_share: float | None
    teams_touched: float
    systems_touched: float
    ping_pong: float
    outcomes: Mapping[str, float]
    #: probability of meeting each team (non-end steps)
    team_reach: Mapping[str, float]
    #: expected returns to each team it already left
    ping_pong_by_team: Mapping[str, float]
    #: expected staff hours per case, per team (touch time split by team)
    touch_by_team_h: Mapping[str, float]


def compute(process: Process, chain: Chain | None = None, basic: Basic | None = None) -> Figures:
    """The figures of ``process`` (pass its :func:`~processwalk.analysis.chain.build` and its
    :class:`Basic` figures when they are at hand, to reuse them)."""
    chain = chain or build(process)
    basic = basic or Basic.of(chain)
    levels = chain.refusal_levels(2)
    p_once, p_twice = (float(level @ chain.p_refusal) for level in levels)
    contacts = sum((v for s, v in basic.visits.items() if process.steps[s].kind == "contact"), 0.0)
    contact_steps = [s for s in chain.transient if process.steps[s].kind == "contact"]
    teams, systems = _team_steps(chain), _system_steps(process)
    p_contact, *reach = chain.hit_probabilities([contact_steps, *teams.values(), *systems.values()])
    team_reach = dict(zip(teams, reach[:len(teams)]))
    returns = _returns(chain, team_reach)
    return Figures(
        lead_time_h=basic.lead_time_h,
        touch_time_h=basic.touch_time_h,
        flow_efficiency=basic.touch_time_h / basic.lead_time_h if basic.lead_time_h > 0 else None,
        handoffs=basic.handoffs,
        approvals=basic.approvals,
        refusals=basic.refusals,
        p_refused_once=p_once,
        p_refused_twice=p_twice,
        first_pass_yield=1.0 - p_once,
        contacts=contacts,
        p_contact=p_contact,
        repeat_contacts=contacts - p_contact,
        failure_demand_share=(contacts - p_contact) / contacts if contacts > 0 else None,
        teams_touched=sum(team_reach.values(), 0.0),
        systems_touched=sum(reach[len(teams):], 0.0),
        ping_pong=sum(returns.values(), 0.0),
        outcomes=outcomes(chain),
        team_reach=team_reach,
        ping_pong_by_team=returns,
        touch_by_team_h=basic.touch_by_team_h,
    )


@dataclass(frozen=True)
class Basic:
    """The figures that need only the visits: cheap enough to compute once per policy."""

    lead_time_h: float
    touch_time_h: float
    handoffs: float
    approvals: float
    refusals: float
    touch_by_team_h: Mapping[str, float]
    visits: Mapping[str, float]

    @classmethod
    def of(cls, chain: Chain) -> Basic:
        return cls.add_up(chain.process.steps.values(), chain.visits_of(),
                          handoffs=float(chain.visits @ chain.handoff_probability),
                          refusals=float(chain.visits @ chain.p_refusal))

    @classmethod
    def add_up(cls, steps: Iterable[Step], visits: Mapping[str, float], *, handoffs: float,
               refusals: float) -> Basic:
        """The figures of a walk with these expected ``visits`` of ``steps``."""
        lead = touch = approvals = 0.0
        by_team: dict[str, float] = defaultdict(float)
        for step in steps:  # one pass, adding up in the order of the steps
            v, work = visits[step.id], step.work.mean
            lead += v * (step.wait.mean + work)
            touch += v * work
            if step.kind == "approval":
                approvals += v
            if step.team is not None:
                by_team[step.team] += v * work
        return cls(lead_time_h=lead, touch_time_h=touch, handoffs=handoffs, approvals=approvals,
                   refusals=refusals, touch_by_team_h=dict(by_team), visits=dict(visits))


def difference(before: float, after: float) -> float:
    """``before - after`` for a figure of two walks of one process; zero where it is rounding.

    Two solves of nearly the same chain differ in their last bits, so a change a
    billion times smaller than the figure is taken as none (it would otherwise show
    as "-0.0 staff-hours a year").
    """
    change = before - after
    return 0.0 if abs(change) <= 1e-9 * max(1.0, abs(before)) else change


def times_without(chain: Chain, removed: Sequence[tuple[str, Branch]]) -> tuple[float, float] | None:
    """Lead time and touch time per case once each ``(step id, branch)`` of ``removed`` is taken out
    (each step's other branches renormalized), by a low-rank update of the chain
    (:meth:`Chain.visits_without`); None when that would trap cases or leave a step no branch."""
    found = chain.visits_without(removed)
    return None if found is None else _times(chain, *found)


def times_without_each(chain: Chain, removed: Sequence[tuple[str, Branch]]) -> list[tuple[float, float] | None]:
    """:func:`times_without` of each ``(step id, branch)`` of ``removed`` alone, solved together."""
    return [None if found is None else _times(chain, *found) for found in chain.visits_without_each(removed)]


def _times(chain: Chain, visits: Vector, ended: Vector) -> tuple[float, float]:
    (wait, work), (end_wait, end_work) = chain.step_hours
    return (float(visits @ (wait + work) + ended @ (end_wait + end_work)),
            float(visits @ work + ended @ end_work))


def basic(process: Process) -> Basic:
    """The visit-only figures of ``process``."""
    return Basic.of(build(process))


def step_figures(chain: Chain) -> dict[str, StepFigures]:
    """Visits, reach and %C&A of every step; an end step's visits and reach are P(ending there)."""
    visits = chain.visits_of()
    reach = {s: float(v / d) for s, v, d in zip(chain.transient, chain.visits, chain.diagonal)}
    refusal = dict(zip(chain.transient, chain.p_refusal))
    return {s: StepFigures(visits[s], reach.get(s, visits[s]), 1.0 - float(refusal.get(s, 0.0)))
            for s in chain.process.steps}


def p_refused_at_least(chain: Chain, k: int) -> float:
    """P(refused at least ``k`` times): the k-th refusal leaves level k-1 at most once."""
    if k <= 0:
        return 1.0
    return float(chain.refusal_levels(k)[-1] @ chain.p_refusal)


def outcomes(chain: Chain) -> dict[str, float]:
    """Probability of each outcome, summed over the end steps that declare it."""
    found: dict[str, float] = defaultdict(float)
    for end, p in zip(chain.ends, chain.ended):
        found[chain.process.steps[end].outcome or "resolved"] += float(p)
    return dict(found)


def _team_steps(chain: Chain) -> dict[str, list[str]]:
    teams: dict[str, list[str]] = defaultdict(list)
    for s in chain.transient:
        team = chain.process.steps[s].team
        if team is not None:
            teams[team].append(s)
    return dict(teams)


def _system_steps(process: Process) -> dict[str, list[str]]:
    systems: dict[str, list[str]] = defaultdict(list)
    for s, step in process.steps.items():
        for system in dict.fromkeys(step.systems):
            systems[system].append(s)
    return dict(systems)


def _returns(chain: Chain, team_reach: Mapping[str, float]) -> dict[str, float]:
    """Per team: entries from other steps minus first meetings (see the module doc)."""
    steps = chain.process.steps
    entries: dict[str, float] = defaultdict(float)
    for i, s in enumerate(chain.transient):
        for b in steps[s].next:
            target = steps[b.to].team if b.to in chain.index else None
            if target is not None and target != steps[s].team:
                entries[target] += float(chain.visits[i]) * b.p
    start_team = steps[chain.process.start].team if chain.start >= 0 else None
    return {t: max(0.0, entries[t] - h + (1.0 if t == start_team else 0.0)) for t, h in team_reach.items()}


def returns_into(chain: Chain, team: str) -> dict[str, float]:
    """Expected returns to ``team`` per case, by the step of the team each return goes into: the
    entries into the step from another team's step, less the first meeting with the team there."""
    steps = chain.process.steps
    mine = [s for s in chain.transient if steps[s].team == team]
    entries: dict[str, float] = defaultdict(float)
    for i, s in enumerate(chain.transient):
        if steps[s].team == team:
            continue
        for b in steps[s].next:
            if b.to in chain.index and steps[b.to].team == team:
                entries[b.to] += float(chain.visits[i]) * b.p
    first = chain.first_entries(mine)
    return {s: max(0.0, entries[s] - first.get(s, 0.0)) for s in mine if entries[s] > 0}
