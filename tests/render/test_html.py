"""The HTML report: formatting, view records, charts, escaping and self-containment of the pages."""
from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from processwalk import formatting
from processwalk.analysis.simulate import Simulation
from processwalk.analysis.walk import Walk
from processwalk.assess import Assessment, assess
from processwalk.config import load_config
from processwalk.errors import Location
from processwalk.findings import Finding, Impact
from processwalk.render import charts, html, index_view, process_view, views

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@pytest.fixture(scope="module")
def examples() -> Assessment:
    return assess([str(ROOT / "processes")], load_config(None, TODAY), cases=2_000)


@pytest.fixture(scope="module")
def hostile() -> Assessment:
    return assess([str(ROOT / "tests" / "data" / "hostile" / "hostile.yaml")], load_config(None, TODAY), cases=2_000)


def test_evidence_reads_as_words() -> None:
    assert list(process_view.evidence(None, {"wait_h": 48.0, "share_of_lead_time": 0.5, "visits": 0.95, "open": 5400,
                                     "little_age_d": 47.375, "missing": "why", "p_refused_twice": 0.18,
                                     "sla_h": None, "days_overdue": 2461.0})) == [
        ("wait per visit", "2.0d"), ("share of the lead time over all visits", "50%"), ("passes per case", "0.95"), ("open items", "5,400"),
        ("age by Little's law", "47.4d"), ("missing", "why"), ("refused twice or more", "18%"),
        ("promise", "not declared"), ("days overdue", "2,461")]


def test_impact_text() -> None:
    def f(impact: Impact) -> Finding:
        return Finding("r", "warning", "p", "process", "p", Location("f"), "m", "w", impact=impact)

    assert process_view.impact_text(f(Impact(1_500_000, 844.2, 42_665.2))) == (
        "1.50 M customer-days a year \u00b7 844 staff-hours a year \u00b7 cost 42,665 a year")
    assert process_view.impact_text(f(Impact())) == "no yearly figure"


# --- views -------------------------------------------------------------------------------------


def test_headline_figures_of_billing_credit(examples: Assessment) -> None:
    walk = examples.by_id["billing-credit"].walk
    figures = {f.key: f for f in process_view.headline(walk)}
    assert list(figures) == ["lead_time", "touch_time", "handoffs", "approvals", "first_pass_yield",
                             "repeat_contacts", "bottleneck"]
    assert figures["lead_time"].value == "44.4d" and figures["lead_time"].tone == "bad"
    assert figures["lead_time"].detail.startswith("p85 ")
    assert figures["bottleneck"].value == "Back office (billing, refunds, account investigations)"
    assert figures["bottleneck"].detail == "43% busy \u00b7 takes at most 280 cases a day"
    assert all(f.definition for f in figures.values())


def test_process_view_ranks_hotspots_and_keeps_the_answered_apart(hostile: Assessment) -> None:
    view = process_view.process_view(hostile, hostile.processes[0], "hostile-names")
    assert [h.rank for h in view.hotspots] == list(range(1, len(view.hotspots) + 1))
    assert view.hotspots[0].level == "high"
    assert [h.rule for h in view.answered] == ["policy-stale"]
    assert view.answered[0].answer.startswith("<script>")  # raw here; the template escapes
    assert view.cards == view.hotspots[:views.CARDS] and view.more == view.hotspots[views.CARDS:]


def test_slugs_never_collide_with_each_other_or_the_index(examples: Assessment) -> None:
    walks = list(examples.walks)
    names = html.slugs(walks)
    assert names["billing-credit"] == "billing-credit" and len(set(names.values())) == len(walks)
    assert "index" not in names.values()


def test_index_ranks_processes_by_customer_days_waiting(examples: Assessment) -> None:
    view = index_view.index_view(examples, html.slugs(list(examples.walks)))
    assert view.processes[0].slug == "billing-credit"
    waiting = [float(p.waiting_days.replace(",", "").replace(" M", "e6")) for p in view.processes]
    assert waiting == sorted(waiting, reverse=True)
    assert view.bottleneck == "Back office (billing, refunds, account investigations)"
    assert view.teams[0].bottleneck and view.teams[0].name == view.bottleneck
    assert [t.name for t in view.teams if t.utilization == "not declared"] == [
        "IVR and phone self-service (automated, no staff)", "Website self-service (automated, no staff)"]


# --- charts ------------------------------------------------------------------------------------


def test_bars_are_valid_escaped_svg() -> None:
    svg = charts.bars([charts.Bar("<script>x</script>", 0.5, "50%", "warn"), charts.Bar("B", 1.2, "120%", "bad")],
                      title="T & U", maximum=1.0, markers=[charts.Marker(1.0, "100%", "bad")])
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 960 92"
    assert "&lt;script&gt;x&lt;/script&gt;" in svg and "T &amp; U" in svg
    assert not [e for e in root.iter() if e.tag.endswith("script")]


def test_histogram() -> None:
    bins = [charts.Bin(0, 1, 1), charts.Bin(1, 2, 2), charts.Bin(2, 3, 0), charts.Bin(3, 4, 2)]
    svg = charts.histogram(bins, title="H", markers=[charts.Marker(2.0, "p50 2h")], axis=[(0.0, "0"), (4.0, "4h")])
    assert ET.fromstring(svg).get("viewBox") == "0 0 960 260"
    assert svg.count("<rect ") == 4
    assert ">" + "3h and longer" + "<" not in svg  # no overflow label unless asked for
    # at the last bar's right edge (16 + 928 = 944), above it but kept inside the plot (34 + 10 = 44)
    labelled = charts.histogram(bins, title="H", overflow="3h and longer")
    assert '<text x="944" y="44" text-anchor="end" font-size="11" fill="#1f2933">3h and longer</text>' in labelled


def test_spread_without_a_sample() -> None:
    svg = charts.spread(p50=1.0, p85=2.0, p95=3.0, title="S", markers=[charts.Marker(2.5, "promise")],
                        fmt={1.0: "1h", 2.0: "2h", 3.0: "3h"})
    assert "p50 1h" in svg and "p95 3h" in svg and "promise" in svg
    ET.fromstring(svg)


# --- pages -------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Collects what a page would load or run."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in ("href", "xlink:href"):
                self.links.append(value or "")
            if name in ("src", "srcset", "data", "action", "poster"):
                self.sources.append(value or "")
            if name == "id":
                self.ids.append(value or "")


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@needs_dot
def test_a_process_page_is_self_contained(examples: Assessment) -> None:
    text = html.process_page(process_view.process_view(examples, examples.by_id["billing-credit"], "billing-credit"))
    page = parse(text)
    assert "script" not in page.tags and not page.handlers and not page.sources
    assert {link for link in page.links if not link.startswith("#")} == {"index.html"}
    assert "<style>" in text and "@media print" in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    assert "https://" not in text
    assert len(page.ids) == len(set(page.ids))


@needs_dot
def test_sections_come_in_the_order_an_executive_reads(examples: Assessment) -> None:
    text = html.process_page(process_view.process_view(examples, examples.by_id["refund-sendback"], "refund-sendback"))
    sections = ["summary", "hotspots", "diagram", "policies", "teams", "backlogs", "distribution", "walk",
                "answered", "method"]
    positions = [text.index(f'<section id="{s}">') for s in sections]
    assert positions == sorted(positions)
    assert text.count('<article class="card') >= views.CARDS


@needs_dot
def test_hostile_names_are_text_everywhere(hostile: Assessment) -> None:
    pages = html.render(hostile)
    assert sorted(pages) == ["hostile-names.html", "index.html"]
    for name, text in pages.items():
        page = parse(text)
        assert "script" not in page.tags, name
        assert "img" not in page.tags and "iframe" not in page.tags and "svg" in page.tags, name
        assert not page.handlers and not page.sources, name
        assert not [link for link in page.links if link.lower().startswith("javascript")], name
    process = pages["hostile-names.html"]
    assert ("<title>&lt;script&gt;document.title=&#39;pwned-title&#39;&lt;/script&gt; Customer asks "
            "&#34;why?&#34; {x} [y] | z \u00b7 processwalk</title>") in process
    assert "&lt;/style&gt;&lt;script&gt;document.title=&#39;pwned-description&#39;" in process
    assert "{{ jinja }} and {% raw %}" in process  # user text is data, never template source


# --- what a sparse process shows -----------------------------------------------------------------

SPARSE = """\
process: sparse
title: A process that declares little
start: ask
teams:
  desk: {name: Desk}
policies:
  rule: {title: A rule, reviewed: 2020-01-01}
steps:
  ask:
    team: desk
    policy: rule
    work: 10m
    next:
      - {to: done, p: 0.9}
      - {to: ask, p: 0.1, refusal: true}
  done: {kind: end}
"""


@pytest.fixture(scope="module")
def sparse(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    path = tmp_path_factory.mktemp("sparse") / "sparse.yaml"
    path.write_text(SPARSE, encoding="utf-8")
    return assess([str(path)], load_config(None, TODAY), cases=500)


def test_figures_that_need_demand_or_staff_say_not_declared(sparse: Assessment) -> None:
    walk = sparse.walks[0]
    view = process_view.process_view(sparse, sparse.processes[0], "sparse")
    bottleneck = view.figures[-1]
    assert (bottleneck.value, bottleneck.detail) == ("not declared", "needs demand and each team's staff")
    assert view.policies[0].review == "reviewed 2020-01-01" and view.policies[0].customer_days == "not declared"
    assert view.undeclared_teams == ("Desk",) and view.teams == () and view.backlogs == ()
    assert "promised" not in view.distribution
    assert html.team_chart(walk) == ""
    index = index_view.index_view(sparse, {"sparse": "sparse"})
    assert (index.bottleneck, index.bottleneck_detail) == ("not declared", "needs demand and each team's staff")
    assert index.processes[0].waiting_days == "not declared"
    assert html.portfolio_team_chart(sparse.portfolio) == ""


@needs_dot
def test_a_sparse_page_renders(sparse: Assessment) -> None:
    page = html.render(sparse)["sparse.html"]
    assert "No backlog snapshot declared." in page and "Load not declared (no demand or no staff): Desk." in page


def test_places_in_words(sparse: Assessment) -> None:
    process = sparse.walks[0].process
    assert process_view.team_label(process, None) == "nobody"
    assert process_view.team_label(process, "elsewhere") == "elsewhere"
    found = Finding("r", "info", "(portfolio)", "process", "(portfolio)", Location("f"), "m", "w")
    assert process_view.portfolio_where(sparse.walks, found) == "Portfolio: (portfolio)"
    team = Finding("r", "info", "(portfolio)", "team", "desk", Location("f"), "m", "w")
    assert process_view.portfolio_where(sparse.walks, team) == "Team: Desk"


def test_slugs_of_processes_with_the_same_id(sparse: Assessment) -> None:
    walk = sparse.walks[0]
    assert html.slugs([walk, walk, walk]) == {"sparse": "sparse-3"}


def with_simulation(walk: Walk, simulation: Simulation) -> Walk:
    """A copy of ``walk`` whose (lazily computed) simulation is ``simulation``."""
    import copy

    other = copy.copy(walk)
    other.__dict__["simulation"] = simulation
    return other


def test_the_distribution_chart_draws_the_simulated_histogram(sparse: Assessment) -> None:
    import dataclasses

    walk = sparse.walks[0]
    sim = walk.simulation
    two_bins = dataclasses.replace(sim, histogram=((0.0, 1.0, 3), (1.0, 2.0, 1)))
    chart = html.distribution_chart(with_simulation(walk, two_bins))
    assert chart.count("<rect ") == 2 and "p85" in chart
    # the last bar also counts every case beyond the chart: 1 of the 4 cases, from 1.0h on
    assert ">last bar: 1.0h and longer, 25% of cases</text>" in chart
    assert html.distribution_chart(walk).count("<rect ") == 40
    nothing = dataclasses.replace(sim, p50_h=float("nan"))
    assert html.distribution_chart(with_simulation(walk, nothing)) == ""


def test_the_friction_table_never_shows_a_bare_minus(tmp_path: Path) -> None:
    from tests.rules.conftest import run
    from tests.rules.test_policies import EXPRESS

    result = run(tmp_path, EXPRESS)
    [row] = process_view.policy_rows(result.walks[0], TODAY)
    # friction -2.5833h a case (see tests/rules/test_policies.py); handoffs 0.5 with, 1.0 without: -0.5;
    # per year 10 * 365.25 * -2.5833 / 24 = -393.2 customer-days; touch 15m with, 20m without:
    # 3,652.5 * -5/60 = -304.4 staff-hours
    assert (row.lead_time, row.handoffs, row.refusals, row.customer_days, row.staff_hours) == (
        "saves 2.6h", "saves 0.50", "0.00", "saves 393", "saves 304")


def test_no_page_sums_overlapping_policy_impacts(examples: Assessment) -> None:
    # billing-credit: 'backoffice-only-credits' alone 38,698 and 'credit-approval' alone 28,891 customer-days
    # (each with the other kept); both taken away at once 67,881, not their sum 67,589
    view = process_view.process_view(examples, examples.by_id["billing-credit"], "billing-credit")
    assert [p.customer_days for p in view.policies] == ["38,698", "28,891"]
    assert view.together is not None
    assert (view.together.title, view.together.customer_days, view.together.why) == (
        "All 2 policies together", "67,881", "individual impacts overlap and do not add up")
    page = html.process_page(view)
    assert "Each row keeps the other policies in place, so individual impacts overlap and do not add up." in page
    # the index: each process's joint figure, summed over the processes (their cases are not shared):
    # 16,262 + 67,881 + 14,752 + 23,032 + 107 + 214,443 + 183,095 = 519,572 (the 12 rows would claim 513,105)
    index = index_view.index_view(examples, html.slugs(list(examples.walks)))
    tile = next(f for f in index.totals if f.key == "policy")
    assert (tile.label, tile.value, tile.detail) == (
        "Added by all policies together", "519,572", "customer-days a year, all removed at once")
    assert index.together is not None and index.together.title == f"All {len(index.policies)} policies together"
    text = html.index_page(index, examples.portfolio)
    assert "summed over policies" not in text
    assert "individual impacts overlap and do not add up; the last row takes them all away at once" in text


def test_every_cost_carries_the_configured_currency() -> None:
    # the examples' configuration says display: {currency: EUR}
    examples = assess([str(ROOT / "processes")], load_config(str(ROOT / "processes" / ".processwalk.yaml")),
                      cases=2_000)
    assert examples.config.display.currency == "EUR"
    view = process_view.process_view(examples, examples.by_id["billing-credit"], "billing-credit")
    assert [p.cost for p in view.policies] == ["218,455 EUR", "42,665 EUR"]
    assert view.together is not None and view.together.cost == "261,820 EUR"
    costed = [h.impact for h in view.hotspots if "cost" in h.impact]
    assert costed and all(" EUR a year" in text for text in costed)
    assert "38,698 customer-days a year \u00b7 6,506 staff-hours a year \u00b7 cost 218,455 EUR a year" in costed
    index = index_view.index_view(examples, html.slugs(list(examples.walks)))
    assert all(p.cost.endswith(" EUR") or p.cost == "not declared" for p in index.policies)
    assert formatting.money(-7305.0, "EUR") == "saves 7,305 EUR" and formatting.money(None, "EUR") == "not declared"
