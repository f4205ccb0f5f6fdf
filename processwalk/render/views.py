"""The view records of the HTML and Markdown reports: what a page shows, already formatted.

Frozen dataclasses built by :mod:`~processwalk.render.process_view` (a process's page) and
:mod:`~processwalk.render.index_view` (the portfolio index), read by the templates through
:mod:`~processwalk.render.html` and :mod:`~processwalk.render.markdown`.  Every number in them is
text already (:mod:`processwalk.formatting`): templates never format.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from processwalk.formatting import (
    PageUnits,
)
from processwalk.render import diagram
from processwalk.render.moves_view import Moves
from processwalk.render.whatif_view import Table, WaitRow, WhatIf

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk


#: hotspots shown as large cards; the rest are listed below them
CARDS = 6


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str
    detail: str
    definition: str
    #: ``bad``, ``warn`` or ``""``
    tone: str = ""


@dataclass(frozen=True)
class Hotspot:
    rank: int
    rule: str
    severity: str
    level: str
    where: str
    question: str
    message: str
    owner: str
    evidence: tuple[tuple[str, str], ...]
    impact: str
    location: str
    answer: str = ""
    answered_by: str = ""
    until: str = ""
    #: what its best remedy is worth ("remove this approval: -2.0d per case, ..."), or that none
    #: saves anything; "" where the moves were not evaluated, or for an answered finding
    remedy: str = ""


@dataclass(frozen=True)
class PolicyRow:
    id: str
    title: str
    owner: str
    why: str
    review: str
    stale: bool
    lead_time: str
    refusals: str
    handoffs: str
    approvals: str
    customer_days: str
    staff_hours: str
    cost: str
    #: (page, title) of each process that follows the policy (portfolio only)
    processes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TeamRow:
    name: str
    load: str
    capacity: str
    utilization: str
    tone: str
    bottleneck: bool
    #: (page, title) of each process that loads the team (portfolio only)
    processes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class BacklogRow:
    step: str
    team: str
    open: str
    oldest: str
    median_age: str
    as_of: str
    little_age: str
    sla: str
    late: bool


@dataclass(frozen=True)
class Stop:
    number: int
    clock: str
    name: str
    team: str
    customer: str
    why: str
    more: tuple[str, ...]
    policies: tuple[str, ...]
    end: bool


@dataclass(frozen=True)
class Route:
    name: str
    summary: str
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class Method:
    figure: str
    definition: str
    value: str


@dataclass(frozen=True)
class Unmatched:
    rule: str
    at: str
    answer: str
    owner: str
    until: str
    expired: bool


@dataclass(frozen=True)
class ProcessView:
    """Everything a process page shows, formatted; ``walk`` for the renderers' own drawings."""

    walk: Walk
    slug: str
    title: str
    owner: str
    description: str
    file: str
    facts: tuple[tuple[str, str], ...]
    figures: tuple[Figure, ...]
    hotspots: tuple[Hotspot, ...]
    answered: tuple[Hotspot, ...]
    unmatched: tuple[Unmatched, ...]
    heat: diagram.Heat
    policies: tuple[PolicyRow, ...]
    #: all the policies taken away at once, when there are two or more (the rows do not add up)
    together: PolicyRow | None
    teams: tuple[TeamRow, ...]
    undeclared_teams: tuple[str, ...]
    backlogs: tuple[BacklogRow, ...]
    distribution: str
    routes: tuple[Route, ...]
    method: tuple[Method, ...]
    #: the "What if" section, when a scenario changes the process
    whatif: WhatIf | None = None
    #: the declared waits taken apart at the baseline (empty without an evaluation)
    waits: tuple[WaitRow, ...] = ()
    #: the unit of each kind of duration on the page (:func:`page_units`), for the charts
    units: PageUnits = PageUnits()

    @property
    def cards(self) -> tuple[Hotspot, ...]:
        return self.hotspots[:CARDS]

    @property
    def more(self) -> tuple[Hotspot, ...]:
        return self.hotspots[CARDS:]


@dataclass(frozen=True)
class ProcessRow:
    slug: str
    title: str
    owner: str
    lead_time: str
    p85: str
    sla: str
    over_sla: str
    waiting_days: str
    hotspots: int
    top_question: str
    bottleneck: str
    tone: str


@dataclass(frozen=True)
class IndexView:
    processes: tuple[ProcessRow, ...]
    policies: tuple[PolicyRow, ...]
    #: every policy taken away at once in each process (the rows overlap and do not add up)
    together: PolicyRow | None
    teams: tuple[TeamRow, ...]
    bottleneck: str
    bottleneck_detail: str
    findings: tuple[Hotspot, ...]
    unmatched: tuple[Unmatched, ...]
    totals: tuple[Figure, ...]
    #: "Bottleneck", or "Busiest team" under the bottleneck rule's warning threshold
    bottleneck_label: str = "Bottleneck"
    #: each scenario's portfolio totals a year beside the baseline's, when there are scenarios
    whatif: Table | None = None
    #: the portfolio's best moves and the best together, when the moves were evaluated
    moves: Moves | None = None
