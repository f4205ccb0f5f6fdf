"""One unit per kind of duration on a page, chosen from the largest of the kind, and a difference in
the unit of its figure: every renderer over one process with a 45-day lead time and a 30-minute wait.

``long``: 10 cases a day; 'call' (Front) waits 30m and works 30m, 'check' (Back) waits 44d22h
(1,078h) and works 1h, so the lead time is 0.5 + 0.5 + 1,078 + 1 = 1,080h = 45.0d, the touch time
1.5h, the promise 30d.  Scenario 'quicker': the check waits 43d (1,032h): 1,034h = 43.08d, -46h =
-1.9d.  Scenario 'no-queue': the call waits 0: 1,079.5h = 44.98d, -0.5h = -0.021d (in days, the
unit of the lead times, never "-30m").  Costs are in EUR (``display: {currency: EUR}``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from processwalk.assess import Assessment, assess
from processwalk.commands.report import render
from processwalk.config import load_config
from processwalk.whatif import Evaluation, evaluate
from tests.conftest import Run

LONG = """\
process: long
title: Long wait
owner: Head of service
demand: 10/day
sla: 30d
start: call
teams:
  front: {name: Front, staff: 5, hourly_cost: 40}
  back: {name: Back, staff: 5, hourly_cost: 40}
steps:
  call: {kind: contact, team: front, wait: 30m, work: 30m, next: check}
  check: {team: back, wait: 44d22h, work: 1h, next: done}
  done: {kind: end, outcome: resolved}
scenarios:
  quicker:
    title: The check waits 43d
    changes:
      - wait: {check: 43d}
  no-queue:
    title: Nobody waits for the call
    changes:
      - wait: {call: 0}
"""
CONFIG = "today: 2026-11-24\ndisplay:\n  currency: EUR\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "long.yaml").write_text(LONG, encoding="utf-8")
    (tmp_path / ".processwalk.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.fixture
def pages(folder: Path) -> dict[str, dict[str, str]]:
    assessment: Assessment = assess([str(folder / "long.yaml")], load_config(str(folder / ".processwalk.yaml")),
                                    simulated=True)
    processes = [w.process for w in assessment.walks]
    evaluation: Evaluation = evaluate(processes, processes[0].scenarios, assessment.config,
                                      walks=assessment.walks_by_id)
    return {fmt: render(assessment, fmt, None, evaluation) for fmt in ("html", "markdown")}


def test_the_text_summary(run: Run, folder: Path) -> None:
    out = run("analyze", str(folder / "long.yaml"))[1]
    # the lead time, its simulated percentiles and the promise in days; the touch time apart, in hours
    assert out.splitlines()[1] == ("  lead time 45.0d (simulated p50 31.9d, p85 87.1d, p95 136.7d); sla 30.0d, "
                                   "52% of cases late")
    assert out.splitlines()[2].startswith("  touch time 1.5h, ")
    # a finding's own sentence: the wait alone, in days from a day on (never "6.4w")
    assert "'check' waits 44.9d per visit, 1,078 times its 1.0h of work" in out


def test_the_html_process_page(pages: dict[str, dict[str, str]]) -> None:
    page = pages["html"]["long.html"]
    assert '<div class="value">45.0d</div>' in page
    assert "p85 87.1d \u00b7 52% over the 30.0d promise" in page
    # the what-if rows: each lead time and its difference in days, the 30 minutes saved too
    assert ('<tr><td>lead time</td><td class="num">45.0d</td><td class="num">43.1d <span class="delta">(-1.9d)'
            '</span></td><td class="num">45.0d <span class="delta">(-0.021d)</span></td></tr>') in page
    assert "<tr><td>cost of the work a year (EUR)</td>" in page
    # the waits are a kind of their own, in the unit of the largest (1,078h = 44.9d): 30m reads 0.021d
    assert '<td class="num">44.9d</td>' in page and '<td class="num">0.021d</td>' in page


def test_the_html_index(pages: dict[str, dict[str, str]]) -> None:
    index = pages["html"]["index.html"]
    assert '<td class="num bad">45.0d</td><td class="num">87.1d</td><td class="num">30.0d</td>' in index
    assert "<tr><td>cost of the work (EUR)</td>" in index


def test_the_markdown_pages(pages: dict[str, dict[str, str]]) -> None:
    page = pages["markdown"]["long.md"]
    assert "| **Lead time** | **45.0d** |" in page
    assert "| lead time | 45.0d | 43.1d (-1.9d) | 45.0d (-0.021d) |\n" in page
    assert "| [Long wait](long.md) | 45.0d |" in pages["markdown"]["index.md"]


def test_whatif_text_and_markdown(run: Run, folder: Path) -> None:
    text = run("whatif", str(folder / "long.yaml"))[1]
    assert "  lead time                      45.0d     43.1d (-1.9d)     45.0d (-0.021d)\n" in text
    assert "  lead time p85 (simulated)      87.1d     83.4d (-3.7d)     85.5d (-1.6d)\n" in text
    assert "  cost of the work a year (EUR)  219,150   219,150           219,150\n" in text
    markdown = run("whatif", str(folder / "long.yaml"), "--format", "markdown")[1]
    assert "| lead time | 45.0d | 43.1d (-1.9d) | 45.0d (-0.021d) |\n" in markdown


def test_whatif_in_the_configured_unit(run: Run, folder: Path) -> None:
    (folder / ".processwalk.yaml").write_text(CONFIG + "  unit: h\n", encoding="utf-8")
    text = run("whatif", str(folder / "long.yaml"))[1]
    assert "  lead time                      1,080.0h  1,034.0h (-46.0h)  1,079.5h (-0.5h)\n" in text


def test_suggest(run: Run, folder: Path) -> None:
    out = run("whatif", "--suggest", str(folder / "long.yaml"))[1]
    # cutting the check's wait to its queue saves 44.9d, making it right at the call half of the rest
    assert "     cut the wait to its queue: -44.9d per case, 164,051 customer-days a year\n" in out
    assert ("     make it right at the first contact: -22.5d per case, 82,109 customer-days a year, 1,826 "
            "staff-hours a year, 73,050 EUR a year of cost saved\n") in out


def test_staff(run: Run, folder: Path) -> None:
    out = run("staff", str(folder / "long.yaml"))[1]
    assert out.splitlines()[1] == ("  team   staff  least  change  utilization  staffing cost a year (EUR)  "
                                   "customer-days a year")


def test_diff(run: Run, folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    new = tmp_path_factory.mktemp("new")
    (new / "long.yaml").write_text(LONG.replace("wait: 44d22h", "wait: 42d22h"), encoding="utf-8")
    (new / ".processwalk.yaml").write_text(CONFIG, encoding="utf-8")
    out = run("diff", str(folder), str(new))[1]
    # 1,080h -> 1,032h: before, after and the change in days
    assert "  lead time: 45.0d -> 43.0d, -2.0d (-4.4%)\n" in out


def test_walk(run: Run, folder: Path) -> None:
    out = run("walk", str(folder / "long.yaml"))[1]
    # the clocks are lead times so far, in the unit of the latest: 1h = 0.042d, 45.0d
    assert [line for line in out.splitlines() if line.startswith("   ") and "[" in line][:3] == [
        "   1. [     0] call", "   2. [0.042d] check", "   3. [ 45.0d] done"]
