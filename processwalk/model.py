"""The process as typed, immutable records.

Durations are :class:`~processwalk.units.Duration` in hours, rates are cases per
calendar day.  Every record keeps the :class:`~processwalk.errors.Location` of
the YAML that defines it, so a finding can point at it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from processwalk.errors import Location
from processwalk.load import Node
from processwalk.units import ZERO, Duration

KINDS = ("task", "contact", "self-service", "approval", "decision", "end")
#: the kinds of step where the customer acts: talks to a person, or deals with a machine
CUSTOMER_KINDS = ("contact", "self-service")
OUTCOMES = ("resolved", "refused", "abandoned")
#: the changes a scenario may make (``spec/scenarios.md``), in the contract's order
CHANGE_KINDS = ("remove", "remove-policy", "insert", "branch", "resolve", "automate", "wait", "work", "team",
                "pool", "staff", "hours", "demand")
#: the changes that change a team wherever it is used
TEAM_CHANGES = ("pool", "staff", "hours")


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    location: Location
    staff: float | None = None
    hours_per_day: float = 8.0
    days_per_week: float = 5.0
    hourly_cost: float | None = None
    #: who answers for the team; the team itself when not declared
    owner: str | None = None

    @property
    def answerer(self) -> str:
        """Who the why of a finding about this team goes to: its owner, else the team."""
        return self.owner or self.name

    @property
    def hours_per_calendar_day(self) -> float:
        """Working hours of one person per calendar day."""
        return self.hours_per_day * self.days_per_week / 7


@dataclass(frozen=True)
class System:
    id: str
    name: str
    location: Location


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    location: Location
    owner: str | None = None
    why: str | None = None
    reviewed: dt.date | None = None
    review_every_h: float | None = None

    @property
    def review_due(self) -> dt.date | None:
        if self.reviewed is None or self.review_every_h is None:
            return None
        return self.reviewed + dt.timedelta(hours=self.review_every_h)


@dataclass(frozen=True)
class Backlog:
    open: int
    location: Location
    oldest_h: float | None = None
    median_age_h: float | None = None
    as_of: dt.date | None = None


class Branch(NamedTuple):
    """One way out of a step.  A NamedTuple: the most numerous record, and tuples pickle fast."""

    to: str
    p: float
    location: Location
    when: str | None = None
    refusal: bool = False
    reason: str | None = None
    policy: str | None = None


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    kind: str
    location: Location
    team: str | None = None
    systems: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()
    wait: Duration = ZERO
    work: Duration = ZERO
    sla_h: float | None = None
    backlog: Backlog | None = None
    next: tuple[Branch, ...] = ()
    outcome: str | None = None

    @property
    def is_end(self) -> bool:
        return self.kind == "end"


@dataclass(frozen=True)
class Answer:
    rule: str
    at: str
    why: str
    location: Location
    owner: str
    until: dt.date

    def current(self, today: dt.date) -> bool:
        return today <= self.until


@dataclass(frozen=True)
class Change:
    """One change of a scenario, as written: it is read and checked when it is applied, against the
    process as the changes before it left it (:mod:`processwalk.changes`)."""

    kind: str
    #: the change's value (``check-credit`` in ``remove: check-credit``), positioned
    node: Node
    #: where the change's key is written
    location: Location
    #: the process it changes: the declaring process, the ``process:`` of a change in a scenario
    #: file, or None for a team change there (it changes the team wherever it is used)
    process: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A named list of changes (``spec/scenarios.md``), those of ``extends`` first."""

    id: str
    title: str
    location: Location
    changes: tuple[Change, ...]
    owner: str | None = None
    description: str | None = None
    #: the process whose file declares it; None for a scenario of a scenario file
    process: str | None = None

    @property
    def key(self) -> str:
        """Unique among the scenarios of a run: ``process/id`` for a process's own scenario."""
        return f"{self.process}/{self.id}" if self.process else self.id


@dataclass(frozen=True)
class Catalog:
    """Teams, systems and policies, from catalog files or inline in a process."""

    teams: Mapping[str, Team] = field(default_factory=dict)
    systems: Mapping[str, System] = field(default_factory=dict)
    policies: Mapping[str, Policy] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleOverride:
    """What a ``rules:`` or ``budgets:`` mapping writes of one rule; None (or no threshold): as below."""

    enabled: bool | None = None
    severity: str | None = None
    thresholds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Process:
    id: str
    title: str
    file: str
    location: Location
    start: str
    steps: Mapping[str, Step]
    catalog: Catalog
    owner: str | None = None
    description: str | None = None
    demand_per_day: float | None = None
    sla_h: float | None = None
    #: the team the customer first talks to, as declared (:func:`frontline` gives the default)
    frontline: str | None = None
    answers: tuple[Answer, ...] = ()
    #: per-process rule settings (``budgets:``), by rule id: laid over the configuration's
    budgets: Mapping[str, RuleOverride] = field(default_factory=dict)
    #: the coefficient of variation of the time between arrivals (1: random arrivals)
    arrivals_cv: float = 1.0
    #: the what-if scenarios the process file declares
    scenarios: tuple[Scenario, ...] = ()

    @property
    def teams(self) -> Mapping[str, Team]:
        return self.catalog.teams

    @property
    def systems(self) -> Mapping[str, System]:
        return self.catalog.systems

    @property
    def policies(self) -> Mapping[str, Policy]:
        return self.catalog.policies

    def team_of(self, step_id: str) -> str | None:
        return self.steps[step_id].team
