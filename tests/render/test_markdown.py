"""The Markdown report: escaping for Markdown and HTML, the Mermaid chart, the pages written."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from processwalk.assess import Assessment, assess
from processwalk.config import load_config
from processwalk.render import markdown

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def examples() -> Assessment:
    return assess([str(ROOT / "processes")], load_config(None, TODAY), cases=2_000)


@pytest.fixture(scope="module")
def hostile() -> Assessment:
    return assess([str(ROOT / "tests" / "data" / "hostile" / "hostile.yaml")], load_config(None, TODAY), cases=2_000)


def test_pages_and_links(examples: Assessment) -> None:
    pages = markdown.render(examples)
    assert sorted(pages) == ["account-enquiry.md", "billing-credit.md", "goodwill-delivery.md", "index.md",
                             "ivr-selfservice.md", "moving-house.md", "outsourced-complaint.md", "refund-sendback.md"]
    index = pages["index.md"]
    assert "| [Customer asks for a billing credit](billing-credit.md) | 44.4d |" in index
    page = pages["billing-credit.md"]
    assert page.startswith("# Customer asks for a billing credit\n")
    assert "[All processes](index.md)" in page
    assert "| **Lead time** | **44.4d** |" in page
    assert "```mermaid\nflowchart TD\n" in page and "  subgraph t0[" in page
    assert "  class s2 high\n" in page  # the hotspot shading carries over


def tables(text: str) -> list[list[str]]:
    """The Markdown tables of ``text`` (outside code fences), as lists of lines."""
    found: list[list[str]] = []
    in_fence, previous = False, False
    for line in text.splitlines():
        in_fence = in_fence != line.startswith("```")
        row = line.startswith("|") and not in_fence
        if row and not previous:
            found.append([])
        if row:
            found[-1].append(line)
        previous = row
    return found


def test_tables_keep_their_columns_with_hostile_names(hostile: Assessment) -> None:
    pages = markdown.render(hostile)
    for name, text in pages.items():
        assert "<script" not in text and "<img" not in text and "<svg" not in text, name
        assert tables(text), name
        for table in tables(text):
            widths = {len(re.findall(r"(?<!\\)\|", line)) for line in table}
            assert len(widths) == 1, (name, table)
    page = pages["hostile-names.md"]
    assert page.startswith("# &lt;script&gt;document.title='pwned-title'&lt;/script&gt; Customer asks \"why?\" "
                           "{x} \\[y\\] \\| z\n")


def test_a_large_process_gets_a_bounded_chart(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_report import large_process
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = tmp_path / "large.yaml"
    path.write_text(large_process(150), encoding="utf-8")
    pages = markdown.render(assess([str(path)], load_config(None, TODAY), cases=500))
    chart = pages["generated-large.md"].split("```mermaid\n")[1].split("```")[0]
    # a chain of 147 steps with one branch each, +1 for each of 21 approvals, +2 for each of 20 decisions,
    # +1 for each of 10 refusal loops: 147 + 21 + 40 + 10 = 218 branches
    assert chart.startswith('flowchart TD\n  note["150 steps, 218 branches: the team map')
    assert len(chart) < 5_000


def test_the_policy_tables_say_their_rows_do_not_add_up(examples: Assessment) -> None:
    pages = markdown.render(examples)
    # 'backoffice-only-credits' alone 38,698 + 'credit-approval' alone 28,891 = 67,589; together 67,881
    assert ("| **All 2 policies together** (all taken away at once) |  | individual impacts overlap and do not "
            "add up | 1.5d | 0.01 | 0.66 | 0.33 | 67,881 |") in pages["billing-credit.md"]
    index = pages["index.md"]
    assert "**Added by all policies together:** 519,572 (customer-days a year, all removed at once)" in index
    assert ("Each row keeps the other policies in place, so individual impacts overlap and do not add up; "
            "the last row takes them all away at once.") in index
