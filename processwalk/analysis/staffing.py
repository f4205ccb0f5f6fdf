"""The least staff of a team that meets a target, exact to one person.

Every target here gets easier with each person added (utilization falls, Erlang C's wait falls, the
spare capacity that works off a backlog grows), so the least staff is the first count, from a
count that provably misses, at which the target is met.  The counts are whole people.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from processwalk.analysis.response import Queue

#: how far above the team's load (in people) a target is looked for before it is called out of reach
REACH = 1000


def with_staff(queue: Queue, staff: float) -> Queue:
    """``queue`` with the team's staff set to ``staff``."""
    return dataclasses.replace(queue, team=dataclasses.replace(queue.team, staff=staff))


def people_for(queue: Queue, utilization: float) -> int:
    """The least whole staff below which the team's utilization would be over ``utilization``: the
    load in people at that utilization, rounded down (the first count to try)."""
    hours = queue.team.hours_per_calendar_day
    return max(1, math.floor(queue.load_h_per_day / (utilization * hours))) if hours > 0 else 1


def least(meets: Callable[[int], bool], start: int, reach: int = REACH) -> int | None:
    """The least count from ``start`` (which the caller knows is the least that may meet it) up to
    ``start + reach`` for which ``meets``; None when none does."""
    for staff in range(max(start, 1), max(start, 1) + reach + 1):
        if meets(staff):
            return staff
    return None


def under(queue: Queue, utilization: float, *, strictly: bool = True) -> int | None:
    """The least staff that brings the team's utilization under ``utilization`` (or to it, when not
    ``strictly``)."""
    def meets(staff: int) -> bool:
        value = with_staff(queue, staff).utilization
        return value is not None and (value < utilization if strictly else value <= utilization)
    return least(meets, people_for(queue, utilization))


def bounded(queue: Queue) -> int:
    """The least staff under which the team's queue is bounded (utilization under 1)."""
    found = under(queue, 1.0)
    assert found is not None  # the load is finite: some count of people carries it
    return found
