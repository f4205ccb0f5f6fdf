"""Ranked moves over the examples: the top three, the best together, and the command."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from processwalk.assess import assess
from processwalk.cli import main
from processwalk.config import discover, load_config
from processwalk.render import suggest as render
from processwalk.suggest import COMBINED, Suggestion, ranked, suggestion


@pytest.fixture(scope="module")
def moves() -> Suggestion:
    config = load_config(discover(["processes"]), None)
    assessment = assess(["processes"], config)
    return suggestion([w.process for w in assessment.walks], assessment.findings, config,
                      walks={w.process.id: w for w in assessment.walks})


def test_the_examples_top_three_moves_fit_their_stories(moves: Suggestion) -> None:
    # billing-credit: 45 days declared at check-credit where load predicts half an hour: the tray, not
    # the people; outsourced-complaint: the in-house decision rule behind every handoff, then an agent
    # who may make it right on the call
    assert [m.key for m in moves.moves[:3]] == [
        "billing-credit/cut-wait-check-credit",
        "outsourced-complaint/without-complaints-decided-in-house",
        "outsourced-complaint/make-it-right-customer-complains"]
    top = moves.moves[0]
    assert top.remedy.yaml.endswith("      - wait: {check-credit: 29.9m}\n")
    # 120 a day x 365.25 x visits x (45d - 29.9m) / 24: the rest of the wait responds to nothing else
    visits = moves.baseline.walks["billing-credit"].steps["check-credit"].visits
    assert top.customer_days_saved == pytest.approx(120 * 365.25 * visits * (45 * 24 - 29.9 / 60) / 24)
    assert top.lead_time_saved_h == pytest.approx(visits * (45 * 24 - 29.9 / 60))
    assert top.staff_hours_saved == pytest.approx(0, abs=1e-6)
    assert {(f.rule, f.at) for f in top.closed} == {("long-wait", "check-credit"), ("sla-breach", "billing-credit")}
    days = [m.customer_days_saved for m in moves.moves if m.customer_days_saved is not None]
    assert days == sorted(days, reverse=True)


def test_the_second_and_third_moves_in_figures(moves: Suggestion) -> None:
    base = moves.baseline
    complaint = base.walks["outsourced-complaint"]
    second, third = moves.moves[1], moves.moves[2]
    # 2. without the in-house decision rule: the work it adds goes, as its friction measures it:
    # 60 a day x 365.25 x 0.927h = 20,320 staff-hours a year, 697,146 EUR of work
    friction = complaint.policies["complaints-decided-in-house"]
    assert second.staff_hours_saved == pytest.approx(60 * 365.25 * friction.touch_time_h)
    assert second.work_cost_saved == pytest.approx(friction.cost_per_year)
    # but more complaints reach the back-office check, which loads the shared back office from 91.6% to
    # 92.1%: its queues lengthen in every process using it, so the portfolio saves 159,142 customer-days
    # a year, less than the friction's 159,370 counted at declared waits
    assert (round(base.queues["back-office"].utilization or 0, 3),
            round(second.side.queues["back-office"].utilization or 0, 3)) == (0.916, 0.921)
    assert friction.customer_days_per_year == pytest.approx(159_370, abs=0.5)
    assert render.figures(second, "EUR") == ("-7.3d", "159,142", "20,320", "697,146 EUR")
    # 3. half the complaints made right on the call skip everything after it: 0.5 x (1.587h of work
    # - 0.2h at the call) x 60 x 365.25 = 15,195 staff-hours; the back office, unloaded to 87.0%, waits
    # less for every process, and the portfolio saves 127,836 customer-days a year
    call = complaint.process.steps["customer-complains"]
    assert third.staff_hours_saved == pytest.approx(0.5 * (complaint.figures.touch_time_h - call.work.mean) * 60 * 365.25)
    assert round(third.side.queues["back-office"].utilization or 0, 3) == 0.870
    assert render.figures(third, "EUR") == ("-5.8d", "127,836", "15,195", "471,643 EUR")


def test_the_best_together_are_not_additive(moves: Suggestion) -> None:
    combined = moves.combined
    assert combined is not None and combined.key == COMBINED
    keys = [r.scenario.key for r in combined.remedies]
    # the top four, then the sixth: the fifth cuts the wait of 'check-refund', a step the fourth (without
    # the refund-proof policy that governs it) already bypasses
    ranks = [m.key for m in moves.moves]
    assert ranks[4] == "refund-sendback/cut-wait-check-refund" and ranks[3] == "refund-sendback/without-refund-proof"
    assert keys == ranks[:4] + ranks[5:6]
    alone = render.sum_alone(moves)
    assert combined.customer_days_saved is not None and alone is not None
    assert moves.moves[0].customer_days_saved < combined.customer_days_saved < alone  # type: ignore[operator]
    shown = render.text(moves)
    assert f"alone they add up to {alone:,.0f} customer-days a year; effects are not additive" in shown


def test_two_remedies_of_one_finding_are_not_taken_together(moves: Suggestion) -> None:
    combined = moves.combined
    assert combined is not None
    findings = [r.finding.key for r in combined.remedies]
    assert len(findings) == len(set(findings))


def test_an_unbounded_move_ranks_last(moves: Suggestion) -> None:
    unbounded = [m for m in moves.moves if m.customer_days_saved is None]
    assert unbounded and all(m.unbounded for m in unbounded)
    assert ranked(list(reversed(moves.moves)))[-len(unbounded):] == ranked(unbounded)
    line = render.worth(unbounded[0])
    assert "unbounded: " in line and "loaded to 100% or more" in line


def test_suggest_command_json_and_markdown() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["whatif", "--suggest", "--top", "2", "processes/", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    first = document["moves"][0]
    assert (first["rank"], first["key"], first["rule"], first["action"]) == (
        1, "billing-credit/cut-wait-check-credit", "long-wait", "cut the wait to its queue")
    assert document["combined"]["remedies"] == [m["key"] for m in document["moves"][:2]]
    assert document["combined"]["note"] == render.NOT_ADDITIVE
    result = runner.invoke(main, ["whatif", "--suggest", "processes/billing-credit.yaml", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## Suggested moves\n")
    assert "```yaml\nscenarios:\n  cut-wait-check-credit:\n" in result.output
