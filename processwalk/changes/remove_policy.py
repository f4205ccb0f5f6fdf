"""``remove-policy: POLICY``: the process "without p" of policy friction, exactly
(:func:`processwalk.transform.without_policy`)."""
from __future__ import annotations

from processwalk.changes.base import Context
from processwalk.load import Node
from processwalk.model import Process
from processwalk.read import suggest
from processwalk.transform import used_policies, without_policy

KIND = "remove-policy"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    ident = ctx.reader.string(node, "remove-policy")
    if ident is None:
        return None
    if ident not in process.policies:
        ctx.reader.problem(node, f"unknown policy '{ident}'{suggest(ident, process.policies, 'policy')}")
        return None
    if ident not in used_policies(process):
        ctx.reader.problem(node, f"policy '{ident}' governs no step and causes no branch of process "
                                 f"'{process.id}'; there is nothing to remove")
        return None
    return without_policy(process, ident)
