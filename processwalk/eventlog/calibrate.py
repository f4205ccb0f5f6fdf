"""A process as declared against the same process as an event log shows it.

>>> with read_log("helpdesk.xes.gz") as log:                       # doctest: +SKIP
...     found = calibrate(process, log, map_activities(activities_of(log), process))
>>> found.fit
1.0

How the log is read against the process (see also :mod:`.mapping`):

* Each case becomes a path of **visits** to steps.  A start step that no
  activity maps to is taken as where every case begins, unrecorded (a log
  usually starts after the customer's request); so is an end step: a case is
  **closed** when its last step is an end step, or a step with a branch into
  an end step that the log does not record.  Other cases are **open** at the
  end of the log.
* Figures per case (visits, lead time, handoffs, ping-pong, refusals, repeat
  contacts) are over the closed cases, as the declared ones are over cases
  that finish.  Branch shares count every departure seen, open cases too:
  a step's departures are the transitions out of it, plus the closed cases
  that ended there (their share goes to the branches into unrecorded end
  steps, in proportion to what is declared).
* **Waits** run from the end of the previous visit to the begin of the visit
  (its start event where the log has them; never negative); **work** from a
  step's start event to its completion, only where the log has start events.
* **Handoffs** and **ping-pong** along the path use the declared team of each
  step: a handoff is a transition between steps of two teams; a return is an
  entry into a team the case already left (the declared ``ping_pong``); a
  ping-pong case has X, Y, X on three consecutive steps (direct), a return
  case has any return (direct or indirect), as Celonis defines them.  The
  same figures for the log's own performers (groups or resources) are those
  of :func:`~.summary.handovers`.
* **Conformance**: a transition is declared when the process has a branch
  from its step to its next step; a case **fits** when every transition of
  its path is declared and it begins at the start step.  Open cases are aged
  from their first event to the end of the log.

This module fits; :mod:`.calibrated` says what a calibrated copy changes
(``--write``) and :mod:`.calibration_json` writes the fit as JSON.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from processwalk.eventlog import queries, summary
from processwalk.eventlog.mapping import StepMap
from processwalk.eventlog.read import EventLog
from processwalk.model import Backlog as DeclaredBacklog
from processwalk.model import Process

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk

#: the prefix of an activity that maps to no step, where a step id would be
UNMAPPED = "activity:"
#: example case ids shown per unexpected transition
EXAMPLES = 3
#: age bands of open cases, in days: under 1, 1 to 7, 7 to 30, 30 to 90, 90 and more
BANDS_D = (1, 7, 30, 90)
BAND_NAMES = ("<1d", "1-7d", "7-30d", "30-90d", ">90d")
#: the most teams coded as single bits of a BIGINT (see :func:`_team_codes`)
BIT_TEAMS = 63


@dataclass(frozen=True)
class Pair:
    """A figure as declared and as observed; None where it cannot be known."""

    declared: float | None
    observed: float | None


@dataclass(frozen=True)
class StepFit:
    """One step: ``recorded`` is False for a start or end step that no activity maps to."""

    step: str
    activities: tuple[str, ...]
    recorded: bool
    visits: Pair
    wait_h: Pair
    work_h: Pair
    #: visits with a measured wait (the first step of a case has none)
    waits_seen: int
    #: departures seen: transitions out of the step and closed cases that ended there
    departures: int
    #: share of departures by refusal branches; None when the step declares none
    refusal: Pair | None


@dataclass(frozen=True)
class BranchFit:
    """A declared branch; ``count`` is how often it was taken (for a branch into an unrecorded end
    step: its declared share of the cases that ended at ``source``)."""

    source: str
    target: str
    declared_p: float
    count: float
    observed_p: float | None
    refusal: bool


@dataclass(frozen=True)
class Transition:
    """A transition seen but not declared; ``source`` None: cases that begin at ``target`` although
    the process starts elsewhere."""

    source: str | None
    target: str
    count: int
    cases: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class OpenWork:
    """Open cases whose last step is ``step``, aged from their first event: percentiles, the
    oldest, the count in each of :data:`BAND_NAMES`, and the declared backlog snapshot (a step
    that declares one is listed even when no case is open there)."""

    step: str
    open: int
    median_age_h: float | None
    p90_age_h: float | None
    oldest_h: float | None
    bands: tuple[int, ...]
    declared: DeclaredBacklog | None


@dataclass(frozen=True)
class LeadTime:
    mean_h: float | None
    p50_h: float | None
    p85_h: float | None
    p95_h: float | None
    over_sla: float | None


@dataclass(frozen=True)
class Calibration:
    """Everything :func:`calibrate` finds."""

    process: Process
    log: str
    cases: int
    events: int
    closed: int
    fitting: int
    as_of: dt.datetime
    mapping: StepMap
    #: start and end steps no activity maps to (taken as unrecorded)
    unrecorded: tuple[str, ...]
    demand_per_day: Pair
    lead_time: tuple[LeadTime, LeadTime]
    handoffs: Pair
    ping_pong: Pair
    refusals: Pair
    repeat_contacts: Pair
    #: closed cases with X, Y, X teams on consecutive steps; with any return to a team
    pingpong_cases: float | None
    return_cases: float | None
    performers: summary.Handovers
    steps: tuple[StepFit, ...]
    branches: tuple[BranchFit, ...]
    undeclared: tuple[Transition, ...]
    never_seen: tuple[str, ...]
    open_work: tuple[OpenWork, ...]

    @property
    def fit(self) -> float:
        """The share of cases that fit (see the module documentation)."""
        return self.fitting / self.cases if self.cases else 0.0

    @property
    def open(self) -> int:
        return self.cases - self.closed


def activities_of(log: EventLog) -> list[str]:
    """The activities of ``log``'s steps."""
    return [row[0] for row in log.engine.rows("SELECT DISTINCT activity FROM steps ORDER BY activity")]


def calibrate(process: Process, log: EventLog, mapping: StepMap, walk: Walk | None = None) -> Calibration:
    """Compare ``process`` (analyzed as ``walk``, or here) with ``log`` read through ``mapping``."""
    from processwalk.analysis.walk import analyze

    walk = walk or analyze(process)
    recorded = set(mapping.steps.values())
    unrecorded = _unrecorded(process, recorded)
    _prepare(log, process, mapping, unrecorded)
    cases, closed, fitting, *per_case, log_end = _one(log, queries.CAL_FIGURES, [process.start])
    handoffs, returns, refusals, repeats, pingpongs, return_cases = per_case
    nodes = {row[0]: row for row in _rows(log, queries.CAL_NODES)}
    transitions = _rows(log, queries.CAL_TRANSITIONS.format(examples=EXAMPLES))
    endings = dict(_rows(log, queries.CAL_ENDINGS))
    departures = _departures(transitions, endings)
    branches = _branches(process, transitions, endings, departures, unrecorded)
    figures, counts = walk.figures, summary.counts(log)
    return Calibration(
        process=process,
        log=log.source,
        cases=cases,
        events=counts.events,
        closed=closed or 0,
        fitting=fitting or 0,
        as_of=log_end,
        mapping=mapping,
        unrecorded=tuple(s for s in process.steps if s in unrecorded),
        demand_per_day=Pair(process.demand_per_day, summary.arrivals(log).mean_per_day),
        lead_time=(_declared_lead_time(walk), _observed_lead_time(log, process.sla_h)),
        handoffs=Pair(figures.handoffs, handoffs),
        ping_pong=Pair(figures.ping_pong, returns),
        refusals=Pair(figures.refusals, refusals),
        repeat_contacts=Pair(figures.repeat_contacts, repeats),
        pingpong_cases=pingpongs,
        return_cases=return_cases,
        performers=summary.handovers(log, "group" if counts.groups else "resource"),
        steps=tuple(_step_fit(process, walk, s, mapping, nodes.get(s), closed or 0,
                              [b for b in branches if b.source == s], departures.get(s, 0), unrecorded)
                    for s in process.steps),
        branches=branches,
        undeclared=_undeclared(log, process, transitions, unrecorded),
        never_seen=tuple(s for s in process.steps if s not in unrecorded and s not in nodes),
        open_work=_open_work(log, process),
    )


def _unrecorded(process: Process, recorded: set[str]) -> set[str]:
    """The start step and the end steps that no activity maps to."""
    candidates = {process.start} | {s.id for s in process.steps.values() if s.is_end}
    return candidates - recorded


def _prepare(log: EventLog, process: Process, mapping: StepMap, unrecorded: set[str]) -> None:
    """Fill the tables the calibration queries read (see :mod:`.queries`)."""
    engine = log.engine
    codes = _team_codes(process)
    rows: list[tuple[object, ...]] = [(a, s, codes.get(_holder(process, s))) for a, s in mapping.steps.items()]
    rows += [(a, UNMAPPED + a, None) for a in mapping.unmapped]
    engine.table("cal_map", (("activity", "VARCHAR"), ("node", "VARCHAR"), ("team", "BIGINT")), rows)
    declared = {(s.id, b.to, b.refusal) for s in process.steps.values() for b in s.next}
    engine.table("cal_declared", (("source", "VARCHAR"), ("target", "VARCHAR"), ("refusal", "BOOLEAN")),
                 sorted(declared))
    closing = {s.id for s in process.steps.values() if s.is_end and s.id not in unrecorded}
    closing |= {s.id for s in process.steps.values() if any(b.to in unrecorded and b.to != process.start
                                                              for b in s.next)}
    _nodes_table(log, "cal_closing", closing)
    _nodes_table(log, "cal_contacts", {s.id for s in process.steps.values() if s.kind == "contact"})
    virtual = process.start in unrecorded
    started = engine.rows(queries.HAS_STARTS)[0][0]
    merged = len(set(mapping.steps.values())) < len(mapping.steps)
    engine.run(queries.CAL_STEPS.format(started=queries.CAL_STARTED if started else queries.CAL_UNSTARTED,
                                        visits=queries.CAL_MERGED_VISITS if merged else queries.CAL_SINGLE_VISITS,
                                        virtual=queries.CAL_VIRTUAL_START if virtual else ""),
               [process.start, codes.get(_holder(process, process.start))] if virtual else [])
    engine.run(queries.CAL_CASES.format(teams=queries.CAL_TEAM_BITS if len(codes) <= BIT_TEAMS
                                        else queries.CAL_TEAM_COUNT))


def _team_codes(process: Process) -> dict[str | None, int]:
    """Each team that holds a step as the number the queries compare it by: a bit of its own (1, 2,
    4, ...) when there are at most :data:`BIT_TEAMS`, so that a case's teams are one ``BIT_OR``
    and their number its bits, else its place among the teams (counted with ``COUNT(DISTINCT)``)."""
    teams = sorted({team for step in process.steps if (team := _holder(process, step)) is not None})
    bits = len(teams) <= BIT_TEAMS
    return {team: 1 << place if bits else place for place, team in enumerate(teams)}


def _holder(process: Process, step: str) -> str | None:
    """The team holding a case at ``step``: none at an end step (as in the declared figures)."""
    found = process.steps[step]
    return None if found.is_end else found.team


def _nodes_table(log: EventLog, table: str, nodes: Iterable[str]) -> None:
    log.engine.table(table, (("node", "VARCHAR"),), [(n,) for n in sorted(nodes)])


# -- declared against observed ------------------------------------------------------------------


def _declared_lead_time(walk: Walk) -> LeadTime:
    sim = walk.simulation
    return LeadTime(walk.figures.lead_time_h, _finite(sim.p50_h), _finite(sim.p85_h), _finite(sim.p95_h),
                    sim.share_over_sla)


def _observed_lead_time(log: EventLog, sla_h: float | None) -> LeadTime:
    limit = sla_h * 3600 if sla_h is not None else math.inf
    mean, marks, over = _one(log, queries.CAL_LEAD_TIMES, [limit])
    p50, p85, p95 = (m / 3600 for m in marks) if marks else (None, None, None)
    return LeadTime(_hours(mean), p50, p85, p95, over if sla_h is not None else None)


def _step_fit(process: Process, walk: Walk, step: str, mapping: StepMap, node: Sequence[Any] | None,
              closed: int, branches: Sequence[BranchFit], departures: int, unrecorded: set[str]) -> StepFit:
    declared = process.steps[step]
    unseen = (None, 0, 0, 0, None, None, 0, None, None)
    _, _, in_closed, waits, mean_wait, _, works, mean_work, _ = node or unseen
    seen = step not in unrecorded
    return StepFit(
        step=step,
        activities=mapping.activities_of(step),
        recorded=seen,
        visits=Pair(walk.steps[step].visits, in_closed / closed if seen and closed else None),
        wait_h=Pair(declared.wait.mean, _hours(mean_wait) if waits else None),
        work_h=Pair(declared.work.mean, _hours(mean_work) if works else None),
        waits_seen=waits,
        departures=departures,
        refusal=_refusal(branches, departures) if any(b.refusal for b in branches) else None,
    )


def _refusal(branches: Sequence[BranchFit], departures: int) -> Pair:
    declared = sum(b.declared_p for b in branches if b.refusal)
    taken = sum(b.count for b in branches if b.refusal)
    return Pair(declared, taken / departures if departures else None)


def _departures(transitions: Sequence[Sequence[Any]], endings: Mapping[str, int]) -> dict[str, int]:
    """Per step: the transitions out of it (declared or not) and the closed cases that ended there."""
    found: dict[str, int] = defaultdict(int, endings)
    for source, _, count, *_ in transitions:
        found[source] += count
    return dict(found)


def _branches(process: Process, transitions: Sequence[Sequence[Any]], endings: Mapping[str, int],
              departures: Mapping[str, int], unrecorded: set[str]) -> tuple[BranchFit, ...]:
    """Each declared branch with how often it was taken and its share of the step's departures."""
    taken = {(source, target): count for source, target, count, *_ in transitions}
    found = []
    for step in process.steps.values():
        silent = [b for b in step.next if b.to in unrecorded and b.to != process.start]
        silent_p = sum(b.p for b in silent)
        for b in step.next:
            count = (endings.get(step.id, 0) * b.p / silent_p if b in silent
                     else float(taken.get((step.id, b.to), 0)))
            left = departures.get(step.id, 0)
            found.append(BranchFit(step.id, b.to, b.p, count, count / left if left else None, b.refusal))
    return tuple(found)


def _undeclared(log: EventLog, process: Process, transitions: Sequence[Sequence[Any]],
                unrecorded: set[str]) -> tuple[Transition, ...]:
    found = [Transition(source, target, count, cases, tuple(examples))
             for source, target, count, cases, undeclared, examples in transitions if undeclared]
    rows = _rows(log, queries.CAL_BEGINNINGS.format(examples=EXAMPLES), [process.start])
    found += [Transition(None, first or "", count, count, tuple(examples)) for first, count, examples in rows]
    return tuple(sorted(found, key=lambda t: (-t.count, t.source or "", t.target)))


def _open_work(log: EventLog, process: Process) -> tuple[OpenWork, ...]:
    bands = queries.band_counts([d * 86400 for d in BANDS_D])
    found = []
    for step, count, (median, p90), oldest, *counts in _rows(log, queries.CAL_OPEN.format(bands=bands)):
        declared = process.steps[step].backlog if step in process.steps else None
        found.append(OpenWork(step, count, median / 3600, p90 / 3600, oldest / 3600, tuple(counts), declared))
    seen = {w.step for w in found}
    found += [OpenWork(s.id, 0, None, None, None, (0,) * len(BAND_NAMES), s.backlog)
              for s in process.steps.values() if s.backlog is not None and s.id not in seen]
    return tuple(sorted(found, key=lambda w: (-w.open, w.step)))


# -- helpers ------------------------------------------------------------------------------------


def _rows(log: EventLog, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return log.engine.rows(sql, params or [])


def _one(log: EventLog, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
    return _rows(log, sql, params)[0]


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None
