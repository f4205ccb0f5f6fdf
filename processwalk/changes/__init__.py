"""What-if changes (``spec/scenarios.md``): small pure functions from a process to a process, one
module per change behind one registry, as the rules are.

:func:`apply` applies a list of changes in order, each read and checked against the process as
the changes before it left it; a change that would break the format (a loop with no way out, a step
never reached) is a problem at the change's line and column.  Files are never modified.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from processwalk import graph, validate
from processwalk.changes import (
    automate,
    branch,
    demand,
    hours,
    insert,
    pool,
    remove,
    remove_policy,
    resolve,
    staff,
    team,
    wait,
    work,
)
from processwalk.changes.base import Context
from processwalk.errors import Problem
from processwalk.load import Node
from processwalk.model import CHANGE_KINDS, TEAM_CHANGES, Change, Process
from processwalk.read import Reader

__all__ = ["CHANGES", "apply", "Context"]


class ChangeModule(Protocol):
    KIND: str

    def apply(self, process: Process, node: Node, ctx: Context) -> Process | None: ...


#: every change, by its key in a scenario, in the contract's order
CHANGES: dict[str, ChangeModule] = {m.KIND: m for m in (
    remove, remove_policy, insert, branch, resolve, automate, wait, work, team, pool, staff, hours, demand)}
assert tuple(CHANGES) == CHANGE_KINDS


def apply(process: Process, changes: Sequence[Change]) -> tuple[Process, list[Problem]]:
    """``process`` after ``changes`` (those that are its own, and team changes, which reach every
    process), and the problems found; it stops at the first change that has one."""
    original = process
    for change in changes:
        owned = change.process == process.id
        if not owned and change.kind not in TEAM_CHANGES:
            continue
        reader = Reader(change.location.file)
        ctx = Context(reader, owned, frozenset(original.steps) - frozenset(process.steps))
        changed = CHANGES[change.kind].apply(process, change.node, ctx)
        if changed is None or reader.problems:
            assert reader.problems, f"the change '{change.kind}' failed without saying why"
            return process, reader.problems
        broken = validate.ways_out(changed)
        if broken:
            return process, [Problem(change.location, f"after this change, {p.message}") for p in broken]
        process = _reached(changed)
    return process, []


def _reached(process: Process) -> Process:
    """Without the steps no case reaches any more (a branch to them was set to 0, say): they are
    dead, and so are their backlogs."""
    reached = graph.reach([process.start], graph.links(process))
    if len(reached) == len(process.steps):
        return process
    return dataclasses.replace(process, steps={s: step for s, step in process.steps.items() if s in reached})
