"""What if over the examples: the billing-credit story, and the command."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from processwalk.assess import assess
from processwalk.cli import main
from processwalk.config import discover, load_config
from processwalk.project import shared_scenarios
from processwalk.whatif import Evaluation, customer_days_per_year, evaluate


@pytest.fixture(scope="module")
def story() -> Evaluation:
    config = load_config(discover(["processes"]), None)
    assessment = assess(["processes"], config)
    processes = [w.process for w in assessment.walks]
    shared, _ = shared_scenarios(["processes"])
    scenarios = [*(s for p in processes for s in p.scenarios), *shared]
    return evaluate(processes, scenarios, config, walks={w.process.id: w for w in assessment.walks})


def side(evaluation: Evaluation, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in evaluation.scenarios if s.key == key)


def test_managements_fix_lengthens_the_walk_while_the_extra_person_clears_the_backlog(story: Evaluation) -> None:
    base = story.baseline
    fix, extra = side(story, "billing-credit/management-fix"), side(story, "billing-credit/extra-person")
    lead = base.walks["billing-credit"].figures.lead_time_h
    assert fix.walks["billing-credit"].figures.lead_time_h > lead  # the second approval's day
    assert extra.walks["billing-credit"].figures.lead_time_h < lead
    wait = base.waits["billing-credit"]["check-credit"]
    assert extra.waits["billing-credit"]["check-credit"].mean_h < wait.mean_h
    # the back office at 92% over the portfolio; one more person takes it to 86%
    assert round(base.queues["back-office"].utilization or 0, 2) == 0.92
    assert round(extra.queues["back-office"].utilization or 0, 2) == 0.86
    assert base.backlogs["back-office"].clear_date == dt.date(2027, 6, 2)
    assert extra.backlogs["back-office"].clear_date == dt.date(2027, 3, 7)


def test_make_it_right_beats_both_on_customer_days(story: Evaluation) -> None:
    days = {key: customer_days_per_year(side(story, f"billing-credit/{key}").walks["billing-credit"])
            for key in ("management-fix", "extra-person", "make-it-right")}
    assert days["make-it-right"] < min(days["management-fix"], days["extra-person"])  # type: ignore[type-var]


def test_the_declared_wait_is_mostly_policy(story: Evaluation) -> None:
    # 45 days declared at check-credit; load predicts minutes: the rest is policy, batching or priority
    wait = story.baseline.waits["billing-credit"]["check-credit"]
    assert wait.declared_h == 45 * 24 and wait.policy_h is not None and wait.policy_h > 0.99 * wait.declared_h


def test_whatif_command_json_and_a_change_from_the_command_line() -> None:
    result = CliRunner().invoke(main, ["whatif", "processes/billing-credit.yaml", "--format", "json",
                                       "--change", "staff: {back-office: +1}"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert [s["key"] for s in doc["scenarios"]] == ["billing-credit/management-fix", "billing-credit/extra-person",
                                                    "billing-credit/make-it-right", "command-line"]
    assert doc["scenarios"][3]["teams"]["back-office"]["staff"] == 18


def test_a_bad_change_from_the_command_line_is_positioned() -> None:
    result = CliRunner().invoke(main, ["whatif", "processes/billing-credit.yaml", "--change", "staff: {back-ofice: +1}"])
    assert result.exit_code == 1
    assert result.output == ("<--change> 1:1:9: [error] unknown team 'back-ofice'; did you mean 'back-office'? "
                             "(invalid)\n")


def test_the_readme_shows_the_current_table() -> None:
    # every line of the README's whatif block is a line of `processwalk whatif processes/` as it prints now
    readme = Path("README.md").read_text(encoding="utf-8")
    block = readme.split("```\nbilling-credit: Customer asks for a billing credit\n", 1)[1].split("```", 1)[0]
    result = CliRunner().invoke(main, ["whatif", "processes/"])
    assert result.exit_code == 0, result.output
    printed = set(result.output.splitlines())
    assert [line for line in block.splitlines() if line and line not in printed] == []
