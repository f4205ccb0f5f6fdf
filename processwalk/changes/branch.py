"""``branch: {at: STEP->TARGET, p: P}``: the branch's probability becomes P, the step's other
branches scaled in proportion to sum to 1 - P; ``p: 0`` removes the branch.  Several branches from
STEP to TARGET (with different labels) change together, in proportion."""
from __future__ import annotations

import dataclasses

from processwalk.changes.base import Context, share, step, with_steps
from processwalk.load import Node
from processwalk.model import Process

KIND = "branch"
KEYS = ("at", "p")
_HINT = "write e.g. 'branch: {at: check-credit->ask-for-details, p: 0.02}'"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader = ctx.reader
    body = reader.mapping(node, "'branch'")
    if body is None:
        return None
    reader.keys(body, KEYS, "'branch'")
    at_node, p_node = (reader.require(body, key, "'branch'", _HINT) for key in KEYS)
    at = reader.string(at_node, "at")
    p = share(reader, p_node, "p")
    if at is None or at_node is None or p is None or p_node is None:
        return None
    source, arrow, target = (part.strip() for part in at.partition("->"))
    if not arrow:
        reader.problem(at_node, f"'at' names a branch as STEP->TARGET, not '{at}'; {_HINT}")
        return None
    found = step(ctx, at_node, process, "the branch's step", ident=source)
    if found is None:
        return None
    weight = sum(b.p for b in found.next if b.to == target)
    rest = 1.0 - weight if weight < 1 else 0.0
    if not weight:
        ways = ", ".join(sorted({b.to for b in found.next}))
        reader.problem(at_node, f"step '{source}' has no branch to '{target}'; its branches go to {ways}")
        return None
    if not rest and p < 1:
        reader.problem(p_node, f"the branch {source}->{target} is the only way on from step '{source}', so its "
                               "p stays 1; add another way first (insert, resolve)")
        return None
    into, other = p / weight, (1 - p) / rest if rest else 0.0
    branches = (b._replace(p=b.p * (into if b.to == target else other)) for b in found.next)
    return with_steps(process, {source: dataclasses.replace(found, next=tuple(b for b in branches if b.p > 0))})
