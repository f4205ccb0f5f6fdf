"""``resolve: {at: STEP, share: S, work: DURATION, outcome: resolved}``: "make it right" authority.

A share S of the cases passing STEP are finished there: a branch to an end step of that outcome
(the first one of the process; a new one, ``OUTCOME`` or ``OUTCOME-at-STEP``, when there is none)
with probability S, the other branches scaled by 1 - S.  ``work`` (default 0) is the extra work per
resolved case: the step's mean work grows by S x work, its shape kept.
"""
from __future__ import annotations

import dataclasses

from processwalk import units
from processwalk.changes.base import Context, problems_since, share, step, with_steps
from processwalk.errors import Location
from processwalk.load import Node
from processwalk.model import Branch, Process, Step

KIND = "resolve"
KEYS = ("at", "share", "work", "outcome")
_HINT = "write e.g. 'resolve: {at: call-in, share: 0.6, work: 4m}'"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader, count = ctx.reader, len(ctx.reader.problems)
    body = reader.mapping(node, "'resolve'")
    if body is None:
        return None
    reader.keys(body, KEYS, "'resolve'")
    get = body.entries.get
    at_node, share_node = (reader.require(body, key, "'resolve'", _HINT) for key in ("at", "share"))
    found = step(ctx, at_node, process, "at") if at_node is not None else None
    s = share(reader, share_node, "share", zero=False)
    work = reader.duration(get("work"), "work") or units.ZERO
    outcome = reader.ident(get("outcome"), "outcome") or "resolved"
    if found is None or s is None or problems_since(reader, count):
        return None
    end = _end(process, outcome, found, reader.where(body))
    branches = [b._replace(p=b.p * (1 - s)) for b in found.next]
    there = next((i for i, b in enumerate(branches) if b.to == end.id and not b.refusal and not b.policy), None)
    if there is None:
        branches.append(Branch(end.id, s, reader.where(body), when="made right on the spot"))
    else:
        branches[there] = branches[there]._replace(p=branches[there].p + s)
    changed = dataclasses.replace(found, next=tuple(branches),
                                  work=units.with_mean(found.work, found.work.mean + s * work.mean))
    return with_steps(process, {found.id: changed, end.id: end})


def _end(process: Process, outcome: str, at: Step, where: Location) -> Step:
    """The end step of ``outcome``: the process's first, or a new one."""
    for step_ in process.steps.values():
        if step_.is_end and step_.outcome == outcome:
            return step_
    ident = outcome if outcome not in process.steps else f"{outcome}-at-{at.id}"
    return Step(id=ident, name=f"Made right at '{at.name}'", kind="end", location=where, outcome=outcome)
