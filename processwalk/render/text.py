"""The compact text summary of ``processwalk analyze``: one block per process, findings ranked."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.formatting import LEAD, WORK, PageUnits, share

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.assess import Assessment
    from processwalk.portfolio import Portfolio


def summary(assessment: Assessment) -> str:
    settings = assessment.config.rules.get("bottleneck")
    warning = settings["warning"] if settings is not None else 0.85
    currency = assessment.config.display.currency
    units = page_units(assessment.walks, assessment.config.display.unit)
    blocks = [_process(p.walk, p.findings, warning, currency, units) for p in assessment.processes]
    if len(assessment.processes) > 1:
        blocks.append(_portfolio(assessment.portfolio, assessment.portfolio_findings, currency))
    return "\n\n".join(blocks) + "\n"


def impact(finding: Finding, currency: str | None = None) -> str:
    parts = []
    if finding.impact.customer_days_per_year:
        parts.append(f"{finding.impact.customer_days_per_year:,.0f} customer-days/yr")
    if finding.impact.staff_hours_per_year:
        parts.append(f"{finding.impact.staff_hours_per_year:,.0f} staff-hours/yr")
    if finding.impact.cost_per_year:
        parts.append(f"cost {finding.impact.cost_per_year:,.0f}{' ' + currency if currency else ''}/yr")
    return "; ".join(parts)


def page_units(walks: Sequence[Walk], unit: str | None = None) -> PageUnits:
    """One unit for every lead time of the summary (mean, simulated percentiles, promise), one for
    the touch times: those that suit the largest over every process, or the configured ``unit``."""
    return PageUnits.of({LEAD: [h for w in walks for h in (w.figures.lead_time_h, w.simulation.p50_h, w.simulation.p85_h,
                                                          w.simulation.p95_h, w.process.sla_h)],
                         WORK: [w.figures.touch_time_h for w in walks]}, unit)


def _process(walk: Walk, findings: tuple[Finding, ...], warning: float, currency: str | None,
             units: PageUnits | None = None) -> str:
    return "\n".join([*_figures(walk, warning, units or PageUnits()), *_findings(findings, currency)])


def _figures(walk: Walk, warning: float, units: PageUnits) -> Iterator[str]:
    p, f, sim = walk.process, walk.figures, walk.simulation

    def lead(hours: float | None) -> str:
        return units.show(hours, LEAD)

    yield f"{p.id}: {p.title}  ({p.file})"
    sla = f"; sla {lead(p.sla_h)}, {share(sim.share_over_sla)} of cases late" if p.sla_h else ""
    simulated = (f"simulated p50 {lead(sim.p50_h)}, p85 {lead(sim.p85_h)}, "
                 f"p95 {lead(sim.p95_h)}" if sim.cases else sim.note or "not simulated")
    if not sim.cases:
        sla = f"; sla {lead(p.sla_h)}" if p.sla_h else ""
    yield f"  lead time {lead(f.lead_time_h)} ({simulated}){sla}"
    if sim.note and sim.cases:
        yield f"  simulation: {sim.note}"
    yield (f"  touch time {units.show(f.touch_time_h, WORK)}, flow efficiency {share(f.flow_efficiency)}; "
           f"handoffs {f.handoffs:.2f}, approvals {f.approvals:.2f}, ping-pong {f.ping_pong:.2f}")
    yield (f"  refusals {f.refusals:.2f}, first-pass yield {share(f.first_pass_yield)}, "
           f"refused twice or more {share(f.p_refused_twice)}; contacts {f.contacts:.2f}, "
           f"repeat contacts {f.repeat_contacts:.2f} ({share(f.failure_demand_share)} failure demand)")
    outcomes = ", ".join(f"{k} {share(v)}" for k, v in f.outcomes.items())
    yield f"  teams met {f.teams_touched:.1f}, systems met {f.systems_touched:.1f}; outcomes: {outcomes}"
    yield f"  {_bottleneck(walk, warning)}"


def _bottleneck(walk: Walk, warning: float) -> str:
    if walk.bottleneck is None:
        return "bottleneck: not declared (needs demand and staff)"
    load = walk.teams[walk.bottleneck]
    most = walk.capacity.max_demand_per_day
    word = "bottleneck" if load.utilization is not None and load.utilization >= warning else "busiest team"
    return (f"{word}: {walk.process.teams[walk.bottleneck].name} at {share(load.utilization)} "
            f"(the process can take at most {most:,.0f} cases a day)" if most else "")


def _findings(findings: tuple[Finding, ...], currency: str | None) -> Iterator[str]:
    open_ = [f for f in findings if not f.answered]
    answered = len(findings) - len(open_)
    yield f"  findings: {len(open_)}" + (f" (+{answered} answered)" if answered else "")
    for finding in open_:
        yield f"    {finding.location}: [{finding.severity}] {finding.message} ({finding.rule})"
        cost = impact(finding, currency)
        yield f"      why? {finding.why}" + (f"  [ask: {finding.ask}]" if finding.ask else "")
        if cost:
            yield f"      impact: {cost}"


def _portfolio(portfolio: Portfolio, findings: tuple[Finding, ...], currency: str | None) -> str:
    lines = ["portfolio: shared teams"]
    for total in portfolio.teams.values():
        if len(total.processes) > 1:
            lines.append(f"  {total.team.name}: {share(total.utilization)} from {len(total.processes)} processes "
                         f"({total.load_h_per_day:.1f} h/day for {total.capacity_h_per_day or 0:.1f} h)")
    return "\n".join([*lines, *_findings(findings, currency)])
