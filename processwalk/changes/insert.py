"""``insert: {before: STEP, id: NEW, step: {...}}``: a new step with the keys of a step; every
branch into STEP (and ``start``, if it is STEP) now leads into NEW, whose ``next`` defaults to STEP."""
from __future__ import annotations

import dataclasses

from processwalk import build
from processwalk.changes.base import Context, problems_since, step, with_steps
from processwalk.load import Map, Node, Scalar
from processwalk.model import Process

KIND = "insert"
KEYS = ("before", "id", "step")
_HINT = "write e.g. 'insert: {before: post-credit, id: second-approval, step: {kind: approval, team: supervisors}}'"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader, count = ctx.reader, len(ctx.reader.problems)
    body = reader.mapping(node, "'insert'")
    if body is None:
        return None
    reader.keys(body, KEYS, "'insert'")
    parts = [reader.require(body, key, "'insert'", _HINT) for key in KEYS]
    if None in parts:
        return None
    before_node, id_node, step_node = parts
    before = step(ctx, before_node, process, "before", end=True)  # type: ignore[arg-type]
    ident = reader.ident(id_node, "step id")
    if ident is not None and ident in process.steps:
        reader.problem(id_node, f"step '{ident}' already exists in process '{process.id}'; "  # type: ignore[arg-type]
                                "give the new step an id of its own")
    spec = reader.mapping(step_node, f"step '{ident}'") if step_node is not None else None
    if before is None or ident is None or spec is None or problems_since(reader, count):
        return None
    if "next" not in spec.entries:
        spec = Map({**spec.entries, "next": Scalar(before.id, before.id, spec.line, spec.column)}, spec.keys,
                   spec.line, spec.column)
    new = build.read_step(reader, ident, spec, reader.where(step_node), process.catalog,  # type: ignore[arg-type]
                          {*process.steps, ident})
    if problems_since(reader, count):
        return None
    rerouted = {s: dataclasses.replace(old, next=tuple(b._replace(to=ident) if b.to == before.id else b
                                                       for b in old.next))
                for s, old in process.steps.items() if any(b.to == before.id for b in old.next)}
    start = ident if process.start == before.id else process.start
    return with_steps(process, {**rerouted, ident: new}, start=start)
