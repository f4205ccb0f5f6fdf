"""Remedy of ``repeat-contact``: the repeat contacts removed: the customer is told instead of having
to ask.  Every contact step after the first one is removed (a case goes on as if it had passed it),
and a branch that brings the case back to the first contact goes to 0 where its step has another
way on."""
from __future__ import annotations

from processwalk import graph
from processwalk.findings import Finding
from processwalk.remedies.base import Context, Edit, Remedy, remedy
from processwalk.rules.base import loops_back

RULE = "repeat-contact"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    walk = ctx.walk(finding)
    process = walk.process
    order = graph.breadth_first(walk.graph, process.start)
    contacts = [s for s in order if process.steps[s].kind == "contact" and walk.steps[s].visits > 0]
    if not contacts:
        return []
    first, later = contacts[0], contacts[1:]
    back = [f"{s.id}->{first}" for s in process.steps.values() if s.id not in later
            for b in s.next if b.to == first and loops_back(walk, s.id, b) and b.p < 1]
    changes: list[Edit] = [("branch", {"at": at, "p": 0.0}) for at in back]
    changes += [("remove", s) for s in later]
    if not changes:
        return []
    return [remedy(finding, "tell-the-customer", "The customer is told: no contact after the first",
                   "tell the customer instead", changes)]
