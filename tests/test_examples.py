"""The example processes tell their stories: each raises the findings its story is about."""
from __future__ import annotations

import pytest

from processwalk.assess import Assessment, assess
from processwalk.config import load_config


@pytest.fixture(scope="module")
def examples() -> Assessment:
    return assess(["processes"], load_config("processes/.processwalk.yaml"))


STORIES = {
    # (a) a bill credit that waits months in a back-office backlog
    "billing-credit": {"backlog-age", "impossible-wait", "long-wait", "sla-breach"},
    # (b) a goodwill gesture blocked by a policy (deliveries only with a company driver)
    "goodwill-delivery": {"policy-stale", "repeated-refusal", "frontline-powerless"},
    # (c) an outsourced complaint passed from person to person; the front line has no authority
    "outsourced-complaint": {"handoff-chain", "frontline-powerless", "ping-pong", "policy-without-why"},
    # (d) an account enquiry across many systems that barely talk to each other
    "account-enquiry": {"system-sprawl"},
    # (e) a refund refused and sent back again and again, and a rubber-stamp second signature
    "refund-sendback": {"refusal-loop", "repeated-refusal", "rubber-stamp"},
    # (f) an IVR that loops the customer back into the queue
    "ivr-selfservice": {"repeat-contact", "refusal-loop", "menu-loop"},
    # (g) a utility's moving-house process whose IVR menu and web form send customers round again
    "moving-house": {"menu-loop", "refusal-loop", "sla-breach"},
}


def test_every_example_is_valid(examples: Assessment) -> None:
    assert examples.loaded.problems == ()
    assert sorted(w.process.id for w in examples.walks) == sorted(STORIES)


@pytest.mark.parametrize(("process", "rules"), sorted(STORIES.items()))
def test_each_example_raises_its_story(examples: Assessment, process: str, rules: set[str]) -> None:
    assert rules <= {f.rule for f in examples.by_id[process].findings}


def test_the_rubber_stamp_second_signature_is_answered(examples: Assessment) -> None:
    [finding] = [f for f in examples.by_id["refund-sendback"].findings if f.rule == "rubber-stamp"]
    assert finding.answered and finding.answer is not None and finding.answer.owner == "Controller"


def test_expired_answers_are_reported(examples: Assessment) -> None:
    assert sorted((u.process, u.answer.rule, u.expired) for u in examples.unmatched) == [
        ("account-enquiry", "system-sprawl", True), ("billing-credit", "policy-stale", True)]


def test_the_folder_ranks_the_months_long_backlog_first(examples: Assessment) -> None:
    top = [(f.rule, f.process, f.at) for f in examples.findings[:5]]
    assert top == [
        ("long-wait", "billing-credit", "check-credit"),
        ("backlog-age", "billing-credit", "check-credit"),
        ("sla-breach", "billing-credit", "billing-credit"),
        ("backlog-age", "refund-sendback", "check-refund"),
        ("impossible-wait", "refund-sendback", "check-refund"),
    ]


def test_the_shared_back_office_is_the_portfolio_bottleneck(examples: Assessment) -> None:
    bottleneck = examples.portfolio.bottleneck
    assert bottleneck is not None and bottleneck.team.id == "back-office"
    assert len(bottleneck.processes) == 5
    [finding] = [f for f in examples.portfolio_findings if f.rule == "bottleneck"]
    assert finding.at == "back-office" and finding.severity == "warning"
    # every process alone stays below the 85% warning threshold
    assert all(f.rule != "bottleneck" for p in examples.processes for f in p.findings)


def test_the_declared_credit_queue_wait_cannot_be_true(examples: Assessment) -> None:
    # 120 calls a day; 90% raise a request; 7% are sent back, 75% of those come back:
    # visits 0.9 / (1 - 0.07 x 0.75) = 0.94987; 5,400 / (120 x 0.94987) = 47.37 days behind the backlog
    [finding] = [f for f in examples.by_id["billing-credit"].findings if f.rule == "impossible-wait"]
    assert finding.at == "check-credit"
    assert finding.message == "the declared 45.0d wait cannot be true behind 5,400 items: a new item waits 47.4d"


def test_the_moving_house_ivr_menu_sends_callers_back_without_a_refusal(examples: Assessment) -> None:
    loops = {f.at: f for f in examples.by_id["moving-house"].findings if f.rule == "menu-loop"}
    assert sorted(loops) == ["moving-menu->main-menu", "online-form->main-menu"]
    menu = loops["moving-menu->main-menu"]
    assert menu.message == (
        "'Press 1 if you are moving out, press 2 if you are moving in' sends 25% of its cases back to 'Customer "
        "calls and hears the main IVR menu' (no option fits moving out and in, back to the main menu) without a "
        "refusal: the customer goes through 'Customer calls and hears the main IVR menu' and 'Press 1 if you are "
        "moving out, press 2 if you are moving in' again; the loop adds 1m per case")
    assert (menu.ask, loops["online-form->main-menu"].ask) == ("Contact centre operations", "Head of Digital")


def test_the_moving_house_self_service_is_no_contact(examples: Assessment) -> None:
    walk = examples.by_id["moving-house"].walk
    # only 'take-move' is a contact with a person: every pass through the agent queue reaches it
    assert walk.figures.contacts == pytest.approx(walk.steps["take-move"].visits)
    assert walk.figures.contacts == pytest.approx(walk.steps["agent-queue"].visits)
    # 120 a working day: 120 * 5 / 7 = 85.71 cases a calendar day
    assert walk.process.demand_per_day == pytest.approx(600 / 7)


def test_a_team_under_the_warning_threshold_is_the_busiest_team_not_the_bottleneck(examples: Assessment) -> None:
    from processwalk.render import html, index_view, process_view, text

    walk = examples.by_id["billing-credit"].walk
    # back office alone: 43% busy, under the bottleneck rule's 85% warning
    tile = next(f for f in process_view.headline(walk) if f.key == "bottleneck")
    assert (tile.label, tile.value, tile.detail) == (
        "Busiest team", "Back office (billing, refunds, account investigations)",
        "43% busy \u00b7 takes at most 280 cases a day")
    assert not any(row.bottleneck for row in process_view.team_rows(walk))
    assert "  busiest team: Back office (billing, refunds, account investigations) at 43% " in text.summary(examples)
    assert "bottleneck: " not in text.summary(examples)
    # summed over five processes the back office is past 85%: the organisation's bottleneck
    index = index_view.index_view(examples, html.slugs(examples.walks))
    assert index.bottleneck_label == "Bottleneck" and index.teams[0].bottleneck
    assert process_view.team_word(0.86) == "Bottleneck" and process_view.team_word(0.84) == "Busiest team"


def test_the_overloaded_back_office_ranks_by_its_queueing_effect(tmp_path: pytest.TempPathFactory) -> None:
    # The billing-credit story as issue 13 tells it: the same 17 back-office people give 6 h a day, not 7.5,
    # so the five processes' 83.4 h of work a day meet 17 * 6 * 5/7 = 72.86 h: 114%. The queue grows without
    # bound, so the whole declared wait at each back-office step is its queueing part. Customer-hours a day,
    # demand x visits x wait: account-enquiry 200 x 0.12 x 4h + 200 x 0.10 x 72h = 96 + 1,440;
    # billing-credit 120 x 0.949868 x 1,080h + 120 x 0.876728 x 24h = 123,102.9 + 2,525.0;
    # goodwill-delivery 15 x 0.144 x 4h + 15 x 0.8988 x 24h = 8.6 + 323.6; outsourced-complaint 60 x 0.418118
    # x 96h = 2,408.4; refund-sendback 40 x 1.629992 x 120h + 40 x 0.869601 x 24h = 7,824.0 + 834.8;
    # in all 138,563.3 h a day, x 365.25 / 24 = 2,108,760 customer-days a year: first of the folder's findings.
    import shutil

    folder = tmp_path / "processes"  # type: ignore[operator]
    shutil.copytree("processes", folder)
    catalog = (folder / "catalog.yaml").read_text()
    team = "  back-office:\n    name: Back office (billing, refunds, account investigations)\n    staff: 17\n"
    assert catalog.count(team + "    hours_per_day: 7.5\n") == 1
    (folder / "catalog.yaml").write_text(catalog.replace(team + "    hours_per_day: 7.5\n",
                                                         team + "    hours_per_day: 6\n"))
    story = assess([str(folder)], load_config(str(folder / ".processwalk.yaml")))
    top = story.findings[:3]
    assert [(f.rule, f.process, f.at) for f in top][0] == ("bottleneck", "(portfolio)", "back-office")
    assert top[0].message.startswith("Back office (billing, refunds, account investigations) is loaded to 114% ")
    assert top[0].impact.customer_days_per_year == pytest.approx(2_108_760, rel=1e-6)
    # short of (83.40 - 72.86) h a day: 3,846 staff-hours a year
    assert top[0].impact.staff_hours_per_year == pytest.approx(3846.25, rel=1e-5)


def test_at_92_percent_the_back_offices_queue_explains_hours_not_weeks(examples: Assessment) -> None:
    # as shipped the back office keeps up (92%): its queueing part is the Allen-Cunneen wait, 0.50h at
    # check-credit (the rest of the 45 days is policy part, docs/scenarios.md), so it ranks far below
    [finding] = [f for f in examples.portfolio_findings if f.rule == "bottleneck"]
    assert 2000 < (finding.impact.customer_days_per_year or 0) < 2500
    assert examples.findings.index(finding) > 20
