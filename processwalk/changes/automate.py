"""``automate: {at: STEP, share: S}``: a share S of the step's visits are done by a system: with
probability S a visit takes no wait and no work, so its mean wait and work are x (1 - S).  The
simulation draws them with their shape kept and the new means."""
from __future__ import annotations

import dataclasses

from processwalk import units
from processwalk.changes.base import Context, share, step, with_steps
from processwalk.load import Node
from processwalk.model import Process

KIND = "automate"
KEYS = ("at", "share")
_HINT = "write e.g. 'automate: {at: check-credit, share: 0.4}'"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader = ctx.reader
    body = reader.mapping(node, "'automate'")
    if body is None:
        return None
    reader.keys(body, KEYS, "'automate'")
    at_node, share_node = (reader.require(body, key, "'automate'", _HINT) for key in KEYS)
    found = step(ctx, at_node, process, "at") if at_node is not None else None
    s = share(reader, share_node, "share", zero=False)
    if found is None or s is None:
        return None
    kept = 1 - s
    return with_steps(process, {found.id: dataclasses.replace(
        found, wait=units.with_mean(found.wait, found.wait.mean * kept),
        work=units.with_mean(found.work, found.work.mean * kept))})
