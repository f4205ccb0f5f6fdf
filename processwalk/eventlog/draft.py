"""The draft model of ``processwalk discover``: what a drafted process file says, as records.

:mod:`.discover` mines them from an event log; :mod:`.draft_yaml` writes them as a process file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from processwalk.eventlog import summary

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

