"""What a change to the catalogs does: teams, systems and policies added, removed or changed, and
the figures of each changed team.

A definition is matched by its kind and id and by the file that defines it, named as the sides are
compared (relative to the compared folder for ``diff OLD NEW``), so the same id in two folders'
catalogs is two definitions; one that moved to another file is matched by its id alone.  A
definition that only moved changes nothing and is not shown; one that moved and changed shows
where it was.  The catalog files compared are those that apply to the compared processes on either
side; a process's own (inline) definitions only when the process is on both sides (an added
process brings its teams with it).  A file with problems on either side is left out: its problems
are reported instead.

A team's figures are taken over the compared processes that use its definition: each one's
utilization, and across them (as :mod:`processwalk.portfolio` sums a shared team) the summed load
over the team's capacity and the backlog growth, ``items a day * (1 - capacity / load)`` when the
load exceeds the capacity (:class:`processwalk.analysis.capacity.TeamLoad` for one process), 0
when it does not.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from processwalk.errors import Location
from processwalk.figure_change import FigureChange
from processwalk.model import Catalog, Policy, Process, System, Team

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.sides import Side

Record = Team | System | Policy
Value = str | float | None
#: (kind, the catalog section that holds it), in the order they are shown
KINDS = (("team", "teams"), ("system", "systems"), ("policy", "policies"))
PLURALS = {"team": "teams", "system": "systems", "policy": "policies"}
#: the key a model field is written with in the format, where they differ
KEYS = {"review_every_h": "review_every"}
#: team fields that are shown as figures (before, after, change) rather than as a changed field
TEAM_FIGURES = (("staff", "staff"), ("hours_per_day", "hours per day"), ("days_per_week", "days per week"))


class FieldChange(NamedTuple):
    """One field of a definition before and after (``None``: not declared), keyed as the format spells it."""

    key: str
    before: Value
    after: Value


@dataclass(frozen=True)
class EntryChange:
    """A team, system or policy added, removed or changed; for a team, its figures before and after."""

    kind: str
    id: str
    #: the team's or system's name, the policy's title (as it is now, or was)
    name: str
    status: str
    #: where it is defined now (where it was, when removed)
    location: Location
    fields: tuple[FieldChange, ...] = ()
    #: where it was defined, when it moved to another file
    old_location: Location | None = None
    #: a team's staff, hours per day, days per week, capacity, summed utilization and backlog growth
    figures: tuple[FigureChange, ...] = ()
    #: a team's utilization by each compared process that uses it (``label`` is the process's id)
    utilization: tuple[FigureChange, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind} {self.id}"


class Defined(NamedTuple):
    """One definition on one side: the compared name of its file, the record, where it is (relocated)."""

    name: str
    record: Record
    location: Location


class Matched(NamedTuple):
    change: EntryChange
    before: Defined | None
    after: Defined | None


def changes(before: Side, after: Side) -> tuple[Matched, ...]:
    """Every definition added, removed or changed between the sides, teams with their figures."""
    both = before.walks.keys() & after.walks.keys()
    broken = before.broken_names | after.broken_names
    old, new = definitions(before, both, broken), definitions(after, both, broken)
    found = [m for key in sorted(old.keys() | new.keys(), key=_order)
             for m in _match(key, old.get(key, []), new.get(key, []))]
    return tuple(_with_figures(m, before, after) if m.change.kind == "team" else m for m in found)


def _order(key: tuple[str, str]) -> tuple[int, str]:
    return [k for k, _ in KINDS].index(key[0]), key[1]


def definitions(side: Side, compared: Iterable[str], broken: Collection[str] = ()) -> dict[tuple[str, str], list[Defined]]:
    """(kind, id) -> its definitions on ``side``: in catalog files, and inline in the ``compared``
    processes; files named in ``broken`` (with problems on either side) are left out."""
    found: dict[tuple[str, str], list[Defined]] = {}
    sources = [*((path, catalog) for path, catalog in side.catalogs.items()),
               *((side.walks[p].process.file, _inline(side.walks[p].process)) for p in sorted(compared))]
    for path, catalog in sources:
        name = side.named(path)
        if name in broken:
            continue
        for kind, section in KINDS:
            for ident, record in getattr(catalog, section).items():
                found.setdefault((kind, ident), []).append(Defined(name, record, side.at(record.location)))
    return found


def _inline(process: Process) -> Catalog:
    """The definitions written in the process's own file."""
    def mine(section: Mapping[str, Record]) -> dict[str, Record]:
        return {k: r for k, r in section.items() if r.location.file == process.file}

    return Catalog(mine(process.teams), mine(process.systems), mine(process.policies))  # type: ignore[arg-type]


def _match(key: tuple[str, str], old: list[Defined], new: list[Defined]) -> Iterator[Matched]:
    """Pairs by file, then what is left by id alone (a move); the rest was removed or added."""
    kind, ident = key
    names = {d.name for d in old} & {d.name for d in new}
    pairs = [(o, next(n for n in new if n.name == o.name)) for o in old if o.name in names]
    rest_old = [o for o in old if o.name not in names]
    rest_new = [n for n in new if n.name not in names]
    pairs.extend(zip(rest_old, rest_new))
    for o, n in pairs:
        fields = tuple(_fields(o.record, n.record))
        if fields:
            moved = o.location if o.name != n.name else None
            yield Matched(EntryChange(kind, ident, _name(n.record), "changed", n.location, fields, moved), o, n)
    for o in rest_old[len(rest_new):]:
        yield Matched(EntryChange(kind, ident, _name(o.record), "removed", o.location), o, None)
    for n in rest_new[len(rest_old):]:
        yield Matched(EntryChange(kind, ident, _name(n.record), "added", n.location), None, n)


def _name(record: Record) -> str:
    return record.title if isinstance(record, Policy) else record.name


def _fields(old: Record, new: Record) -> Iterator[FieldChange]:
    for item in dataclasses.fields(old):
        if item.name in ("id", "location"):
            continue
        before, after = _value(getattr(old, item.name)), _value(getattr(new, item.name))
        if before != after:
            yield FieldChange(KEYS.get(item.name, item.name), before, after)


def _value(value: object) -> Value:
    if isinstance(value, dt.date):
        return value.isoformat()
    assert value is None or isinstance(value, (str, int, float))
    return value


# -- teams -----------------------------------------------------------------------------------------


class _Use(NamedTuple):
    """One process's use of a team: its load (h/day), utilization and items a day."""

    load_h_per_day: float | None
    utilization: float | None
    items_per_day: float


class _Figures(NamedTuple):
    team: Team
    capacity_h_per_day: float | None
    utilization: float | None
    backlog_growth_per_day: float | None
    uses: Mapping[str, _Use]


def _with_figures(matched: Matched, before: Side, after: Side) -> Matched:
    old, new = _team_figures(before, matched.before), _team_figures(after, matched.after)
    figures = [FigureChange(key, label, "number", *(_attribute(f.team, key) if f else None for f in (old, new)))
               for key, label in TEAM_FIGURES]
    figures.append(FigureChange("capacity_h_per_day", "capacity", "h/day",
                                old.capacity_h_per_day if old else None, new.capacity_h_per_day if new else None))
    figures.append(FigureChange("utilization", "utilization", "share",
                                old.utilization if old else None, new.utilization if new else None))
    figures.append(FigureChange("backlog_growth_per_day", "backlog growth", "per day",
                                old.backlog_growth_per_day if old else None,
                                new.backlog_growth_per_day if new else None))
    processes = sorted((old.uses.keys() if old else set()) | (new.uses.keys() if new else set()))
    utilization = tuple(FigureChange("utilization", p, "share", _use(old, p), _use(new, p)) for p in processes)
    change = dataclasses.replace(matched.change, figures=tuple(figures), utilization=utilization)
    return matched._replace(change=change)


def _attribute(team: Team, key: str) -> float | None:
    value = getattr(team, key)
    assert value is None or isinstance(value, (int, float))
    return value


def _use(figures: _Figures | None, process: str) -> float | None:
    use = figures.uses.get(process) if figures else None
    return use.utilization if use else None


def _team_figures(side: Side, defined: Defined | None) -> _Figures | None:
    from processwalk.analysis.capacity import team_capacity

    if defined is None:
        return None
    team = defined.record
    assert isinstance(team, Team)
    uses = {w.process.id: _use_of(w, team.id) for w in side.walks.values() if _uses(side, w, "team", defined)}
    capacity = team_capacity(team)
    loads = [u for u in uses.values() if u.load_h_per_day is not None]
    load = sum(u.load_h_per_day or 0.0 for u in loads)
    utilization = load / capacity if loads and capacity else None
    growth = None
    if utilization is not None and capacity is not None:
        growth = sum(u.items_per_day for u in loads) * (1 - capacity / load) if utilization >= 1 else 0.0
    return _Figures(team, capacity, utilization, growth, uses)


def _use_of(walk: Walk, team: str) -> _Use:
    process = walk.process
    load = walk.capacity.teams[team]
    visits = sum(walk.steps[s].visits for s, step in process.steps.items() if step.team == team)
    return _Use(load.load_h_per_day, load.utilization, (process.demand_per_day or 0.0) * visits)


# -- the processes a change reaches ------------------------------------------------------------------


def _uses(side: Side, walk: Walk, kind: str, defined: Defined) -> bool:
    """Whether the process of ``walk`` uses this very definition (a step's team or system, a policy it follows)."""
    from processwalk.transform import used_policies

    process = walk.process
    ident = defined.record.id
    section: Mapping[str, Record] = getattr(process.catalog, dict(KINDS)[kind])
    if ident not in section or side.named(section[ident].location.file) != defined.name:
        return False
    if kind == "team":
        return ident in walk.capacity.teams
    if kind == "system":
        return any(ident in s.systems for s in process.steps.values())
    return ident in used_policies(process)


def reaching(process_id: str, found: Iterable[Matched], before: Side, after: Side) -> tuple[EntryChange, ...]:
    """The changes whose definitions the process uses on either side."""
    old, new = before.walks.get(process_id), after.walks.get(process_id)
    return tuple(m.change for m in found
                 if (old is not None and m.before is not None and _uses(before, old, m.change.kind, m.before))
                 or (new is not None and m.after is not None and _uses(after, new, m.change.kind, m.after)))


def counted(found: Iterable[EntryChange]) -> str:
    """'1 team changed', '2 teams, 1 policy changed' (added and removed ones count as changed); '' for none."""
    numbers: dict[str, int] = {}
    for change in found:
        numbers[change.kind] = numbers.get(change.kind, 0) + 1
    parts = [f"{n} {kind if n == 1 else PLURALS[kind]}" for kind, _ in KINDS if (n := numbers.get(kind, 0))]
    return f"{', '.join(parts)} changed" if parts else ""
