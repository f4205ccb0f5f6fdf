"""The report's what if: the "What if" section of a page, the index's portfolio table, the waits taken
apart, and their charts, over the desk of ``tests/render/test_whatif.py`` (its figures worked out
there by hand).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from processwalk.assess import Assessment, assess
from processwalk.commands.report import render
from processwalk.config import load_config
from processwalk.render import charts, whatif_view
from processwalk.whatif import Evaluation, evaluate

DESK = Path(__file__).resolve().parents[1] / "data" / "whatif" / "desk.yaml"


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    return assess([str(DESK)], load_config(None, dt.date(2026, 11, 24)), simulated=True)


@pytest.fixture(scope="module")
def desk(assessment: Assessment) -> Evaluation:
    processes = [w.process for w in assessment.walks]
    return evaluate(processes, processes[0].scenarios, assessment.config,
                    walks={w.process.id: w for w in assessment.walks})


def section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}">')
    return re.sub(r"\s+", " ", page[start:page.index("</section>", start)])


def test_the_waits_taken_apart(desk: Evaluation) -> None:
    # 2h declared; 0.5h predicted at 50%: 0.5h queueing, 1.5h policy
    [row] = whatif_view.wait_rows(desk.baseline, desk.baseline.walks["desk"].process)
    assert row == whatif_view.WaitRow("call", "desk", "2.0h", "30m", "30m", "1.5h")


def test_the_best_scenario_is_the_fewest_customer_days_never_an_unbounded_one(desk: Evaluation) -> None:
    # busier 1,096, swamped unbounded, second-person 463
    view = whatif_view.process_whatif(desk, "desk")
    assert view is not None and view.best == "second-person"
    assert [(s.head, s.unbounded) for s in view.scenarios] == [("busier", ""), ("swamped", "desk"),
                                                                ("second-person", "")]


def test_the_page_has_the_section_with_the_numbers(assessment: Assessment, desk: Evaluation) -> None:
    page = render(assessment, "html", None, desk)["desk.html"]
    whatif = section(page, "whatif")
    assert ('<tr><td>lead time</td><td class="num">3.0h</td><td class="num">4.0h <span class="delta">(+1.0h)'
            '</span></td><td class="num unbounded">unbounded</td><td class="num">2.5h <span class="delta">(-0.5h)'
            '</span></td></tr>') in whatif
    assert ('<tr><td>customer-days a year</td><td class="num">548</td><td class="num">1,096 <span class="delta">'
            '(+548)</span></td><td class="num unbounded">unbounded</td><td class="num">463 <span class="delta">'
            '(-85)</span></td></tr>') in whatif
    assert '<th class="num">second-person<div class="small">best</div></th>' in whatif
    assert '<span class="pill error">unbounded at desk</span>' in whatif
    assert 'aria-label="Lead time and p85 per scenario"' in whatif
    assert 'aria-label="Simulated lead time: baseline and best scenario"' in whatif
    # the waits of a page in one unit, the hours of the largest (2h): 0.5h, not 30m
    assert ('<tr><td><b>call</b></td><td>desk</td><td class="num">2.0h</td><td class="num">0.5h</td>'
            '<td class="num">0.5h</td><td class="num">1.5h</td></tr>') in section(page, "waits")


def test_the_index_has_the_portfolio_table(assessment: Assessment, desk: Evaluation) -> None:
    whatif = section(render(assessment, "html", None, desk)["index.html"], "whatif")
    assert ('<tr><td>cost of the staff</td><td class="num">438,300</td><td class="num">438,300</td>'
            '<td class="num">438,300</td><td class="num">876,600 <span class="delta">(+438,300)</span></td></tr>'
            ) in whatif
    assert ('<tr><td>desk utilization</td><td class="num">50%</td><td class="num">75% <span class="delta">'
            '(+25.0 pt)</span></td><td class="num">125% <span class="delta">(+75.0 pt)</span></td>'
            '<td class="num">25% <span class="delta">(-25.0 pt)</span></td></tr>') in whatif


def test_the_markdown_report_has_the_same_tables(assessment: Assessment, desk: Evaluation) -> None:
    pages = render(assessment, "markdown", None, desk)
    assert ("| lead time | 3.0h | 4.0h (+1.0h) | unbounded | 2.5h (-0.5h) |\n" in pages["desk.md"])
    assert "| call | desk | 2.0h | 0.5h | 0.5h | 1.5h |\n" in pages["desk.md"]
    assert "| desk backlog clears | 5d (2026-11-29) | 10d (2026-12-04) | never, +6 a day | 2d (2026-11-26) |\n" \
        in pages["index.md"]


def test_without_scenarios_no_section_but_the_waits(assessment: Assessment) -> None:
    processes = [w.process for w in assessment.walks]
    baseline = evaluate(processes, [], assessment.config, walks={w.process.id: w for w in assessment.walks})
    pages = render(assessment, "html", None, baseline)
    assert 'id="whatif"' not in pages["desk.html"] and 'id="whatif"' not in pages["index.html"]
    assert '<section id="waits">' in pages["desk.html"]


def test_unbounded_is_a_word_never_a_bar(desk: Evaluation) -> None:
    view = whatif_view.process_whatif(desk, "desk")
    assert view is not None
    svg = whatif_view.lead_chart(view)
    # the swamped side: two rows with no width and the word
    assert svg.count('fill="#c53030" rx="3"><title>unbounded</title>') == 2
    assert svg.count('width="0" height="22" fill="#c53030"') == 2


def test_overlay_compares_shares_per_hour() -> None:
    # 10 cases in one 2h bin (5 a hour, share 0.5/h) and 4 in a 1h bin (share 1/h): the second is twice as tall
    svg = charts.overlay([charts.Series("a", [charts.Bin(0, 2, 10)]), charts.Series("b", [charts.Bin(0, 1, 4)], "good")],
                         title="t")
    heights = re.findall(r'<rect x="16" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#(\w+)" opacity="0.55"', svg)
    assert heights == [("98", "2f6f9f"), ("196", "2f855a")]
