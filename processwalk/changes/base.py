"""What the changes share: finding the ids they name, reading their figures, rebuilding a process.

Every change is a module with ``KIND``, its key in a scenario, and ``apply(process, node, ctx)``:
the process as the change leaves it, or None after reporting each problem at the change's line and
column through ``ctx.reader``.  ``ctx.owned`` is False when a team change declared elsewhere reaches
a process that may not use the team: then a team it does not know is no problem, it is left alone.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from processwalk import units
from processwalk.load import Map, Node, Scalar
from processwalk.model import Branch, Process, Step, Team
from processwalk.read import Reader, describe, suggest

#: ``+1``, ``-2``, ``+20%``, ``-50%``: a change by an amount or by a share
_RELATIVE = re.compile(r"([+-])(\d+(?:\.\d+)?)(%?)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


class Amount(NamedTuple):
    """A new value (``5``), a change by an amount (``+1``) or by a share (``-50%``: ``share`` -0.5)."""

    value: float
    relative: bool = False
    share: bool = False

    def of(self, old: float) -> float:
        if self.share:
            return old * (1 + self.value)
        return old + self.value if self.relative else self.value


class Context(NamedTuple):
    """What a change is applied with: the reader that collects its problems, whether the process is
    the change's own (see the module doc), and the steps earlier changes of the scenario removed."""

    reader: Reader
    owned: bool = True
    removed: frozenset[str] = frozenset()


def step(ctx: Context, node: Node, process: Process, what: str, *, end: bool = False,
         ident: str | None = None) -> Step | None:
    """The step ``node`` names (or ``ident``, written at ``node``); a problem when there is none (or it
    is an end step, unless ``end``)."""
    reader = ctx.reader
    ident = ident if ident is not None else reader.string(node, what)
    if ident is None:
        return None
    found = process.steps.get(ident)
    if found is None:
        if ident in ctx.removed:
            reader.problem(node, f"{what} '{ident}' was removed by an earlier change of this scenario; "
                                 "name a step that is still there, or change the order of the changes")
        else:
            reader.problem(node, f"{what} '{ident}' is not a step of process '{process.id}'"
                                 f"{suggest(ident, process.steps, 'step')}")
        return None
    if found.is_end and not end:
        reader.problem(node, f"{what} '{ident}' is an end step; name a step the case passes through")
        return None
    return found


def team(reader: Reader, node: Node, process: Process, what: str) -> Team | None:
    """The team ``node`` names; a problem when the process knows none of that id."""
    ident = reader.string(node, what)
    if ident is None:
        return None
    found = process.teams.get(ident)
    if found is None:
        reader.problem(node, f"unknown team '{ident}'{suggest(ident, process.teams, 'team')}")
    return found


def mapping(reader: Reader, node: Node, kind: str, example: str) -> Map | None:
    """The change's value as a mapping with at least one entry."""
    body = reader.mapping(node, f"'{kind}'")
    if body is not None and not [k for k in body.entries if not k.startswith("x-")]:
        reader.problem(body, f"'{kind}' changes nothing; write e.g. '{kind}: {example}'")
        return None
    return body


def entries(body: Map) -> Iterable[tuple[str, Node, Scalar | None]]:
    """The entries of a mapping, ``x-`` keys left out, with each key's own node."""
    return ((k, v, body.keys.get(k)) for k, v in body.entries.items() if not k.startswith("x-"))


def share(reader: Reader, node: Node | None, what: str, *, zero: bool = True) -> float | None:
    """A probability or share: ``0.6`` or ``60%``, from 0 (when ``zero``) to 1."""
    if node is None:
        return None
    if isinstance(node, Scalar) and isinstance(node.value, str) and _PERCENT.fullmatch(node.value.strip()):
        value = float(node.value.strip()[:-1]) / 100
    else:
        number = reader.number(node, what, units.Range(-1e12))
        if number is None:
            return None
        value = number
    if not (0 <= value <= 1) or (value == 0 and not zero):
        low = "0" if zero else "more than 0"
        reader.problem(node, f"{what} is a share from {low} to 1 (or 0% to 100%), not {describe(node)}")
        return None
    return value


def amount(reader: Reader, node: Node, what: str, *, shares: bool = True) -> Amount | None:
    """``5``, ``+1``, ``-2`` or (when ``shares``) ``+20%``, ``-50%``."""
    text = node.raw.strip() if isinstance(node, Scalar) and node.value is not None else None
    match = _RELATIVE.fullmatch(text) if text else None
    if match:
        sign, number, percent = match.groups()
        if percent and not shares:
            reader.problem(node, f"{what} changes by an amount here, like '+1' or '-2', not a share '{text}'")
            return None
        signed = float(number) * (-1 if sign == "-" else 1)
        return Amount(signed / 100, share=True) if percent else Amount(signed, relative=True)
    value = reader.number(node, what)
    return None if value is None else Amount(value)


def duration(reader: Reader, node: Node, what: str, old: units.Duration) -> units.Duration | None:
    """A new duration (a figure or a distribution), or the old one scaled by a share (``-50%``)."""
    if isinstance(node, Scalar) and isinstance(node.value, str) and node.raw.strip()[:1] in "+-":
        change = amount(reader, node, what)
        if change is None:
            return None
        if not change.share:
            reader.problem(node, f"{what} changes by a share, like '-50%' or '+20%', or becomes a duration "
                                 f"like '2d', not '{node.raw}'")
            return None
        if change.of(1.0) < 0:
            reader.problem(node, f"{what} cannot shrink by more than 100%, not '{node.raw}'")
            return None
        return units.with_mean(old, change.of(old.mean))
    return reader.duration(node, what)


def with_steps(process: Process, changed: Mapping[str, Step], *, start: str | None = None) -> Process:
    """``process`` with some steps replaced (or added, at the end)."""
    steps = {**process.steps, **changed}
    return dataclasses.replace(process, steps=steps, start=start or process.start)


def scaled(branches: Iterable[Branch], factor: float) -> tuple[Branch, ...]:
    """Branches with their probabilities times ``factor``; those left at 0 removed."""
    return tuple(b._replace(p=b.p * factor) for b in branches if b.p * factor > 0)


def set_durations(process: Process, node: Node, ctx: Context, field: str) -> Process | None:
    """``wait: {STEP: D}`` and ``work: {STEP: D}``: each step's ``field`` becomes D or changes by a share."""
    body = mapping(ctx.reader, node, field, "{check-credit: -50%}")
    if body is None:
        return None
    changed: dict[str, Step] = {}
    ok = True
    for ident, value, key in entries(body):
        found = step(ctx, key or value, process, "step")
        new = duration(ctx.reader, value, field, getattr(found, field)) if found else None
        if found is None or new is None:
            ok = False
            continue
        old = changed.get(ident, found)
        changed[ident] = dataclasses.replace(old, wait=new) if field == "wait" else dataclasses.replace(old, work=new)
    return with_steps(process, changed) if ok else None


def problems_since(reader: Reader, count: int) -> bool:
    """Whether ``reader`` has found problems since it held ``count``."""
    return len(reader.problems) > count


def with_teams(process: Process, teams: Mapping[str, Team], *, gone: Iterable[str] = ()) -> Process:
    """``process`` with some teams of its catalog replaced or added, and those ``gone`` removed."""
    left = {t: record for t, record in process.teams.items() if t not in set(gone)}
    catalog = dataclasses.replace(process.catalog, teams={**left, **teams})
    return dataclasses.replace(process, catalog=catalog)


def elsewhere(ctx: Context, node: Node, process: Process) -> bool:
    """Whether ``node`` names a team this process does not know while the change is not its own: the
    change then leaves the process alone."""
    return not ctx.owned and isinstance(node, Scalar) and node.raw not in process.teams


def change_teams(process: Process, node: Node, ctx: Context, kind: str, example: str,
                 one: Callable[[Team | None, Node], Team | None]) -> Process | None:
    """A team change ``{TEAM: VALUE, ...}``: ``one(team, value)`` makes each changed team (it reads
    its value also when the team is unknown, so that every problem is reported); a team this process
    does not know is left alone when the change is not its own."""
    body = mapping(ctx.reader, node, kind, example)
    if body is None:
        return None
    teams: dict[str, Team] = {}
    ok = True
    for _, value, key in entries(body):
        if elsewhere(ctx, key or value, process):
            continue
        changed = one(team(ctx.reader, key or value, process, "team"), value)
        if changed is None:
            ok = False
        else:
            teams[changed.id] = changed
    return with_teams(process, teams) if ok else None
