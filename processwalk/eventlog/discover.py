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
was made (log, counts, thresholds).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from processwalk.errors import ProcessWalkError
from processwalk.eventlog import queries, summary
from processwalk.eventlog.read import EventLog
from processwalk.read import MAX_ID, suggest
from processwalk.text import printable

START = "\x00start"  # the graph's nodes are activities, and these two
END = "\x00end"
Edges = dict[tuple[str, str], int]
By = Literal["group", "resource"]


@dataclass(frozen=True)
class Options:
    """How to draft: ``min_p`` folds rarer branches (0 keeps every path seen);
    ``ends`` names the end activities (default: those that end a case in at
    least ``threshold`` of their occurrences); ``team_by`` picks the log's
    groups or resources (default: groups when the log has them)."""

    process: str = "discovered"
    title: str | None = None
    min_p: float = 0.0
    threshold: float = 0.5
    ends: tuple[str, ...] | None = None
    team_by: By | None = None


@dataclass(frozen=True)
class Branch:
    to: str
    count: int
    p: Decimal


@dataclass(frozen=True)
class Backlog:
    open: int
    median_age_h: float
    oldest_h: float
    as_of: dt.date


@dataclass(frozen=True)
class Step:
    """A drafted step; ``activity`` is None for the added start and end steps."""

    id: str
    name: str
    activity: str | None
    kind: str = "task"
    team: str | None = None
    events: int = 0
    cases: int = 0
    wait_h: float | None = None
    work_h: float | None = None
    backlog: Backlog | None = None
    next: tuple[Branch, ...] = ()
    #: branches folded away: (step name, times)
    folded: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    steps_done: int


@dataclass(frozen=True)
class Draft:
    """Everything the file says, and how it was found (for its header)."""

    log: str
    options: Options
    counts: summary.Counts
    demand_per_day: float
    start: str
    steps: tuple[Step, ...]
    teams: tuple[Team, ...]
    team_by: By | None
    ends: tuple[str, ...]
    #: activities taken as ends because nothing after them reaches an end activity
    stopped: tuple[str, ...]
    folded_transitions: int
    folded_times: int
    #: activities left out because only folded branches led to them
    dropped: tuple[str, ...]
    open_cases: int
    as_of: dt.date


def discover(log: EventLog, options: Options = Options()) -> Draft:
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
    return set(last) - _reaching(END, edges)


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
    while lost := set(out) - (reaching := _reaching(END, kept)):
        ways = {s: _best((t, n) for t, n in out[s] if t in reaching) for s in lost}
        added = {(s, t): edges[(s, t)] for s, t in ways.items() if t is not None}
        assert added, "every step reaches an end before folding"
        kept.update(added)
    reached = _reached(start, kept)
    return {(s, t): n for (s, t), n in kept.items() if s in reached}


def _best(targets: Iterable[tuple[str, int]]) -> str | None:
    """The most frequent target (the first by name among equals)."""
    ranked = sorted(targets, key=lambda tn: (-tn[1], tn[0]))
    return ranked[0][0] if ranked else None


def _reaching(goal: str, edges: Iterable[tuple[str, str]]) -> set[str]:
    """The nodes from which ``goal`` can be reached (``goal`` included)."""
    back: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        back[target].append(source)
    return _closure(goal, back)


def _reached(start: str, edges: Iterable[tuple[str, str]]) -> set[str]:
    forward: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        forward[source].append(target)
    return _closure(start, forward)


def _closure(first: str, links: Mapping[str, Sequence[str]]) -> set[str]:
    seen, todo = {first}, [first]
    while todo:
        for node in links.get(todo.pop(), ()):
            if node not in seen:
                seen.add(node)
                todo.append(node)
    return seen


def _sources(edges: Iterable[tuple[str, str]]) -> set[str]:
    return {source for source, _ in edges}


# -- ids, names, teams --------------------------------------------------------------------------


def slugify(text: str, default: str = "step") -> str:
    """An id from a name: lowercase ASCII letters, digits and '-' (``default`` when none is left),
    at most ``MAX_ID - 10`` characters (room for a '-2' suffix), and never an ``x-`` key, which
    the format keeps for the user's own keys: 'X-ray' is the step 'step-x-ray'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or default
    if slug.startswith("x-"):
        slug = f"{default}-{slug}"
    return slug[:MAX_ID - 10].rstrip("-")


def unique_ids(names: Iterable[str], taken: Iterable[str] = (), default: str = "step") -> dict[str, str]:
    """A unique slug for each name, in order: 'close', 'close-2', ..."""
    used, ids = set(taken), {}
    for name in names:
        base = slugify(name, default)
        ident, number = base, 1
        while ident in used:
            number += 1
            ident = f"{base}-{number}"
        used.add(ident)
        ids[name] = ident
    return ids


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


def short_p(share: float) -> Decimal:
    """A probability as a short decimal: four places, or two significant digits when smaller."""
    if share >= 0.00005:
        return Decimal(f"{share:.4f}")
    return Decimal(f"{share:.2g}")


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


# -- the file -----------------------------------------------------------------------------------


def to_yaml(draft: Draft) -> str:
    """The process file of ``draft``: a header saying how it was made, then the process."""
    lines = [*_header(draft), ""]
    lines += [f"process: {draft.options.process}", f"title: {yaml_text(_title(draft))}"]
    lines += [f"demand: {rate_text(draft.demand_per_day)}", f"start: {draft.start}", "", "teams:"]
    lines += [f"  {t.id}: {{name: {yaml_text(t.name, flow=True)}}}"
              + (f"  # did {count(t.steps_done, 'step')}" if t.steps_done else "") for t in draft.teams]
    lines += ["", "steps:"]
    for step in draft.steps:
        lines += _step_lines(step)
    return "\n".join(lines) + "\n"


def _title(draft: Draft) -> str:
    return draft.options.title or f"{draft.options.process} (discovered from {draft.log})"


def _header(draft: Draft) -> list[str]:
    c = draft.counts
    first = (f"Drafted by 'processwalk discover' from {draft.log}: {count(c.cases, 'case')}, "
             f"{count(c.events, 'event')}, {count(c.activities, 'activity')}, {c.first.date()} to "
             f"{c.last.date()}. A starting point: check each figure with the people who do the work.")
    notes = [first, *(f"- {note}" for note in _notes(draft))]
    return [line for note in notes for line in _comment(note, "# ", "#   " if note.startswith("-") else "# ")]


def _notes(draft: Draft) -> Iterator[str]:
    o = draft.options
    yield "Steps are the log's activities (named as the log spells them), in the order cases meet them."
    yield ("p: how often each next step followed the step (directly-follows counts; the cases still open "
           "at the end of the log have not left their last step and do not count).")
    how = ("as given" if o.ends is not None
           else f"each is the last step of its case {o.threshold:.0%} or more of the times it occurs")
    yield f"A case is finished after: {', '.join(draft.ends) or 'nothing'} ({how})."
    if draft.stopped:
        yield (f"Also taken as finished after: {', '.join(draft.stopped)}, as no path of the log leads from "
               "there to an end.")
    work = any(s.work_h is not None for s in draft.steps)
    yield ("wait: the mean time from the case's previous event to the step"
           + ("; work: the mean time from its start to its completion." if work else "."))
    yield f"Teams: {_teams_note(draft)}."
    yield (f"demand: cases arriving per day. backlog: the cases open at the end of the log "
           f"({draft.open_cases:,} on {draft.as_of}), at the step they last passed, aged from their first event.")
    yield _fold_note(draft)


def _teams_note(draft: Draft) -> str:
    if draft.team_by is None:
        return "the log records no groups or resources"
    column = "groups (org:group)" if draft.team_by == "group" else "resources (org:resource)"
    return f"the log's {column}; each step's team is the one that did most of it"


def _fold_note(draft: Draft) -> str:
    min_p = draft.options.min_p
    if not draft.folded_transitions:
        return f"Every path seen is kept (--min-p {min_p:g}): the whole log fits this file."
    dropped = (f" Left out, as only folded branches led there: {', '.join(draft.dropped)}."
               if draft.dropped else "")
    return (f"Branches taken less than {min_p:.0%} of the time from their step are folded into its other "
            f"branches (--min-p {min_p:g}): {count(draft.folded_transitions, 'transition')}, "
            f"{count(draft.folded_times, 'time')} in all; see the 'folded' comments.{dropped}")


def _comment(text: str, first: str, then: str, width: int = 100) -> list[str]:
    """A comment of one or more lines; the log's names in it are printable (a control character
    or a line break in an activity would end the comment or the file)."""
    return textwrap.wrap(printable(text, lines=False), width, initial_indent=first, subsequent_indent=then, break_on_hyphens=False)


def _step_lines(step: Step) -> list[str]:
    seen = (f"  # {count(step.events, 'time')} in {count(step.cases, 'case')}"
            if step.activity is not None else "")
    lines = [f"  {step.id}:{seen}", f"    name: {yaml_text(step.name)}"]
    if step.kind != "task":
        lines.append(f"    kind: {step.kind}")
    if step.team is not None:
        lines.append(f"    team: {step.team}")
    for key, hours in (("wait", step.wait_h), ("work", step.work_h)):
        if hours is not None and duration_text(hours) != "0":
            lines.append(f"    {key}: {duration_text(hours)}")
    if step.backlog is not None:
        b = step.backlog
        lines.append(f"    backlog: {{open: {b.open}, oldest: {duration_text(b.oldest_h)}, "
                     f"median_age: {duration_text(b.median_age_h)}, as_of: {b.as_of}}}"
                     "  # open at the end of the log")
    if step.folded:
        ways = ", ".join(f"{to} {n:,}" for to, n in step.folded)
        times = count(sum(n for _, n in step.folded), "time")
        lines += _comment(f"folded: {times} to {ways}", "    # ", "    #   ")
    return lines + list(_next_lines(step))


def _next_lines(step: Step) -> Iterator[str]:
    if step.kind == "end":
        return
    if len(step.next) == 1:
        yield f"    next: {step.next[0].to}"
        return
    total = sum(b.count for b in step.next)
    yield "    next:"
    for b in step.next:
        yield f"      - {{to: {b.to}, p: {p_text(b.p)}}}  # {b.count:,} of {total:,}"


def count(n: int, word: str) -> str:
    """'1 case', '4,580 cases', '2 activities'."""
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word[:-1]}ies" if word.endswith("y") else f"{n:,} {word}s"


def p_text(p: Decimal) -> str:
    """'0.75', '0.0002', '0.0000001': no trailing zeros, never in exponent form."""
    return format(p.normalize(), "f")


_SPECIAL = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}


def yaml_text(text: str, *, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same text, else double-quoted
    (every draft writer uses it: the event-log discovery and the BPMN import)."""
    plain = r"[^\W\d_][\w .()/&+'-]*" if flow else r"[^\W\d_][\w .,()/&+'?\[\]{}-]*"
    if re.fullmatch(plain, text) and not text.endswith(" ") and text.lower() not in _SPECIAL:
        return text
    return printable(json.dumps(text, ensure_ascii=False), lines=False)  # its escapes are YAML's too


def duration_text(hours: float) -> str:
    """A duration the format reads, to three significant digits: '45s', '12.5m', '3.2h', '29.3d'."""
    seconds = hours * 3600
    if seconds < 0.5:
        return "0"
    if seconds < 60:
        return f"{figure_text(seconds)}s"
    if hours < 1:
        return f"{figure_text(seconds / 60)}m"
    if hours < 48:
        return f"{figure_text(hours)}h"
    return f"{figure_text(hours / 24)}d"


def rate_text(per_day: float) -> str:
    """A rate the format reads, in the first unit that makes it at least 1: '3.14/day', '2.5/week'."""
    for unit, days in (("day", 1.0), ("week", 7.0), ("month", 30.44)):
        if per_day * days >= 1:
            return f"{figure_text(per_day * days)}/{unit}"
    return f"{figure_text(per_day * 365.25)}/year"


def figure_text(x: float) -> str:
    """Three significant digits, never in exponent form."""
    if x >= 99.5:
        return f"{x:.0f}"
    text = f"{x:.3g}"
    return text if "e" not in text else f"{x:.6f}".rstrip("0").rstrip(".")
