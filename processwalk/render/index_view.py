"""The portfolio index as a view record: the processes ranked by customer-days waiting, the
policies and teams across processes, the findings only the portfolio shows, the totals, the what-if
summary and the best moves.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from processwalk.formatting import (
    LEAD,
    NOT_DECLARED,
    PageUnits,
    added_by,
    big,
    money,
    pct,
)
from processwalk.portfolio import TOGETHER, Portfolio
from processwalk.render import moves_view, whatif_view
from processwalk.render.process_view import (
    NOT_ADDED,
    bottleneck_warning,
    hotspot,
    page_units,
    policy_score,
    portfolio_where,
    team_label,
    team_word,
    tone_of,
    unmatched_row,
    worth_of,
)
from processwalk.render.views import Figure, IndexView, PolicyRow, ProcessRow, TeamRow
from processwalk.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.assess import Assessed, Assessment
    from processwalk.suggest import Suggestion
    from processwalk.whatif import Evaluation


#: process id -> (page file, process title)
Pages = Mapping[str, "tuple[str, str]"]


def index_view(assessment: Assessment, names: Mapping[str, str], evaluation: Evaluation | None = None,
               suggestion: Suggestion | None = None) -> IndexView:
    portfolio = assessment.portfolio
    ranked = sorted(assessment.processes, key=lambda p: (-_waiting(p.walk), p.walk.process.title))
    units = page_units(assessment.walks, None, assessment.config.display.unit)
    rows = [process_row(p, names[p.id], units) for p in ranked]
    currency = assessment.config.display.currency
    found = [f for f in assessment.portfolio_findings if not f.answered]
    top = max((f.impact.score for f in found), default=0.0)
    pages = {w.process.id: (f"{names[w.process.id]}.html", w.process.title) for w in assessment.walks}
    detail, name = _org_bottleneck(portfolio, pages)
    worth = moves_view.worths(suggestion, currency, units) if suggestion else None
    return IndexView(
        processes=tuple(rows), policies=tuple(portfolio_policies(portfolio, pages, currency)),
        together=portfolio_together(portfolio, pages, currency),
        teams=tuple(portfolio_teams(portfolio, pages, bottleneck_warning(assessment))),
        bottleneck=name, bottleneck_detail=detail,
        bottleneck_label=team_word(portfolio.bottleneck.utilization if portfolio.bottleneck else None,
                                   bottleneck_warning(assessment)),
        findings=tuple(hotspot(None, f, i + 1, top, portfolio_where(assessment.walks, f), currency, worth_of(worth, f))
                       for i, f in enumerate(found)),
        unmatched=tuple(unmatched_row(u.answer, u.expired) for u in assessment.unmatched),
        totals=tuple(_totals(assessment)),
        whatif=whatif_view.portfolio(evaluation, currency) if evaluation else None,
        moves=moves_view.moves(suggestion, pages, currency, units=units) if suggestion else None,
    )


def _waiting(walk: Walk) -> float:
    """Customer-days a year spent waiting, not worked on: demand x 365.25 x (lead - touch) / 24."""
    demand = walk.process.demand_per_day
    if demand is None:
        return -1.0
    return demand * DAYS_PER_YEAR * (walk.figures.lead_time_h - walk.figures.touch_time_h) / 24


def process_row(assessed: Assessed, slug: str, units: PageUnits | None = None) -> ProcessRow:
    """A process in the index; its lead times in the index page's ``units``."""
    walk, open_findings, units = assessed.walk, assessed.open, units or PageUnits()
    process, f, sim = walk.process, walk.figures, walk.simulation
    waiting = _waiting(walk)
    late = process.sla_h is not None and f.lead_time_h > process.sla_h
    return ProcessRow(
        slug=slug, title=process.title, owner=process.owner or NOT_DECLARED, lead_time=units.show(f.lead_time_h, LEAD),
        p85=units.show(sim.p85_h, LEAD), sla=units.show(process.sla_h, LEAD), over_sla=pct(sim.share_over_sla),
        waiting_days=big(waiting) if waiting >= 0 else NOT_DECLARED, hotspots=len(open_findings),
        top_question=open_findings[0].why if open_findings else "",
        bottleneck=team_label(process, walk.bottleneck) if walk.bottleneck else NOT_DECLARED,
        tone="bad" if late else "",
    )


def portfolio_together(portfolio: Portfolio, pages: Pages, currency: str | None = None) -> PolicyRow | None:
    """The joint friction of every policy over the portfolio, when two or more policies are followed."""
    p = portfolio.policies_together
    if p is None or len(portfolio.policies) < 2:
        return None
    return PolicyRow(id=TOGETHER, title=f"All {len(portfolio.policies)} policies together", owner="", why=NOT_ADDED,
                     review="", stale=False, lead_time="", refusals="", handoffs="", approvals="",
                     customer_days=added_by(p.customer_days_per_year, big),
                     staff_hours=added_by(p.staff_hours_per_year, big), cost=money(p.cost_per_year, currency),
                     processes=tuple(pages[i] for i in p.processes if i in pages))


def portfolio_policies(portfolio: Portfolio, pages: Pages, currency: str | None = None) -> Iterator[PolicyRow]:
    ranked = sorted(portfolio.policies.values(),
                    key=lambda p: (-policy_score(p.customer_days_per_year, p.staff_hours_per_year), p.policy_id))
    for p in ranked:
        yield PolicyRow(id=p.policy_id, title=p.title, owner=p.owner or "no owner named", why="", review="",
                        stale=False, lead_time="", refusals="", handoffs="", approvals="",
                        customer_days=added_by(p.customer_days_per_year, big),
                        staff_hours=added_by(p.staff_hours_per_year, big),
                        cost=money(p.cost_per_year, currency), processes=tuple(pages[i] for i in p.processes if i in pages))


def portfolio_teams(portfolio: Portfolio, pages: Pages, warning: float = 0.85) -> Iterator[TeamRow]:
    ranked = sorted(portfolio.teams.values(), key=lambda t: (-(t.utilization or 0.0), t.team.id))
    top = portfolio.bottleneck
    for t in ranked:
        util = t.utilization
        yield TeamRow(t.team.name, big(t.load_h_per_day), big(t.capacity_h_per_day), pct(util),
                      tone_of(util) if util is not None else "muted",
                      top is not None and t.team.id == top.team.id and util is not None and util >= warning,
                      tuple(pages[i] for i in t.processes if i in pages))


def _org_bottleneck(portfolio: Portfolio, pages: Pages) -> tuple[str, str]:
    top = portfolio.bottleneck
    if top is None or top.utilization is None:
        return "needs demand and each team's staff", NOT_DECLARED
    main = max(top.load_by_process.items(), key=lambda item: (item[1], item[0]))
    share = pct(main[1] / top.load_h_per_day) if top.load_h_per_day else NOT_DECLARED
    title = pages[main[0]][1] if main[0] in pages else main[0]
    detail = (f"{pct(top.utilization)} busy, fed by {len(top.load_by_process)} process(es); "
              f"{share} of its load from \u2018{title}\u2019")
    return detail, top.team.name


def _totals(assessment: Assessment) -> Iterator[Figure]:
    walks = assessment.walks
    waiting = sum(max(0.0, _waiting(w)) for w in walks)
    open_count = sum(1 for f in assessment.findings if not f.answered)
    late = sum(1 for w in walks if w.process.sla_h is not None and w.figures.lead_time_h > w.process.sla_h)
    together = assessment.portfolio.policies_together
    yield Figure("processes", "Processes", str(len(walks)), f"{late} miss their promise on average",
                 "Processes walked in this report.", "warn" if late else "")
    yield Figure("waiting", "Customer-days waiting", big(waiting), "a year, in all processes",
                 "Demand \u00d7 (lead time \u2212 touch time): time customers wait while nobody works on their case.")
    yield Figure("policy", "Added by all policies together",
                 added_by(together.customer_days_per_year, big) if together else NOT_DECLARED,
                 "customer-days a year, all removed at once",
                 "The processes as walked against the same processes without every policy at once. "
                 f"Each policy's own figure keeps the others in place: {NOT_ADDED}.")
    yield Figure("hotspots", "Open whys", str(open_count), "hotspots without an answer",
                 "Findings no owner has answered yet.", "warn" if open_count else "")
