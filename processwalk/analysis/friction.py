"""Policy friction: what a policy adds to every case, and per year.

The friction of ``p`` is the difference between the figures of the process and
those of the process without ``p`` (:func:`processwalk.transform.without_policy`,
which documents how ``p`` is taken away).  In the usual case the figures without
``p`` come from a low-rank update of the process's chain instead
(:func:`without_quickly`).

Per year figures need ``demand``.  The **cost** is the added staff hours priced
per team: ``demand * 365.25 * sum_t (touch_t with p - touch_t without p) *
hourly_cost_t`` over the teams that declare ``hourly_cost``; ``None`` when no
team whose touch time changes declares one.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from processwalk.analysis.chain import Chain, build, handed_over
from processwalk.analysis.figures import Basic, basic, difference
from processwalk.model import Process
from processwalk.transform import passes, used_policies, without_policy
from processwalk.units import DAYS_PER_YEAR

_TINY = 1e-12


@dataclass(frozen=True)
class PolicyFriction:
    """What policy ``p`` adds per case (``with - without``), and per year."""

    lead_time_h: float
    touch_time_h: float
    refusals: float
    handoffs: float
    approvals: float
    customer_days_per_year: float | None
    staff_hours_per_year: float | None
    cost_per_year: float | None


def policy_friction(process: Process, with_all: Basic | None = None,
                    chain: Chain | None = None) -> dict[str, PolicyFriction]:
    """Friction of every policy used by ``process`` (give its chain and figures to reuse their solves)."""
    chain = chain or build(process)
    with_all = with_all or Basic.of(chain)
    index = _Index.of(process)
    return {p: friction(process, with_all, without_quickly(chain, p, index) or basic(without_policy(process, p)))
            for p in used_policies(process)}


class _Index(NamedTuple):
    """Where the policies of a process act, and which steps lead into each step: made once for all
    its policies."""

    governed: Mapping[str, list[str]]
    causing: frozenset[str]
    feeding: Mapping[str, list[str]]

    @classmethod
    def of(cls, process: Process) -> _Index:
        governed: dict[str, list[str]] = defaultdict(list)
        feeding: dict[str, list[str]] = defaultdict(list)
        causing: set[str] = set()
        for s, step in process.steps.items():
            if not step.is_end:
                for policy in step.policies:
                    governed[policy].append(s)
            for b in step.next:
                feeding[b.to].append(s)
                if b.policy:
                    causing.add(b.policy)
        return cls(governed, frozenset(causing), feeding)


def together(process: Process, with_all: Basic) -> PolicyFriction | None:
    """What all the policies of ``process`` add **together**: the process with them minus the
    process without every one of them (each taken away by :func:`without_policy`, one after the
    other in catalog order).  Each policy's own friction keeps the others in place, so those
    frictions overlap and do not add up to this; None when no policy is used."""
    used = used_policies(process)
    if not used:
        return None
    without = process
    for policy in used:
        without = without_policy(without, policy)
    return friction(process, with_all, basic(without))


def without_quickly(chain: Chain, policy: str, index: _Index | None = None) -> Basic | None:
    """The figures of the process as if ``policy`` did not exist, by a low-rank update of its chain.

    For the usual case only: the policy governs steps but not the start, causes no
    branch, and no governed step passes cases to another; the chain is dense.  Each bypassed step then
    stays in the chain as a stop of no time whose row is its non-refusal branches,
    renormalized: cases go through it exactly where the bypass would send them, so
    every other step's visits are those of :func:`without_policy`; its own visits,
    time, approvals and handoffs are left out, and a step handing a case to it hands
    it, for the handoff count, to where it leads.  None in any other case, and when
    the update would leave cases no way out (:func:`without_policy` then decides).
    """
    process = chain.process
    steps = process.steps
    index = index or _Index.of(process)
    governed = index.governed.get(policy, [])
    if not governed or process.start in governed or chain.start < 0 or not chain.factor.dense:
        return None
    if policy in index.causing:
        return None
    leads = {s: out for s in governed if (out := passes(steps[s]))}
    if not leads or any(t in leads for out in leads.values() for t in out):
        return None
    rows = [chain.index[s] for s in leads]
    found = chain.visits_with(rows, chain.row_changes(rows, list(leads.values())))
    if found is None:
        return None
    visits, ended = found
    gone = np.zeros(chain.n, dtype=bool)
    gone[rows] = True
    handoffs = chain.handoff_probability.copy()
    handoffs[gone] = 0.0
    for s in {s for target in leads for s in index.feeding.get(target, ())}:
        i = chain.index[s]
        if not gone[i]:
            handoffs[i] = handed_over(steps[s].team, [(b.p * p, t) for b in steps[s].next
                                                     for t, p in (leads[b.to].items() if b.to in leads
                                                                  else ((b.to, 1.0),))],
                                      steps, chain.index)
    kept = {s: float(v) for s, v, out in zip(chain.transient, visits, gone) if not out}
    kept.update({s: float(v) for s, v in zip(chain.ends, ended)})
    return Basic.add_up((step for s, step in steps.items() if s in kept), kept,
                        handoffs=float(visits @ handoffs),
                        refusals=float(visits @ np.where(gone, 0.0, chain.p_refusal)))


def friction(process: Process, before: Basic, after: Basic) -> PolicyFriction:
    lead = difference(before.lead_time_h, after.lead_time_h)
    touch = difference(before.touch_time_h, after.touch_time_h)
    per_year = process.demand_per_day * DAYS_PER_YEAR if process.demand_per_day is not None else None
    return PolicyFriction(
        lead_time_h=lead,
        touch_time_h=touch,
        refusals=difference(before.refusals, after.refusals),
        handoffs=difference(before.handoffs, after.handoffs),
        approvals=difference(before.approvals, after.approvals),
        customer_days_per_year=per_year * lead / 24 if per_year is not None else None,
        staff_hours_per_year=per_year * touch if per_year is not None else None,
        cost_per_year=_cost(process, before, after, per_year),
    )


def _cost(process: Process, before: Basic, after: Basic, per_year: float | None) -> float | None:
    teams = dict.fromkeys([*before.touch_by_team_h, *after.touch_by_team_h])  # in walk order, not hash order
    changed = {t: before.touch_by_team_h.get(t, 0.0) - after.touch_by_team_h.get(t, 0.0) for t in teams}
    priced = [(d, process.teams[t].hourly_cost) for t, d in changed.items()
              if abs(d) > _TINY and t in process.teams and process.teams[t].hourly_cost is not None]
    if per_year is None or not priced:
        return None
    return per_year * math.fsum(d * (cost or 0.0) for d, cost in priced)


