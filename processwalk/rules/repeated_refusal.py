"""A case is refused twice or more with a probability of at least ``min_p`` (default 2%).

Why it matters: one "no" may be a fair check; a customer told "no" twice is a
process that does not say what it needs.  Lean practitioners measure this as
first-pass yield (rolled %C&A).

Thresholds: ``min_p`` = 0.02, the probability of being refused at least twice.

Remedy: get it right the first time: every refusal that sends the case back to 0
(the upper bound).

Failing (a check that refuses 30% of forms and loops back: P(twice) = 0.3 * 0.3 = 9%)::

    fill-form: {kind: self-service, team: ivr, next: check}
    check: {team: back, next: [{to: post, p: 0.7}, {to: fill-form, p: 0.3, refusal: true}]}
    post: {team: back, next: done}

Passing (the same check refusing 10%: P(twice) = 1%)::

    fill-form: {kind: self-service, team: ivr, next: check}
    check: {team: back, next: [{to: post, p: 0.9}, {to: fill-form, p: 0.1, refusal: true}]}
    post: {team: back, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import (
    finding,
    impact,
    loops_back,
    percent,
    process_owner,
    saved,
)

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "repeated-refusal"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    figures, process = walk.figures, walk.process
    twice = figures.p_refused_twice
    if twice < settings["min_p"]:
        return
    # The impact: everything the send-backs that loop cost, against a walk without them.
    cost = saved(walk, [(s.id, b) for s in process.steps.values() for b in s.next
                        if b.refusal and loops_back(walk, s.id, b)])
    yield finding(
        walk, sys.modules[__name__], settings, place="process", at=process.id, location=process.location,
        message=f"{percent(twice)} of cases are refused at least twice "
                f"(first-pass yield {percent(figures.first_pass_yield)})",
        why=f"Why are {percent(twice)} of customers told \"no\" twice or more in '{process.title}', "
            f"and only {percent(figures.first_pass_yield)} get through without a refusal?",
        ask=process_owner(process),
        evidence={"p_refused_twice": twice, "first_pass_yield": figures.first_pass_yield,
                  "refusals": figures.refusals},
        impact=impact(process, customer_h=cost[0], staff_h=cost[1]) if cost else None,
    )
