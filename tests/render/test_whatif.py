"""The what-if tables (text and Markdown) over one desk whose every figure is worked out by hand.

``tests/data/whatif/desk.yaml``: 12 cases a day at one desk, 1 person working 24 hours a day,
7 days a week (capacity 24 h a day), constant 1h work and a constant 2h declared wait, $50 an hour,
60 open items on 2026-11-24.  Constant waits and work make every simulated lead time the exact one,
so p85 = lead time.

Baseline: load 12 x 1h = 12 h a day, utilization 12 / 24 = 50%.  Predicted wait (one server,
``C(1, a) = a``, work cv 0, random arrivals): 0.5 x 1h / (1 - 0.5) x (1 + 0) / 2 = 0.5h, so the
queueing part of the 2h is 0.5h and its policy part 1.5h.  Lead time 2h + 1h = 3h.
Per year: 12 x 365.25 x 3h / 24 = 547.875 customer-days, 12 x 365.25 x 1h = 4,383 staff-hours,
x $50 = 219,150; staffing 1 x 24 x 365.25 x 50 = 438,300.  Backlog: 60 x 1h / (24 - 12) = 5 days.

busier (demand +50%: 18 a day): utilization 75%, Wq' = 0.75 / 0.25 x 0.5 = 1.5h; the wait is
1.5h + 0.5h x 1.5 / 0.5 = 3h, lead time 4h; 18 x 365.25 x 4 / 24 = 1,095.75 customer-days,
6,574.5 staff-hours (6,574: ties round to even), 328,725; backlog 60 / (24 - 18) = 10 days.

swamped (30 a day): utilization 125%, unbounded: no lead time, p85 or customer-days; 10,957.5
staff-hours (10,958), 547,875; the backlog never clears and grows by (30 - 24) / 1h = 6 a day.

second-person (staff 2): a = 0.5, B(2, 0.5) = 0.125 / 1.625 = 1/13, C = 2/13 / (2 - 0.5 x 12/13)
= 0.1, Wq' = 0.1 x 1h / 1.5 x 1/2 = 1/30 h; the wait is 1.5h + 0.5h x (1/30) / 0.5 = 1.5333h, lead
time 2.5333h (-0.4667h, shown -0.5h: a difference is in the unit of its figure, the page's hours); 12 x 365.25 x 2.5333 / 24 = 462.65 customer-days (-85); utilization 25%;
staffing 876,600; backlog 60 / (48 - 12) = 1.67 days, its date rounded up to 2 days.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from processwalk.assess import assess
from processwalk.config import load_config
from processwalk.render import whatif as render
from processwalk.whatif import Evaluation, evaluate, gone_and_new
from tests.conftest import Run

DESK = Path(__file__).resolve().parents[1] / "data" / "whatif" / "desk.yaml"


@pytest.fixture(scope="module")
def desk() -> Evaluation:
    config = load_config(None, dt.date(2026, 11, 24))
    assessment = assess([str(DESK)], config)
    processes = [w.process for w in assessment.walks]
    return evaluate(processes, processes[0].scenarios, config, walks={w.process.id: w for w in assessment.walks})


def test_the_markdown_tables(desk: Evaluation) -> None:
    assert render.markdown(desk) == """\
# What if

3 scenario(s) over 1 process(es):

- **desk/busier**: Half as many cases again (Sales)
- **desk/swamped**: A campaign brings 30 a day
- **desk/second-person**: A second person at the desk

## desk: One desk

| | baseline | busier | swamped | second-person |
|---|---:|---:|---:|---:|
| lead time | 3.0h | 4.0h (+1.0h) | unbounded | 2.5h (-0.5h) |
| lead time p85 (simulated) | 3.0h | 4.0h (+1.0h) | unbounded | 2.5h (-0.5h) |
| touch time | 1.0h | 1.0h | 1.0h | 1.0h |
| handoffs | 0.00 | 0.00 | 0.00 | 0.00 |
| approvals | 0.00 | 0.00 | 0.00 | 0.00 |
| refusals | 0.00 | 0.00 | 0.00 | 0.00 |
| first-pass yield | 100% | 100% | 100% | 100% |
| customer-days a year | 548 | 1,096 (+548) | unbounded | 463 (-85) |
| staff-hours a year | 4,383 | 6,574 (+2,192) | 10,958 (+6,574) | 4,383 |
| cost of the work a year | 219,150 | 328,725 (+109,575) | 547,875 (+328,725) | 219,150 |
| findings (busier) |  | 0 gone, 0 new |  |  |
| findings (swamped) |  |  | 0 gone, 1 new |  |
| findings (second-person) |  |  |  | 0 gone, 0 new |

## Teams and backlogs

| | baseline | busier | swamped | second-person |
|---|---:|---:|---:|---:|
| desk utilization | 50% | 75% (+25.0 pt) | 125% (+75.0 pt) | 25% (-25.0 pt) |
| desk backlog clears | 5d (2026-11-29) | 10d (2026-12-04) | never, +6 a day | 2d (2026-11-26) |

## Portfolio a year

| | baseline | busier | swamped | second-person |
|---|---:|---:|---:|---:|
| customer-days | 548 | 1,096 (+548) | unbounded | 463 (-85) |
| staff-hours | 4,383 | 6,574 (+2,192) | 10,958 (+6,574) | 4,383 |
| cost of the work | 219,150 | 328,725 (+109,575) | 547,875 (+328,725) | 219,150 |
| cost of the staff | 438,300 | 438,300 | 438,300 | 876,600 (+438,300) |
"""


def test_text_has_the_same_rows(desk: Evaluation) -> None:
    text = render.text(desk)
    assert "  lead time                  3.0h      4.0h (+1.0h)        unbounded           2.5h (-0.5h)\n" in text
    assert "  desk backlog clears  5d (2026-11-29)  10d (2026-12-04)  never, +6 a day  2d (2026-11-26)\n" in text


def test_the_swamped_scenario_brings_the_bottleneck(desk: Evaluation) -> None:
    base, swamped = desk.baseline, desk.scenarios[1]
    assert base.waits["desk"]["call"][:5] == (2.0, 0.5, 0.5, 1.5, 2.0)
    assert swamped.unbounded == {"desk": ("desk",)}
    gone, new = gone_and_new(base.findings["desk"], swamped.findings["desk"])
    assert (gone, [(f.rule, f.at) for f in new]) == ((), [("bottleneck", "desk")])


def test_only_changed_rows(desk: Evaluation) -> None:
    sides = render.sides_of(desk)
    assert [label for label, _ in render.team_rows(sides, changed_only=True)] == ["desk utilization",
                                                                                  "desk backlog clears"]
    assert render.team_rows(sides[:1], changed_only=True) == []
    # a team a side does not meet has no utilization there: "n/a", never "-"
    assert render._utilization(sides[0], "nobody", sides[0]) == render.Cell("n/a")


def test_whatif_markdown_from_the_command_line(run: Run) -> None:
    code, out, _ = run("whatif", str(DESK), "--format", "markdown", "--today", "2026-11-24")
    assert code == 0 and out.startswith("# What if\n") and "| desk utilization | 50% | 75% (+25.0 pt) |" in out
