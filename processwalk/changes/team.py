"""``team: {STEP: TEAM}``: the step moves to another team; handoffs follow, as they are derived."""
from __future__ import annotations

import dataclasses

from processwalk.changes.base import Context, entries, mapping, step, team, with_steps
from processwalk.load import Node
from processwalk.model import Process, Step

KIND = "team"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    body = mapping(ctx.reader, node, "team", "{check-credit: frontline}")
    if body is None:
        return None
    moved: dict[str, Step] = {}
    ok = True
    for ident, value, key in entries(body):
        found = step(ctx, key or value, process, "step")
        to = team(ctx.reader, value, process, "team")
        if found is None or to is None:
            ok = False
            continue
        moved[ident] = dataclasses.replace(found, team=to.id)
    return with_steps(process, moved) if ok else None
