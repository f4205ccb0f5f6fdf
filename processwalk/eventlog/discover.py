"""Draft a process file from an event log: a process owner's starting point.

>>> with read_log("helpdesk.xes.gz") as log:                 # doctest: +SKIP
...     text = to_yaml(discover(log, Options(process="helpdesk")))

What the draft holds, and why:

* **Steps** are the log's activities (ids slugified from their names, unique;
  ``name`` is the activity as the log spells it, so that
  ``processwalk calibrate`` maps the two without a mapping file), in the order
  cases usually meet them.  When cases start with more than one activity, a
  step ``start`` comes first and branches to each of them; an ``end`` step
  (``kind: end``) follows the end activities.
* **End activities** are those after which a case is finished: given, or found
  by finality (:func:`~.summary.open_cases`).  An activity from which no path
  of the log reaches an end activity is taken as one too (else the walk could
  never finish), and the header says so.
* **Branches** are directly-follows counts: of the times a step was followed by
  another step, or finished a case, how often by each.  The cases still open
  at the end of the log have not left their last step yet and do not count.
  Branches taken less than ``min_p`` of the time from their step are folded:
  dropped, their share spread over the step's other branches in proportion.
  Folding never removes a step's most frequent branch, keeps for every step the
  most frequent branch that still leads to an end, and leaves out the steps
  that only folded branches reached; each fold is written in a comment.
* **Waits** are the mean time from the case's previous event to the step (to
  its ``start`` event where the log has them, and then ``work`` is the mean
  start-to-complete time); see :func:`~.summary.activities`.
* **Teams** are the log's groups (else its resources), defined inline: each
  step's team is the one that did most of it.
* **Demand** is the mean number of cases arriving per day; **backlogs** are
  the cases open at the end of the log, on the step they last passed, aged
  from their first event.

The text is reproducible: no clock, no random order; the header says how it
was made (log, counts, thresholds).  This module mines the log into the records
of :mod:`.draft`; :func:`~.draft_yaml.to_yaml` writes them.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from processwalk import graph
from processwalk.errors import ProcessWalkError
from processwalk.eventlog import queries, summary
from processwalk.eventlog.draft import END, START, Backlog, Branch, By, Draft, Edges, Options, Step, Team
from processwalk.eventlog.read import EventLog
from processwalk.read import suggest
from processwalk.slugs import unique_ids
from processwalk.yamltext import short_p

#: how to draft unless told otherwise
DEFAULT = Options()


def discover(log: EventLog, options: Options = DEFAULT) -> Draft:
    """Draft the process of ``log`` (see the module documentation)."""
    counts = summary.counts(log)
    endpoints, figures, still_open = summary.by_activity(log, threshold=options.threshold, ends=options.ends)
    activities = {a.name: a for a in figures}
    _check_ends(options, activities)
    ends = set(still_open.end_activities)
    edges, start = _edges(endpoints, summary.follows(log), ends)
    stopped = _stopped(edges, endpoints.ends)
    edges.update({(a, END): endpoints.ends[a] for a in stopped})
    kept = fold(edges, start, options.min_p)
    order = _order(log, _sources(kept) - {START})
    ids = _step_ids(order, start)
    staff = _Staff.of(log, _team_by(counts, options.team_by))
    backlogs = _backlogs(log, (*ends, *stopped), counts.last.date())
    folded = {e: n for e, n in edges.items() if e not in kept and e[0] in ids}
    steps = [_step(activities[a], ids, kept, folded, staff.team_of(a), backlogs.get(a)) for a in order]
    if start == START:
        first = _best(endpoints.starts.items())
        steps.insert(0, Step(ids[START], "Case starts (before its first event in the log)", None,
                             team=staff.team_of(first or ""), next=branches(START, ids, kept),
                             folded=_folded(START, ids, folded)))
    steps.append(Step(ids[END], "Case finished", None, kind="end"))
    return Draft(
        log=Path(log.source).name,
        options=options,
        counts=counts,
        demand_per_day=summary.arrivals(log).mean_per_day,
        start=ids[start],
        steps=tuple(steps),
        teams=staff.teams({s.team for s in steps if s.team is not None}),
        team_by=staff.by,
        ends=tuple(sorted(ends)),
        stopped=tuple(sorted(stopped)),
        folded_transitions=len(folded),
        folded_times=sum(folded.values()),
        dropped=tuple(sorted(a for a in activities if a not in ids)),
        open_cases=sum(b.open for b in backlogs.values()),
        as_of=counts.last.date(),
    )


# -- the graph ----------------------------------------------------------------------------------


def _check_ends(options: Options, known: Mapping[str, object]) -> None:
    for activity in options.ends or ():
        if activity not in known:
            raise ProcessWalkError(f"--end '{activity}' is not an activity of the log"
                                   f"{suggest(activity, known, 'activity')}", exit_code=2)


def _edges(endpoints: summary.Endpoints, follows: Iterable[summary.Follows],
           ends: set[str]) -> tuple[Edges, str]:
    """Directly-follows counts, with the start and the end as nodes; and the start node."""
    edges = {(f.source, f.target): f.count for f in follows}
    edges.update({(a, END): n for a, n in endpoints.ends.items() if a in ends})
    if len(endpoints.starts) == 1:
        return edges, next(iter(endpoints.starts))
    edges.update({(START, a): n for a, n in endpoints.starts.items()})
    return edges, START


def _stopped(edges: Edges, last: Mapping[str, int]) -> set[str]:
    """Activities where cases stop and from which no path reaches an end: every path out of them
    stays among such activities, so one of those where cases stop must become an end."""
    return set(last) - graph.reaching([END], graph.adjacency(edges))


def fold(edges: Edges, start: str, min_p: float) -> Edges:
    """The branches kept when those under ``min_p`` of their step's departures are folded.

    Each step keeps its most frequent branch and, when what is kept no longer
    leads it to an end, its most frequent branch to a step that does; steps the
    start no longer reaches are left out.
    """
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (source, target), n in edges.items():
        out[source].append((target, n))
    kept: Edges = {}
    for source, targets in out.items():
        total, first = sum(n for _, n in targets), _best(targets)
        kept.update({(source, t): n for t, n in targets if n >= min_p * total or t == first})
    while lost := set(out) - (reaching := graph.reaching([END], graph.adjacency(kept))):
        ways = {s: _best((t, n) for t, n in out[s] if t in reaching) for s in lost}
        added = {(s, t): edges[(s, t)] for s, t in ways.items() if t is not None}
        assert added, "every step reaches an end before folding"
        kept.update(added)
    reached = graph.reach([start], graph.adjacency(kept))
    return {(s, t): n for (s, t), n in kept.items() if s in reached}


def _best(targets: Iterable[tuple[str, int]]) -> str | None:
    """The most frequent target (the first by name among equals)."""
    ranked = sorted(targets, key=lambda tn: (-tn[1], tn[0]))
    return ranked[0][0] if ranked else None


def _sources(edges: Iterable[tuple[str, str]]) -> set[str]:
    return {source for source, _ in edges}


# -- ids, names, teams --------------------------------------------------------------------------

def _order(log: EventLog, nodes: set[str]) -> list[str]:
    """The activities among ``nodes`` in the order cases usually meet them."""
    places = dict(log.engine.rows(queries.FIRST_PLACES))
    return sorted((a for a in nodes if a not in (START, END)), key=lambda a: (places[a], a))


def _step_ids(order: Sequence[str], start: str) -> dict[str, str]:
    ids = unique_ids(order)
    ends = unique_ids(["end"], ids.values())
    ids[END] = ends["end"]
    if start == START:
        ids[START] = unique_ids(["start"], ids.values())["start"]
    return ids


def _team_by(counts: summary.Counts, chosen: By | None) -> By | None:
    if chosen is not None:
        return chosen
    if counts.groups:
        return "group"
    return "resource" if counts.resources else None


@dataclass(frozen=True)
class _Staff:
    """Who did what: each activity's main performer (group or resource, ``by``) as a team."""

    by: By | None
    main: Mapping[str, str]
    ids: Mapping[str, str]
    done: Mapping[str, int]
    nobody: str

    @classmethod
    def of(cls, log: EventLog, by: By | None) -> _Staff:
        rows = [] if by is None else log.engine.rows(queries.PERFORMED.format(who=summary.PERFORMERS[by]))
        pairs: dict[str, list[tuple[str, int]]] = defaultdict(list)
        done: dict[str, int] = defaultdict(int)
        for activity, who, n in rows:
            pairs[activity].append((who, n))
            done[who] += n
        main = {activity: _best(found) or "" for activity, found in pairs.items()}
        ids = unique_ids(sorted(set(main.values())), default="team")
        return cls(by, main, ids, done, unique_ids(["unassigned"], ids.values())["unassigned"])

    def team_of(self, activity: str) -> str:
        """The team of the step of ``activity``; ``nobody`` when no performer is recorded."""
        performer = self.main.get(activity)
        return self.ids[performer] if performer is not None else self.nobody

    def teams(self, used: set[str]) -> tuple[Team, ...]:
        found = [Team(ident, name, self.done[name]) for name, ident in self.ids.items() if ident in used]
        found.sort(key=lambda team: (-team.steps_done, team.id))
        if self.nobody in used:
            found.append(Team(self.nobody, "Nobody recorded in the log", 0))
        return tuple(found)


# -- steps --------------------------------------------------------------------------------------


def _step(figures: summary.Activity, ids: Mapping[str, str], kept: Edges, folded: Edges, team: str,
          backlog: Backlog | None) -> Step:
    activity = figures.name
    return Step(
        id=ids[activity],
        name=activity,
        activity=activity,
        team=team,
        events=figures.events,
        cases=figures.cases,
        wait_h=_hours(figures.mean_wait_seconds),
        work_h=_hours(figures.mean_service_seconds),
        backlog=backlog,
        next=branches(activity, ids, kept),
        folded=_folded(activity, ids, folded),
    )


def branches(source: str, ids: Mapping[str, str], kept: Edges) -> tuple[Branch, ...]:
    """The branches of ``source``, most frequent first, with probabilities that sum to exactly 1."""
    ranked = sorted(((ids[t], n) for (s, t), n in kept.items() if s == source),
                    key=lambda tn: (-tn[1], tn[0]))
    ps = probabilities([n for _, n in ranked])
    return tuple(Branch(to, n, p) for (to, n), p in zip(ranked, ps))


def probabilities(counts: Sequence[int]) -> list[Decimal]:
    """Shares of ``counts`` as short decimals that sum to exactly 1: four places (two significant
    digits when smaller), the largest taking the remainder."""
    total = sum(counts)
    ps = [short_p(n / total) for n in counts]
    largest = max(range(len(counts)), key=lambda i: (counts[i], -i))
    ps[largest] = Decimal(1) - sum(p for i, p in enumerate(ps) if i != largest)
    assert ps[largest] > 0
    return ps


def _folded(source: str, ids: Mapping[str, str], folded: Edges) -> tuple[tuple[str, int], ...]:
    ways = [(ids.get(t, f"'{t}' (left out)"), n) for (s, t), n in folded.items() if s == source]
    return tuple(sorted(ways, key=lambda tn: (-tn[1], tn[0])))


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600


def _backlogs(log: EventLog, ends: Sequence[str], as_of: dt.date) -> dict[str, Backlog]:
    marks = ", ".join("?" for _ in ends) or "NULL"
    rows = log.engine.rows(queries.OPEN_AGES.format(ends=marks), list(ends))
    return {activity: Backlog(int(n), median / 3600, oldest / 3600, as_of)
            for activity, n, median, oldest in rows}
