from __future__ import annotations

import pytest

from tests.rules.conftest import CATALOG, Check, run

PROCESS = """\
process: credit
title: Credit request
demand: 100/day
start: call
steps:
  call: {{kind: contact, team: front, work: 10m, next: check}}
  check: {{team: back, wait: 1d, work: {work}, next: done}}
  done: {{kind: end}}
"""


def test_error_when_the_team_cannot_keep_up(check: Check) -> None:
    # back: 2 staff * 8h * 5/7 = 11.4286 h/day; load 100 * 15m = 25 h/day: 219%
    [finding] = check(PROCESS.format(work="15m"), "bottleneck")
    assert (finding.severity, finding.place, finding.at, finding.location.line) == ("error", "team", "back", 3)
    assert finding.message == "Back office is loaded to 219% (25.0 h of work a day for 11.4 h of capacity)"
    assert finding.why == ("Why does Back office get 25.0 hours of work a day from 'Credit request' for 11.4 "
                           "hours of people, so that the process can take at most 46 cases a day?")
    assert finding.impact.staff_hours_per_year == pytest.approx((25 - 80 / 7) * 365.25)


def test_warning_when_close(check: Check) -> None:
    # 100 * 6m = 10 h/day / 11.4286 = 87.5%
    [finding] = check(PROCESS.format(work="6m"), "bottleneck")
    assert (finding.severity, finding.message) == (
        "warning", "Back office is loaded to 88% (10.0 h of work a day for 11.4 h of capacity)")


def test_quiet_with_room(check: Check) -> None:
    assert check(PROCESS.format(work="5m"), "bottleneck") == []


SECOND = """\
process: refund
title: Refund
demand: 48/day
start: call
steps:
  call: {kind: contact, team: front, work: 5m, next: check}
  check: {team: back, wait: 1d, work: 30m, next: done}
  done: {kind: end}
"""


def test_portfolio_sums_a_shared_team(tmp_path: pytest.TempPathFactory) -> None:
    # back with 7 staff: 7 * 8 * 5/7 = 40 h/day. credit: 96/day * 15m = 24 h/day (60%);
    # refund: 48/day * 30m = 24 h/day (60%). Together 48 / 40 = 120%.
    catalog = CATALOG.replace("back: {name: Back office, staff: 2", "back: {name: Back office, staff: 7")
    result = run(tmp_path, PROCESS.format(work="15m").replace("100/day", "96/day"), catalog=catalog,  # type: ignore[arg-type]
                 extra={"q.yaml": SECOND})
    assert [f for f in result.findings if f.rule == "bottleneck" and f.process != "(portfolio)"] == []
    [finding] = [f for f in result.findings if f.rule == "bottleneck"]
    assert (finding.process, finding.severity, finding.at) == ("(portfolio)", "error", "back")
    assert finding.message == ("Back office is loaded to 120% by 2 processes together ('credit' 24.0 h, "
                               "'refund' 24.0 h of work a day for 40.0 h)")
    assert finding.evidence["utilization"] == pytest.approx(1.2)
    assert finding.why == ("Why do 2 processes together send Back office 48.0 hours of work a day for 40.0 "
                           "hours of people, when no single process owner sees the queue they share?")


def test_portfolio_queueing_below_full_load(tmp_path: pytest.TempPathFactory) -> None:
    # back: 7 staff * 8h * 5/7 = 40 h/day. credit 72/day * 15m = 18 h/day, refund 36/day * 30m = 18 h/day:
    # 90% together, a = 6.3 of c = 7. Erlang B by B(k) = a B(k-1) / (k + a B(k-1)): 0.863014, 0.731074,
    # 0.605562, 0.488167, 0.380839, 0.285654, B(7) = 0.204511; C = 7 B / (7 - 6.3 (1 - B)) = 0.719957.
    # E[S] = work * 24 / (40/7) = 1.05h (credit), 2.1h (refund); cv 1, so Allen-Cunneen
    # Wq = C E[S] / (c - a) = 1.5 C = 1.07994h and 3 C = 2.15987h, both under the declared 1d: the queueing part.
    # Customer-days a year: 72 * 365.25 * 1.5 C / 24 + 36 * 365.25 * 3 C / 24 = 3,287.25 C = 2,366.68
    catalog = CATALOG.replace("back: {name: Back office, staff: 2", "back: {name: Back office, staff: 7")
    result = run(tmp_path, PROCESS.format(work="15m").replace("100/day", "72/day"), catalog=catalog,  # type: ignore[arg-type]
                 extra={"q.yaml": SECOND.replace("48/day", "36/day")})
    [finding] = [f for f in result.findings if f.rule == "bottleneck"]
    assert (finding.process, finding.severity, finding.evidence["utilization"]) == ("(portfolio)", "warning", 0.9)
    assert finding.impact.customer_days_per_year == pytest.approx(3287.25 * 0.7199573, rel=1e-6)
    assert finding.impact.staff_hours_per_year is None


def test_past_full_load_the_whole_wait_is_queueing(tmp_path: pytest.TempPathFactory) -> None:
    # the 120% of test_portfolio_sums_a_shared_team: the queue grows without bound, so the whole declared
    # 1d wait at 'check' is its queueing part: (96 + 48) visits a day * 365.25 * 1d = 52,596 customer-days,
    # and the team is short of (48 - 40) h * 365.25 = 2,922 staff-hours a year
    catalog = CATALOG.replace("back: {name: Back office, staff: 2", "back: {name: Back office, staff: 7")
    result = run(tmp_path, PROCESS.format(work="15m").replace("100/day", "96/day"), catalog=catalog,  # type: ignore[arg-type]
                 extra={"q.yaml": SECOND})
    [finding] = [f for f in result.findings if f.rule == "bottleneck"]
    assert finding.impact.customer_days_per_year == pytest.approx(144 * 365.25)
    assert finding.impact.staff_hours_per_year == pytest.approx(8 * 365.25)


def test_one_process_ranks_its_bottleneck_by_the_queueing_effect(check: Check) -> None:
    # 219% loaded (test_error_when_the_team_cannot_keep_up): 100 a day * 365.25 * the whole 1d wait
    [finding] = check(PROCESS.format(work="15m"), "bottleneck")
    assert finding.impact.customer_days_per_year == pytest.approx(36525)
    # 88% loaded with 2 staff: a = 1.75, B(1) = 0.636364, B(2) = 0.357664, C = 2 B / (2 - 1.75 (1 - B)) = 0.816667;
    # E[S] = 6m * 24 / (40/7) = 0.42h, Wq = C 0.42 / 0.25 = 1.372h; 100 * 365.25 * 1.372 / 24 = 2,088.01
    [finding] = check(PROCESS.format(work="6m"), "bottleneck")
    assert finding.impact.customer_days_per_year == pytest.approx(36525 * 1.372 / 24, rel=1e-6)
    assert finding.impact.staff_hours_per_year is None


def test_the_why_goes_to_the_teams_owner(check: Check) -> None:
    [finding] = check(PROCESS.format(work="15m"), "bottleneck")
    assert finding.ask == "Back office"  # no owner declared: the team itself
    catalog = CATALOG.replace("back: {name: Back office,", "back: {name: Back office, owner: Back-office manager,")
    [finding] = check(PROCESS.format(work="15m"), "bottleneck", catalog=catalog)
    assert finding.ask == "Back-office manager"
