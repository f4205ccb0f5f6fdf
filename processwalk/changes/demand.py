"""``demand: RATE``: the process's demand becomes RATE (``150/day``), or changes by a share (``+20%``)."""
from __future__ import annotations

import dataclasses

from processwalk.changes.base import Context, amount
from processwalk.load import Node, Scalar
from processwalk.model import Process

KIND = "demand"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader = ctx.reader
    if isinstance(node, Scalar) and node.raw.strip()[:1] in "+-":
        change = amount(reader, node, "demand")
        if change is None:
            return None
        if not change.share:
            reader.problem(node, f"demand changes by a share, like '+20%', or becomes a rate like '150/day', "
                                 f"not '{node.raw}'")
            return None
        if process.demand_per_day is None:
            reader.problem(node, f"process '{process.id}' declares no demand to change by '{node.raw}'; give the "
                                 "new rate, e.g. 'demand: 150/day'")
            return None
        changed = change.of(process.demand_per_day)
        if changed < 0:
            reader.problem(node, f"demand cannot shrink by more than 100%, not '{node.raw}'")
            return None
        return dataclasses.replace(process, demand_per_day=changed)
    rate = reader.rate(node, "demand")
    return None if rate is None else dataclasses.replace(process, demand_per_day=rate)
