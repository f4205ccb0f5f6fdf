"""``remove: STEP``: the step is bypassed exactly as policy friction bypasses a governed step
(:func:`processwalk.transform.bypass`): a case that would enter it goes on as if it had
passed the case along its non-refusal branches.  Its backlog goes with it.  An end step cannot be
removed.
"""
from __future__ import annotations

from processwalk.changes.base import Context, step
from processwalk.load import Node
from processwalk.model import Process
from processwalk.transform import bypass

KIND = "remove"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    found = step(ctx, node, process, "remove", end=True)
    if found is None:
        return None
    if found.is_end:
        ctx.reader.problem(node, f"'{found.id}' is an end step and cannot be removed: the cases that end there "
                                 "would have nowhere to go; lower the branch into it instead, e.g. "
                                 f"'branch: {{at: STEP->{found.id}, p: 0}}'")
        return None
    result = bypass(process, {found.id})
    if result is None:
        ctx.reader.problem(node, f"step '{found.id}' cannot be removed: it passes no case on (every branch "
                                 "out of it is a refusal or leads back into it), so a bypass has nowhere to go")
    return result
