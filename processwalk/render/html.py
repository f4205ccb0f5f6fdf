"""The HTML report: one self-contained page per process and a portfolio ``index.html``.

Data flows ``Assessment`` -> view records (:mod:`~processwalk.render.views`, built by
:mod:`~processwalk.render.process_view` and :mod:`~processwalk.render.index_view`, shared with
:mod:`~processwalk.render.markdown`) -> a template context (a ``TypedDict``, here) -> Jinja
templates from the package ``processwalk.templates`` (:func:`~processwalk.render.jinja.get_env`,
autoescape on) -> text.  This module holds the pages: their contexts, charts and the files of a
report.

Self-contained: the CSS is inlined from ``report.css``, the diagram and charts are
inline SVG, nothing is fetched and no script runs, so a page reads from
``file://``, travels as an e-mail attachment and prints.  Reproducible: no
clock, no random ids; the simulation is seeded; numbers are formatted by :mod:`processwalk.formatting`.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict

from markupsafe import Markup

from processwalk import __version__
from processwalk.findings import Finding
from processwalk.formatting import LEAD, PageUnits, big, pct
from processwalk.portfolio import Portfolio
from processwalk.render import charts, diagram, whatif_view
from processwalk.render.index_view import index_view
from processwalk.render.jinja import get_env
from processwalk.render.process_view import process_view, team_label, tone_of
from processwalk.render.views import CARDS, IndexView, ProcessView

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.assess import Assessment
    from processwalk.suggest import Suggestion
    from processwalk.whatif import Evaluation


#: a diagram wider than this (points) scrolls instead of shrinking to the page
FIT_WIDTH_PT = 1100
#: the portfolio page's file name (without extension); no process page takes it
INDEX = "index"


def slugs(walks: Sequence[Walk]) -> dict[str, str]:
    """A file name (without extension) per process id; never ``index``, never twice the same."""
    taken: set[str] = {INDEX}
    out: dict[str, str] = {}
    for walk in walks:
        base = walk.process.id
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out[walk.process.id] = slug
    return out


class PageContext(TypedDict):
    page_title: str
    css: Markup
    generator: str
    index_href: str


class ProcessContext(PageContext):
    view: ProcessView
    diagram: Markup
    diagram_scroll: bool
    team_chart: Markup
    distribution_chart: Markup
    #: the "declared vs actual" section, when the report was given an event log
    calibration: Markup
    whatif_chart: Markup
    overlay_chart: Markup


class IndexContext(PageContext):
    view: IndexView
    team_chart: Markup
    #: how many hotspots a process page shows as cards (the ones whose remedies the report prices)
    cards: int


def _page(title: str) -> PageContext:
    css = Markup(get_env().get_template("report.css").render())  # static: no user text
    return PageContext(page_title=title, css=css, index_href=f"{INDEX}.html",
                       generator=f"processwalk {__version__}; graphviz {diagram.graphviz_version()}")


def process_page(view: ProcessView, calibration: str = "") -> str:
    svg = diagram.svg(view.walk.process, view.heat, {s: v.visits for s, v in view.walk.steps.items()})
    context = ProcessContext(
        **_page(view.title),
        view=view,
        diagram=Markup(svg.markup),  # built and checked by processwalk.render.diagram
        diagram_scroll=svg.width_pt > FIT_WIDTH_PT,
        team_chart=Markup(team_chart(view.walk)),
        distribution_chart=Markup(distribution_chart(view.walk, view.units)),
        calibration=Markup(calibration),  # rendered autoescaped by processwalk.render.calibration
        whatif_chart=Markup(whatif_view.lead_chart(view.whatif) if view.whatif else ""),  # labels escaped by charts
        overlay_chart=Markup(whatif_view.overlay_chart(view.whatif) if view.whatif else ""),
    )
    return get_env().get_template("process.html.j2").render(context)


def index_page(view: IndexView, portfolio: Portfolio) -> str:
    context = IndexContext(**_page("Process portfolio"), view=view,
                           team_chart=Markup(portfolio_team_chart(portfolio)), cards=CARDS)
    return get_env().get_template("index.html.j2").render(context)


def team_chart(walk: Walk) -> str:
    loaded = [t for t in walk.teams.values() if t.utilization is not None]
    if not loaded:
        return ""
    rows = [charts.Bar(team_label(walk.process, t.team), t.utilization or 0.0,
                       f"{pct(t.utilization)} of {big(t.capacity_h_per_day)} h", tone_of(t.utilization or 0.0),
                       f"{big(t.load_h_per_day)} of {big(t.capacity_h_per_day)} staff-hours a day")
            for t in sorted(loaded, key=lambda t: (-(t.utilization or 0.0), t.team))]
    return charts.bars(rows, title="Team utilization", maximum=1.0,
                       markers=[charts.Marker(0.85, "85%", "warn"), charts.Marker(1.0, "100%", "bad")])


def portfolio_team_chart(portfolio: Portfolio) -> str:
    loaded = [t for t in portfolio.teams.values() if t.utilization is not None]
    rows = [charts.Bar(t.team.name, t.utilization or 0.0, f"{pct(t.utilization)} of {big(t.capacity_h_per_day)} h",
                       tone_of(t.utilization or 0.0), f"used by {', '.join(t.processes)}")
            for t in sorted(loaded, key=lambda t: (-(t.utilization or 0.0), t.team.id))]
    if not rows:
        return ""
    return charts.bars(rows, title="Team utilization across processes", maximum=1.0,
                       markers=[charts.Marker(0.85, "85%", "warn"), charts.Marker(1.0, "100%", "bad")])


def distribution_chart(walk: Walk, units: PageUnits | None = None) -> str:
    sim, process = walk.simulation, walk.process
    if not all(math.isfinite(x) for x in (sim.p50_h, sim.p85_h, sim.p95_h)):
        return ""
    shown = units or PageUnits()

    def hours(value: float | None) -> str:  # every time on the chart is a lead time
        return shown.show(value, LEAD)

    markers = [charts.Marker(walk.figures.lead_time_h, f"mean {hours(walk.figures.lead_time_h)}", "ok")]
    if process.sla_h is not None:
        markers.append(charts.Marker(process.sla_h, f"promise {hours(process.sla_h)}", "bad"))
    bins = _bins(walk)
    if bins:
        percentiles = [charts.Marker(v, f"{name} {hours(v)}") for name, v in
                       (("p50", sim.p50_h), ("p85", sim.p85_h), ("p95", sim.p95_h))]
        top = bins[-1].high
        axis = [(top * i / 4, hours(top * i / 4)) for i in range(5)]
        last = bins[-1]
        overflow = f"last bar: {hours(last.low)} and longer, {pct(last.count / total)} of cases" if (
            total := sum(b.count for b in bins)) else ""
        return charts.histogram(bins, title="Simulated lead time of each case",
                                markers=[*percentiles, *markers], axis=axis, overflow=overflow)
    return charts.spread(p50=sim.p50_h, p85=sim.p85_h, p95=sim.p95_h, title="Simulated lead time",
                         markers=markers, fmt={sim.p50_h: hours(sim.p50_h), sim.p85_h: hours(sim.p85_h),
                                               sim.p95_h: hours(sim.p95_h)})


def _bins(walk: Walk) -> list[charts.Bin]:
    """The simulated lead times as bins (none when the simulation was skipped)."""
    return [charts.Bin(lo, hi, n) for lo, hi, n in walk.simulation.histogram]


def priced(assessment: Assessment) -> tuple[Finding, ...]:
    """The findings whose remedies a report prices: the hotspot cards of its pages, which are each
    process's first :data:`~processwalk.render.views.CARDS` open findings and every open finding
    across processes.  The rest of a page lists its findings without a worth; ``whatif --suggest``
    prices every one (a large process has scores of findings, each remedy a scenario to evaluate)."""
    return (*(f for p in assessment.processes for f in p.open[:CARDS]),
            *(f for f in assessment.portfolio_findings if not f.answered))


def render(assessment: Assessment, calibrations: Mapping[str, str] | None = None,
           evaluation: Evaluation | None = None, suggestion: Suggestion | None = None) -> dict[str, str]:
    """Every page of the report: file name -> HTML.  ``calibrations`` maps a process id to its
    "declared vs actual" section; ``evaluation`` gives the "What if" sections and the waits taken apart;
    ``suggestion`` the ranked moves (each hotspot's remedy and the index's best moves)."""
    names, extra = slugs(assessment.walks), calibrations or {}
    pages = {f"{names[p.id]}.html": process_page(process_view(assessment, p, names[p.id], evaluation, suggestion),
                                                 extra.get(p.id, ""))
             for p in assessment.processes}
    pages[f"{INDEX}.html"] = index_page(index_view(assessment, names, evaluation, suggestion),
                                        assessment.portfolio)
    return pages
