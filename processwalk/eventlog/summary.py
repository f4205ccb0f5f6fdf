"""Figures of an event log, computed in SQL by DuckDB (see :mod:`.queries`).

Durations are in seconds.  "Steps" are the events that count as work done: the
``complete`` events and those without a lifecycle (see :mod:`.staging`); case
and event counts, arrivals and lead times use every event.  Within a case,
events are ordered by timestamp and then by their place in the file.

Where pm4py has the same figure, the semantics are pm4py's (2.7):

* start/end activities: ``pm4py.get_start_activities`` / ``get_end_activities``;
* directly-follows counts and durations: ``pm4py.discover_dfg`` /
  ``discover_performance_dfg`` (consecutive events of a case, target time
  minus source time; no business hours);
* rework: ``pm4py.get_rework_cases_per_activity`` (cases in which the activity
  occurs more than once);
* lead time: ``pm4py.get_all_case_durations`` (last minus first event);
* mean inter-arrival time: ``pm4py.get_case_arrival_average``;
* handovers: ``pm4py.discover_handover_of_work_network`` with ``beta=0``, i.e.
  van der Aalst, Reijers & Song, "Discovering social networks from event
  logs", CSCW 14(6), 2005, handover of work without causality: a handover
  from A to B for each pair of consecutive steps done by A then B
  (``pm4py/algo/organizational_mining/sna/variants/pandas/handover.py``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from processwalk.eventlog import queries
from processwalk.eventlog.read import EventLog

PERCENTILES = (50, 75, 90, 95)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PERFORMERS = {"resource": "resource", "group": "grp"}


@dataclass(frozen=True)
class Counts:
    """How big the log is (over every event, whatever its lifecycle)."""

    cases: int
    events: int
    activities: int
    resources: int
    groups: int
    first: dt.datetime
    last: dt.datetime


@dataclass(frozen=True)
class Endpoints:
    """How many cases start (end) with each activity."""

    starts: Mapping[str, int]
    ends: Mapping[str, int]


@dataclass(frozen=True)
class Follows:
    """``target`` directly after ``source`` in a case: how often, in how many
    cases, and the time between the two."""

    source: str
    target: str
    count: int
    cases: int
    mean_seconds: float
    median_seconds: float
    min_seconds: float
    max_seconds: float


@dataclass(frozen=True)
class Activity:
    """One activity's steps.  ``rework_cases``: cases in which it occurs more
    than once.  Waiting: from the previous step's completion to this step's
    start (its completion when the log records no start; never negative).
    Service: start to completion, ``None`` without ``start`` events."""

    name: str
    events: int
    cases: int
    rework_cases: int
    mean_wait_seconds: float | None
    median_wait_seconds: float | None
    mean_service_seconds: float | None
    median_service_seconds: float | None


@dataclass(frozen=True)
class Arrivals:
    """Demand: new cases (a case arrives with its first event) per UTC day.

    ``per_day`` lists the days with arrivals; ``mean_per_day`` and
    ``by_weekday`` (mean arrivals on a Monday, ...) count the quiet days too.
    """

    cases: int
    first_day: dt.date
    last_day: dt.date
    per_day: Mapping[dt.date, int]
    mean_per_day: float
    by_weekday: Mapping[str, float]
    mean_interarrival_seconds: float | None


@dataclass(frozen=True)
class LeadTimes:
    """Case durations, first to last event: count, mean, percentiles (50, 75,
    90, 95, interpolated as numpy's default), min and max."""

    cases: int
    mean_seconds: float | None
    percentiles: Mapping[int, float]
    min_seconds: float | None
    max_seconds: float | None


@dataclass(frozen=True)
class OpenCases:
    """Cases still open at the end of the log: those whose last step is not an
    end activity.  Unless given, the end activities are those that end the case
    in at least ``threshold`` of their occurrences (a finality ratio): "Closed"
    is last nearly every time it occurs, a step that is usually followed by
    another is not, however many unfinished cases happen to stop there."""

    count: int
    end_activities: tuple[str, ...]
    by_last_activity: Mapping[str, int]
    threshold: float


@dataclass(frozen=True)
class Handover:
    """Work passing from ``source`` to ``target`` (resources or groups).

    ``direct``: consecutive steps done by source then target (source may equal
    target, as in pm4py); ``indirect``: source, then one step by anyone, then
    target (the first term of pm4py's ``beta`` > 0 metric); ``cases``: cases
    with a direct one; ``pingpong``: times the work went source -> target ->
    source on three consecutive steps (see :class:`Handovers`).
    """

    source: str
    target: str
    direct: int
    indirect: int
    cases: int
    pingpong: int


@dataclass(frozen=True)
class Handovers:
    """Handovers of work between resources or groups (``by``).

    ``pairs``: consecutive steps that both have a performer; ``handoffs``: those
    done by two different performers.  Ping-pong follows Celonis' "ping pong
    cases" (PQL function library, CPM 4.6), applied to the performers of a
    case's steps: ``pingpong_cases`` have X, Y, X on three consecutive steps
    (direct ping-pong); ``return_cases`` have work come back to a performer
    after anyone else had it (direct and indirect ping-pong).  A step without
    a performer breaks the chain: no handover is counted across it.
    """

    by: str
    pairs: int
    handoffs: int
    pingpong_cases: int
    return_cases: int
    edges: tuple[Handover, ...]

    def share(self, source: str, target: str) -> float:
        """pm4py's handover-of-work value (``beta=0``): the share of all pairs."""
        found = [edge.direct for edge in self.edges if (edge.source, edge.target) == (source, target)]
        return found[0] / self.pairs if found and self.pairs else 0.0


@dataclass(frozen=True)
class Summary:
    """Everything above for one log; lead times are those of closed cases."""

    counts: Counts
    endpoints: Endpoints
    follows: tuple[Follows, ...]
    activities: tuple[Activity, ...]
    arrivals: Arrivals
    open_cases: OpenCases
    lead_times: LeadTimes
    resources: Handovers
    groups: Handovers


def summarise(log: EventLog, *, threshold: float = 0.5) -> Summary:
    """All the figures of ``log``; ``threshold`` as in :func:`open_cases`."""
    starts_ends, per_activity, still_open = by_activity(log, threshold=threshold)
    return Summary(
        counts=counts(log),
        endpoints=starts_ends,
        follows=follows(log),
        activities=per_activity,
        arrivals=arrivals(log),
        open_cases=still_open,
        lead_times=lead_times(log, ends=still_open.end_activities),
        resources=handovers(log, "resource"),
        groups=handovers(log, "group"),
    )


def counts(log: EventLog) -> Counts:
    """Cases, events, distinct activities, resources and groups, first and last time."""
    return Counts(*_rows(log, queries.COUNTS)[0])


def endpoints(log: EventLog) -> Endpoints:
    """Start and end activities with the number of cases each starts (ends)."""
    return _endpoints(_per_activity(log))


def follows(log: EventLog) -> tuple[Follows, ...]:
    """The directly-follows relation with counts and durations."""
    return tuple(Follows(*row) for row in _rows(log, queries.FOLLOWS))


def activities(log: EventLog) -> tuple[Activity, ...]:
    """Per activity: steps, cases, rework cases, waiting and service times."""
    return _activities(_per_activity(log))


def arrivals(log: EventLog) -> Arrivals:
    """Case arrivals per day (demand) and the mean time between arrivals."""
    rows = _rows(log, queries.ARRIVALS)
    per_day = {day: int(n) for day, n, _, _ in rows}
    cases = sum(per_day.values())
    first, last = min(per_day), max(per_day)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    by_weekday = {}
    for number, name in enumerate(WEEKDAYS):
        these = [day for day in days if day.weekday() == number]
        by_weekday[name] = sum(per_day.get(day, 0) for day in these) / len(these) if these else 0.0
    span = (rows[-1][3] - rows[0][2]).total_seconds()
    interarrival = span / (cases - 1) if cases > 1 else None
    return Arrivals(cases, first, last, per_day, cases / len(days), by_weekday, interarrival)


def lead_times(log: EventLog, *, ends: Collection[str] | None = None) -> LeadTimes:
    """Case durations of every case, or only of cases whose last step is in ``ends``."""
    where, params = "", []
    if ends is not None:
        marks = ", ".join("?" for _ in ends) or "NULL"
        where = f"WHERE last_activity IN ({marks})"
        params = list(ends)
    cases, mean, *marks_, low, high = _rows(log, queries.LEAD_TIMES.format(where=where), params)[0]
    percentiles = dict(zip(PERCENTILES, marks_)) if cases else {}
    return LeadTimes(cases, mean, percentiles, low, high)


def open_cases(log: EventLog, *, threshold: float = 0.5, ends: Collection[str] | None = None) -> OpenCases:
    """Cases whose last step is not an end activity (given, or found by finality)."""
    return _open_cases(_per_activity(log), threshold, ends)


def handovers(log: EventLog, by: Literal["resource", "group"] = "resource") -> Handovers:
    """Handovers of work between resources (``by="resource"``) or groups (``"group"``)."""
    rows = _rows(log, queries.HANDOVERS.format(who=PERFORMERS[by]))
    pingpong_cases, return_cases = rows[0][:2]
    edges = tuple(Handover(*row[2:]) for row in rows if row[2] is not None)
    pairs = sum(edge.direct for edge in edges)
    handoffs = sum(edge.direct for edge in edges if edge.source != edge.target)
    return Handovers(by, pairs, handoffs, pingpong_cases, return_cases, edges)


def by_activity(log: EventLog, *, threshold: float = 0.5, ends: Collection[str] | None = None
                ) -> tuple[Endpoints, tuple[Activity, ...], OpenCases]:
    """:func:`endpoints`, :func:`activities` and :func:`open_cases` from one pass over the steps."""
    rows = _per_activity(log)
    return _endpoints(rows), _activities(rows), _open_cases(rows, threshold, ends)


# -- one pass over the activities for endpoints, activity figures and finality -----------------


@dataclass(frozen=True)
class _ActivityRow:
    name: str
    events: int
    cases: int
    starts: int
    ends: int
    rework_cases: int
    times: tuple[float | None, float | None, float | None, float | None]


def _per_activity(log: EventLog) -> tuple[_ActivityRow, ...]:
    started = _rows(log, queries.HAS_STARTS)[0][0]
    sql = queries.ACTIVITIES.format(timed=queries.STARTED if started else queries.UNSTARTED)
    return tuple(_ActivityRow(*row[:6], times=(row[6], row[7], row[8], row[9]))  # type: ignore[misc]
                 for row in _rows(log, sql))


def _endpoints(rows: Sequence[_ActivityRow]) -> Endpoints:
    return Endpoints({r.name: r.starts for r in rows if r.starts}, {r.name: r.ends for r in rows if r.ends})


def _activities(rows: Sequence[_ActivityRow]) -> tuple[Activity, ...]:
    return tuple(Activity(r.name, r.events, r.cases, r.rework_cases, *r.times) for r in rows)


def _open_cases(rows: Sequence[_ActivityRow], threshold: float, ends: Collection[str] | None) -> OpenCases:
    if ends is None:
        ends = [r.name for r in rows if r.ends >= threshold * r.events]
    finals = set(ends)
    by_last = {r.name: int(r.ends) for r in rows if r.ends and r.name not in finals}
    return OpenCases(sum(by_last.values()), tuple(sorted(finals)), by_last, threshold)


def _rows(log: EventLog, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return log.engine.rows(sql, params or [])
