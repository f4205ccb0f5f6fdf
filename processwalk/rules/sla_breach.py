"""The expected lead time, or the simulated 85th percentile, exceeds the process ``sla``.

Why it matters: the ``sla`` is what the customer was promised.  When the average
case misses it, the promise is fiction; when one case in seven misses it
(the 85th percentile), a large group of customers chase, call again and complain.

Thresholds: none (the process's ``sla`` is the threshold).

Remedy: none of its own: the promise is kept by the remedies of the other findings
(``whatif --suggest`` evaluates them, and the best together).

Failing (a lead time of 44 days against ``sla: 10d``)::

    sla: 10d
    post: {team: back, wait: 44d, next: done}

Passing (a lead time of 4 days, its simulated 85th percentile under 10 days)::

    sla: 10d
    post: {team: back, wait: 4d, next: done}

The simulated percentile is only computed when the expected lead time keeps the promise; in a
what-if scenario, not for a process no case of which can be slower than at the baseline when the
baseline's percentile keeps it (the same seed draws the same cases, each no longer).
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.formatting import format_against, format_together, unit_for
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, impact, percent, process_owner

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "sla-breach"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    process, sla = walk.process, walk.process.sla_h
    if sla is None:
        return
    lead = walk.figures.lead_time_h
    if lead > sla:
        took, promised = format_against(lead, sla, settings.unit)
        message = f"lead time {took} against a promise of {promised}"
        why = f"Why do we promise '{process.title}' in {promised} when it takes {took} on average?"
        evidence: dict[str, float | str | None] = {"lead_time_h": lead, "sla_h": sla}
    else:
        # Only now is the simulated distribution needed: it is the costly figure (and a scenario's
        # walk no slower than its baseline's keeps the promise without it when the baseline does).
        if walk.p85_within(sla):
            return
        sim = walk.simulation
        late = percent(sim.share_over_sla or 0.0)
        took, promised, p85 = format_together(lead, sla, sim.p85_h, unit=settings.unit or unit_for(sla))
        message = (f"lead time {took} keeps the promise of {promised} on average, but the "
                   f"85th percentile is {p85}: {late} of cases are late")
        why = (f"Why do {late} of customers of '{process.title}' wait longer than the {promised} we "
               f"promise, {p85} or more for one in seven?")
        evidence = {"lead_time_h": lead, "p85_h": sim.p85_h, "sla_h": sla, "share_over_sla": sim.share_over_sla}
    yield finding(
        walk, sys.modules[__name__], settings, place="process", at=process.id, location=process.location,
        message=message, why=why, ask=process_owner(process), evidence=evidence,
        impact=impact(process, customer_h=max(lead - sla, 0.0)),
    )
