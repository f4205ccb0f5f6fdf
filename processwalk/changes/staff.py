"""``staff: {TEAM: N}``: the team's staff becomes N, or changes by ``+N`` / ``-N``.  A team change:
it changes the team in every process that uses it."""
from __future__ import annotations

import dataclasses

from processwalk.changes.base import Context, amount, change_teams
from processwalk.load import Node
from processwalk.model import Process, Team

KIND = "staff"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader = ctx.reader

    def one(found: Team | None, value: Node) -> Team | None:
        change = amount(reader, value, "staff", shares=False)
        if found is None or change is None:
            return None
        if change.relative and found.staff is None:
            reader.problem(value, f"team '{found.id}' declares no staff to change by '{value.raw}'; "  # type: ignore[union-attr]
                                  f"give the new number, e.g. '{found.id}: 5'")
            return None
        staff = change.of(found.staff or 0.0)
        if staff <= 0:
            reader.problem(value, f"staff of team '{found.id}' would be {staff:g}; a team needs more than 0 "
                                  "people (move its steps to another team with 'team:' instead)")
            return None
        return dataclasses.replace(found, staff=staff)

    return change_teams(process, node, ctx, KIND, "{back-office: +1}", one)
