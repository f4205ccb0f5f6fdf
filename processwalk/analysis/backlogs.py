"""Backlog projection (``spec/scenarios.md``, "Backlog projection").

A team with spare capacity ``S = capacity - load`` (hours a day) works off the backlogs at its
steps together: they clear in ``sum_i open_i x mean work_i / S`` days from their snapshot, and
reach their promise (a Little's-law age within the step's ``sla``) in
``sum_i max(0, open_i - sla_i x arrivals_i) x mean work_i / S`` days.  With ``S <= 0`` they never
clear: they grow by ``(load - capacity) / mean work`` items a day (``spec/analysis.md``).

Choices where the contract leaves room: the dates count from the latest ``as_of`` of the team's
backlogs, rounded up to whole days; a backlog at a step without ``sla`` has no promise to reach
and adds nothing to the promise's days (which are None when no backlog of the team has one).
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from processwalk.analysis.response import Queue
from processwalk.model import Process


class Item(NamedTuple):
    """One backlog: its open items, the mean work of one (hours), the step's sla (hours) and arrivals."""

    process: str
    step: str
    open: int
    work_h: float
    sla_h: float | None
    arrivals_per_day: float
    as_of: dt.date | None


@dataclass(frozen=True)
class Clearing:
    """When a team's backlogs clear, and reach their promise; None where they never do."""

    team: str
    items: tuple[Item, ...]
    spare_h_per_day: float | None
    clear_days: float | None
    promise_days: float | None
    #: items a day the backlogs grow by, where the team has no spare capacity
    growth_per_day: float | None

    @property
    def open(self) -> int:
        return sum(item.open for item in self.items)

    @property
    def as_of(self) -> dt.date | None:
        return max((i.as_of for i in self.items if i.as_of is not None), default=None)

    @property
    def clear_date(self) -> dt.date | None:
        return _date(self.as_of, self.clear_days)

    @property
    def promise_date(self) -> dt.date | None:
        return _date(self.as_of, self.promise_days)


def items(processes: Iterable[tuple[Process, Mapping[str, float]]]) -> dict[str, list[Item]]:
    """The backlogs of ``processes`` (each with its expected visits per step), by team."""
    found: dict[str, list[Item]] = {}
    for process, visits in processes:
        demand = process.demand_per_day or 0.0
        for s, step in process.steps.items():
            if step.backlog is not None and step.team is not None:
                found.setdefault(step.team, []).append(Item(
                    process.id, s, step.backlog.open, step.work.mean, step.sla_h,
                    demand * visits.get(s, 0.0), step.backlog.as_of))
    return found


def project(queues: Mapping[str, Queue], backlogs: Mapping[str, list[Item]]) -> dict[str, Clearing]:
    """The clearing of each team's backlogs at its queue's load."""
    return {team: clearing(team, queues.get(team), tuple(found)) for team, found in sorted(backlogs.items())}


def clearing(team: str, queue: Queue | None, found: tuple[Item, ...]) -> Clearing:
    capacity = queue.capacity_h_per_day if queue is not None else None
    if queue is None or capacity is None:
        return Clearing(team, found, None, None, None, None)
    spare = capacity - queue.load_h_per_day
    if spare <= 0:
        per_item = queue.load_h_per_day / queue.arrivals_per_day if queue.arrivals_per_day else 0.0
        growth = -spare / per_item if per_item else None
        return Clearing(team, found, spare, None, None, growth)
    clear = sum(i.open * i.work_h for i in found) / spare
    promised = [i for i in found if i.sla_h is not None]
    promise = sum(max(0.0, i.open - (i.sla_h or 0.0) / 24 * i.arrivals_per_day) * i.work_h
                  for i in promised) / spare if promised else None
    return Clearing(team, found, spare, clear, promise, None)


def _date(start: dt.date | None, days: float | None) -> dt.date | None:
    if start is None or days is None:
        return None
    return start + dt.timedelta(days=math.ceil(days))
