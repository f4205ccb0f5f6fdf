"""Staffing to a target (``processwalk staff``): the least staff per team that meets it, exact to one
person, with the yearly cost of that staffing and what the customers gain.

Targets:

* ``utilization=0.85``: each team with declared staff, at its load summed over every process, at
  most that utilization;
* ``wait=STEP:4h``: the step's team, so that the step's mean wait, as it responds to load
  (``spec/scenarios.md``), is at most 4h; out of reach when the wait's policy part alone is longer;
* ``sla=0.9``: each team used by a process with an ``sla``, so that at least that share of the
  cases of every such process finishes within it (*simulated*, same seed and cases as the
  baseline); each team alone, the others as declared;
* ``backlog=90d``: each team with backlogs, so that they reach their promise within 90 days.

The least staff may be fewer people than today.  Each count is searched upward from one that
provably misses (the team's load in people at the target), so the answer is the first that meets
it; the simulated target, whose search runs a simulation per count, is searched by bisection
over counts that grow with every person added (its draws are common to every count).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from processwalk.analysis import response
from processwalk.analysis.backlogs import clearing
from processwalk.analysis.response import Queue
from processwalk.analysis.staffing import bounded, least, people_for, with_staff
from processwalk.analysis.walk import Walk
from processwalk.config import Config
from processwalk.formatting import format_hours, format_share
from processwalk.model import Process, Scenario
from processwalk.remedies.base import read_back, scenario_yaml
from processwalk.units import DAYS_PER_YEAR, parse_hours
from processwalk.whatif import Side, baseline, evaluate, totals

KINDS = ("utilization", "wait", "sla", "backlog")
#: how many people above the least bounded count a simulated target is looked for
SLA_REACH = 64


@dataclass(frozen=True)
class Target:
    kind: str
    value: float
    #: the step of a ``wait`` target (``STEP`` or ``PROCESS/STEP``)
    step: str | None = None

    def __str__(self) -> str:
        if self.kind == "utilization":
            return f"utilization at most {format_share(self.value)}"
        if self.kind == "wait":
            return f"the wait at '{self.step}' at most {format_hours(self.value)}"
        if self.kind == "sla":
            return f"at least {format_share(self.value)} of cases within the promise (simulated)"
        return f"backlogs at their promise within {self.value:g} days"


def parse(text: str) -> Target:
    """``utilization=0.85``, ``wait=STEP:4h``, ``sla=0.9``, ``backlog=90d``; ValueError says what is wrong."""
    kind, equals, value = (part.strip() for part in text.partition("="))
    if not equals or kind not in KINDS:
        raise ValueError(f"'{text}' is not a target; write one of utilization=0.85, wait=STEP:4h, sla=0.9, "
                         "backlog=90d")
    if kind == "wait":
        step, colon, hours = value.rpartition(":")
        if not colon or not step:
            raise ValueError(f"a wait target names a step and a time, like wait=check-credit:4h, not '{text}'")
        return Target(kind, parse_hours(hours), step)
    if kind == "backlog":
        days = parse_hours(value) / 24
        if days <= 0:
            raise ValueError(f"a backlog target is a time, like backlog=90d, not '{value}'")
        return Target(kind, days)
    try:
        share = float(value.removesuffix("%")) / (100 if value.endswith("%") else 1)
    except ValueError:
        raise ValueError(f"{kind} is a share, like {kind}=0.9 or {kind}=90%, not '{value}'") from None
    if not 0 < share <= 1:
        raise ValueError(f"{kind} is a share from more than 0 to 1, not '{value}'")
    return Target(kind, share)


@dataclass(frozen=True)
class Staffing:
    """One team's least staff for the target; ``least`` None with ``why_not`` when out of reach."""

    queue: Queue
    least: int | None
    why_not: str | None = None
    #: the scenario with the team at its least staff
    side: Side | None = None
    customer_days_gained: float | None = None
    staffing_cost_added: float | None = None

    @property
    def utilization(self) -> float | None:
        return with_staff(self.queue, self.least).utilization if self.least is not None else None


Meets = Callable[[int], bool]


def staffing(processes: Sequence[Process], config: Config, target: Target, *, walks: Mapping[str, Walk],
             seed: int = 0, cases: int = 10_000) -> list[Staffing]:
    """The least staff of each team the target concerns, each evaluated as its own scenario."""
    base = baseline(processes, walks, config)
    found = [_least(queue, search) for queue, search in _searches(processes, config, target, base, seed, cases)]
    scenarios = [_scenario(s.queue, s.least) for s in found if s.least is not None]
    sides = iter(evaluate(processes, scenarios, config, seed=seed, cases=cases, base=base).scenarios)
    before = totals(base, base)
    return [s if s.least is None else _priced(s, next(sides), base, before) for s in found]


Search = Callable[[], "tuple[int | None, str | None]"]


def _least(queue: Queue, search: Search) -> Staffing:
    staff, why_not = search()
    return Staffing(queue, staff, why_not)


def _priced(found: Staffing, side: Side, base: Side, before: Mapping[str, object]) -> Staffing:
    after = totals(side, base)
    days_before, days_after = before["customer_days_per_year"], after["customer_days_per_year"]
    gained = days_before - days_after if isinstance(days_before, float) and isinstance(days_after, float) else None
    team = found.queue.team
    cost = ((found.least or 0) - (team.staff or 0)) * team.hours_per_calendar_day * DAYS_PER_YEAR * team.hourly_cost \
        if team.hourly_cost is not None else None
    return Staffing(found.queue, found.least, None, side, gained, cost)


def _scenario(queue: Queue, staff: int) -> Scenario:
    team = queue.team
    text = scenario_yaml(f"staff-{team.id}-{staff}", f"{staff} people in {team.name}", "processwalk staff",
                         [("staff", {team.id: staff})])
    return read_back(text, f"<staff {team.id}>", None)


def _searches(processes: Sequence[Process], config: Config, target: Target, base: Side, seed: int,
              cases: int) -> list[tuple[Queue, Search]]:
    staffed = {t: q for t, q in base.queues.items() if q.team.staff is not None}
    if target.kind == "utilization":
        return [(q, _utilization(q, target.value)) for q in staffed.values()]
    if target.kind == "backlog":
        return [(staffed[t], _backlog(base, staffed[t], target.value))
                for t, held in base.backlogs.items() if t in staffed and held.promise_days is not None]
    if target.kind == "wait":
        return [_wait_search(processes, target, base, staffed)]
    return [(q, _sla(processes, config, target, base, q, seed, cases)) for t, q in staffed.items()
            if _promised(processes, t)]


def _utilization(queue: Queue, share: float) -> Search:
    return _upward(lambda n: (with_staff(queue, n).utilization or 0.0) <= share, people_for(queue, share))


def _backlog(base: Side, queue: Queue, days: float) -> Search:
    return _upward(lambda n: _promise(base, queue, n) <= days, bounded(queue))


def _sla(processes: Sequence[Process], config: Config, target: Target, base: Side, queue: Queue, seed: int,
         cases: int) -> Search:
    return lambda: _sla_search(processes, config, target, base, queue, seed, cases)


def _upward(meets: Meets, start: int) -> Search:
    return lambda: (least(meets, start), "no count of people meets it")


def _promise(base: Side, queue: Queue, staff: int) -> float:
    held = base.backlogs[queue.team.id]
    days = clearing(held.team, with_staff(queue, staff), held.items).promise_days
    return days if days is not None else float("inf")


def _wait_search(processes: Sequence[Process], target: Target, base: Side,
                 staffed: Mapping[str, Queue]) -> tuple[Queue, Search]:
    where, _, ident = (target.step or "").rpartition("/")
    found = [(p, p.steps[ident]) for p in processes if ident in p.steps and where in ("", p.id)]
    if len(found) != 1:
        listed = ", ".join(f"{p.id}/{ident}" for p, _ in found)
        raise ValueError(f"no process has a step '{ident}'" if not found else
                         f"several processes have a step '{ident}'; name one: {listed}")
    process, step = found[0]
    queue = staffed.get(step.team or "")
    if queue is None:
        raise ValueError(f"step '{ident}' has no team with declared staff to change")
    wait = base.waits[process.id][step.id]
    if wait.policy_h is None:
        return queue, lambda: (None, "its process declares no demand")
    if wait.policy_h > target.value:
        return queue, lambda: (None, f"its policy part, {format_hours(wait.policy_h or 0.0)}, is longer whatever "
                                     "the staff")

    def meets(staff: int) -> bool:
        after = response.predicted_wait(with_staff(queue, staff), step, process.arrivals_cv)
        return response.respond(step.wait.mean, wait.predicted_h, after).mean_h <= target.value
    return queue, _upward(meets, bounded(queue))


def _promised(processes: Sequence[Process], team: str) -> list[Process]:
    return [p for p in processes if p.sla_h is not None and p.demand_per_day is not None
            and any(s.team == team for s in p.steps.values())]


def _sla_search(processes: Sequence[Process], config: Config, target: Target, base: Side, queue: Queue,
                seed: int, cases: int) -> tuple[int | None, str | None]:
    concerned = [p.id for p in _promised(processes, queue.team.id)]

    def meets(staff: int) -> bool:
        [side] = evaluate(processes, [_scenario(queue, staff)], config, seed=seed, cases=cases,
                          base=base).scenarios
        return all(not side.is_unbounded(pid) and 1 - (side.walks[pid].simulation.share_over_sla or 0.0)
                   >= target.value for pid in concerned)
    low = bounded(queue)
    high = low + SLA_REACH
    if not meets(high):
        return None, f"even {high} people leave fewer than {format_share(target.value)} within the promise"
    low -= 1  # misses: one person fewer than the least bounded count leaves the queue unbounded
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if meets(middle) else (middle, high)
    return high, None
