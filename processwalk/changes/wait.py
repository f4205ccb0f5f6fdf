"""``wait: {STEP: D}``: the step's declared wait becomes D (a duration or a distribution), or
changes by a share (``-50%``, ``+20%``: the distribution scaled, its shape kept)."""
from __future__ import annotations

from processwalk.changes.base import Context, set_durations
from processwalk.load import Node
from processwalk.model import Process

KIND = "wait"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    return set_durations(process, node, ctx, "wait")
