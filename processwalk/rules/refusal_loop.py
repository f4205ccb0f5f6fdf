"""A refusal branch leads back to an earlier step: the back office says "no" and the case goes round again.

Why it matters: every send-back repeats queues the customer already waited in,
and the customer often has to act again.  Asking why the step refuses (and why
the earlier step could not get it right the first time) removes whole loops.

Thresholds: none; every refusal branch that returns to a step the case has
already passed (one from which the refusing step can be reached) fires.

Remedy: get it right the first time: the refusal's probability to 0 (the upper bound).

Failing::

    fill-form: {kind: self-service, team: ivr, next: check}
    check: {team: back, next: [{to: post, p: 0.8}, {to: fill-form, p: 0.2, refusal: true}]}
    post: {team: back, next: done}

Passing (a refusal that ends the case, or a loop that is not a refusal)::

    fill-form: {kind: self-service, team: ivr, next: check}
    check: {team: back, next: [{to: post, p: 0.8}, {to: refused, p: 0.2, refusal: true}]}
    post: {team: back, next: done}
    refused: {kind: end, outcome: refused}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import (
    finding,
    hours,
    impact,
    loops_back,
    owner,
    percent,
    saved_each,
    team_name,
)

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "refusal-loop"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    loops = [(step, branch) for step in process.steps.values() for branch in step.next
             if branch.refusal and loops_back(walk, step.id, branch)]
    # What each send-back costs: the walk with it against the walk without it.
    costs = saved_each(walk, [(step.id, branch) for step, branch in loops])
    for (step, branch), cost in zip(loops, costs):
        target = process.steps[branch.to]
        flow = walk.steps[step.id].visits * branch.p
        reason = f" ({branch.reason})" if branch.reason else ""
        policy = process.policies.get(branch.policy or "")
        ask = policy.owner if policy and policy.owner else owner(process, step)
        yield finding(
            walk, sys.modules[__name__], settings, place="branch", at=f"{step.id}->{branch.to}",
            location=branch.location,
            message=f"'{step.name}' sends {percent(branch.p)} of cases back to '{target.name}'"
                    f"{reason}; " + (f"the loop adds {hours(cost[0], unit=unit)} per case" if cost else
                                     "without it no case could leave the loop"),
            why=f"Why does {team_name(process, step)} send {percent(branch.p)} of cases back to "
                f"'{target.name}'{reason}, " + (f"adding {hours(cost[0], unit=unit)} to every case on average, "
                                                if cost else "") +
                "instead of asking for what it needs the first time?",
            ask=ask,
            evidence={"p": branch.p, "sent_back_per_case": flow,
                      "lead_time_added_h": cost[0] if cost else None},
            impact=impact(process, customer_h=cost[0], staff_h=cost[1]) if cost else None,
        )
