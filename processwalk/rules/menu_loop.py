"""A loop sends the customer round again although nobody said "no": an IVR menu, a web form that starts over.

Why it matters: the customer repeats steps they already did (keys in the account
number again, listens to the menu again, fills in the form again) without being
refused anything: the loop is made by the design of the self-service or of the
routing, not by a decision.  It is not a ``refusal-loop`` (no branch is a
refusal), and it is invisible in the refusal figures.

Fires for a branch that is not a refusal, that leads back to an earlier step already passed
(an ancestor on the walk from the start), where the steps of the shortest way
round (from the branch's target back to its step) include one where the customer
acts (``contact`` or ``self-service``), and that takes at least ``min`` of the
step's cases.

Thresholds: ``min`` = 0.05 (the share of the step's cases sent round again).

Remedy: close the loop: the branch to 0 (the upper bound).

Failing::

    pin: {kind: self-service, team: ivr, next: menu}
    menu: {kind: self-service, team: ivr, next: [{to: pin, p: 0.15, when: wrong option}, {to: agent}]}
    agent: {kind: contact, team: front, work: 5m, next: done}

Passing (the menu lets the caller choose again without starting over)::

    pin: {kind: self-service, team: ivr, next: menu}
    menu: {kind: self-service, team: ivr, next: [{to: menu, p: 0.15}, {to: agent}]}
    agent: {kind: contact, team: front, work: 5m, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk import graph
from processwalk.findings import Finding
from processwalk.model import CUSTOMER_KINDS, Step
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, hours, impact, owner, percent, saved_each, team_name

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "menu-loop"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    loops = [(step, branch, repeated) for step, branch in graph.back_branches(walk.process)
             if not branch.refusal and branch.to != step.id and branch.p >= settings["min"]
             for repeated in [_repeated(walk, step.id, branch.to)]
             if any(process.steps[s].kind in CUSTOMER_KINDS for s in repeated)]
    costs = saved_each(walk, [(step.id, branch) for step, branch, _ in loops])
    for (step, branch, repeated), cost in zip(loops, costs):
        target = process.steps[branch.to]
        when = f" ({branch.when})" if branch.when else ""
        again = _names([process.steps[s] for s in repeated])
        yield finding(
            walk, sys.modules[__name__], settings, place="branch", at=f"{step.id}->{branch.to}",
            location=branch.location,
            message=f"'{step.name}' sends {percent(branch.p)} of its cases back to '{target.name}'{when} "
                    f"without a refusal: the customer goes through {again} again; "
                    + _cost(cost, unit),
            why=f"Why does {team_name(process, step)} send {percent(branch.p)} of customers back to "
                f"'{target.name}'{when} when nothing was refused, so that they go through {again} "
                "again" + (f", adding {hours(cost[0], unit=unit)} to every case on average" if cost and cost[0] > 0 else "")
                + "?",
            ask=owner(process, step),
            evidence={"p": branch.p, "sent_back_per_case": walk.steps[step.id].visits * branch.p,
                      "steps_repeated": float(len(repeated)), "lead_time_added_h": cost[0] if cost else None},
            impact=impact(process, customer_h=cost[0], staff_h=max(cost[1], 0.0)) if cost and cost[0] > 0 else None,
        )


def _cost(cost: tuple[float, float] | None, unit: str | None) -> str:
    if cost is None:
        return "without it no case could leave the loop"
    if cost[0] <= 0:  # the customers it sends round give up sooner rather than wait longer
        return "it adds no lead time on average"
    return f"the loop adds {hours(cost[0], unit=unit)} per case"


def _repeated(walk: Walk, step_id: str, target: str) -> list[str]:
    """The shortest way round: the steps from ``target`` back to ``step_id`` (both included)."""
    return graph.shortest_path(walk.graph, target, step_id)


def _names(steps: list[Step]) -> str:
    """'A', 'A' and 'B', or 'A', 'B' and 2 more steps."""
    names = [f"'{s.name}'" for s in steps[:2]]
    if len(steps) > 2:
        return f"{', '.join(names)} and {len(steps) - 2} more step(s)"
    return " and ".join(names)
