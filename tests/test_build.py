"""Positioned YAML -> process records: values, defaults, references and every problem at once."""
from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

from processwalk import build, units
from processwalk.errors import Location
from processwalk.load import Map, load
from processwalk.model import Catalog, Process, RuleOverride, Team
from processwalk.read import Reader

DATA = Path(__file__).parent / "data"
TEAMS = "teams:\n  frontline: {name: Frontline agents}\n  back-office: {name: Back office}\n"


def read(text: str, shared: Catalog | None = None, teams: bool = True) -> tuple[Process | None, list[str]]:
    """The process of ``text`` (dedented, with the teams of TEAMS after it) and its problems as printed."""
    root = load("f.yaml", (textwrap.dedent(text) + (TEAMS if teams else "")).encode()).root
    assert isinstance(root, Map)
    reader = Reader("f.yaml")
    process = build.read_process(reader, root, shared or Catalog())
    return process, [str(p) for p in sorted(reader.problems)]


def problems(text: str) -> list[str]:
    return read(text)[1]


def error(line: int, column: int, message: str) -> str:
    return f"f.yaml:{line}:{column}: [error] {message} (invalid)"


def process_of(path: Path) -> Process:
    root = load(str(path)).root
    assert isinstance(root, Map)
    reader = Reader(str(path))
    process = build.read_process(reader, root, Catalog())
    assert reader.problems == [] and process is not None
    return process


# -- a valid process ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refund() -> Process:
    return process_of(DATA / "valid" / "distributions.yaml")


def test_words_yaml_reads_as_booleans_stay_text_where_text_is_expected(refund: Process) -> None:
    assert refund.owner == "on"
    assert refund.steps["call-in"].name == "no"


def test_inline_catalog_and_defaults(refund: Process) -> None:
    assert sorted(refund.teams) == ["back-office", "frontline", "supervisors"]
    assert refund.teams["frontline"] == Team("frontline", "Frontline agents", Location(refund.file, 12, 3),
                                             staff=40, hours_per_day=7.5, days_per_week=5, hourly_cost=32)
    assert refund.teams["supervisors"].name == "supervisors"  # an empty entry takes its id as name
    assert refund.systems["ledger"].name == "ledger"
    assert refund.policies["refund-approval"].review_every_h == pytest.approx(365.25 * 24)
    assert refund.demand_per_day == 360 and refund.sla_h == 48


def test_every_duration_form(refund: Process) -> None:
    steps = refund.steps
    assert steps["call-in"].wait.shape == "lognormal" and steps["call-in"].work == units.Duration(0.15, 1.0)
    assert steps["check"].wait == units.Duration(48.0, 0.5)
    assert steps["check"].work.shape == "triangular"
    assert steps["approve"].wait == units.Duration(24.0, 1.0)
    assert steps["approve"].work.mean == pytest.approx(4 / 60)  # PT4M
    assert steps["pay"].wait.mean == 1.5 and steps["pay"].work.mean == pytest.approx(45 / 3600)
    assert steps["refunded"].wait == units.ZERO


def test_the_remainder_branch_takes_what_is_left(refund: Process) -> None:
    branches = refund.steps["call-in"].next
    assert [(b.to, b.p) for b in branches] == [("check", 0.9), ("explained", pytest.approx(0.1))]
    assert branches[0].when == "a refund is due"


def test_steps_read_in_walking_order_with_their_references(refund: Process) -> None:
    assert list(refund.steps) == ["call-in", "check", "approve", "pay", "refunded", "explained"]
    check = refund.steps["check"]
    assert check.systems == ("crm",) and check.backlog is not None and check.backlog.open == 120
    assert [(b.to, b.p, b.refusal, b.policy) for b in check.next] == [
        ("approve", 0.3, False, "refund-approval"), ("call-in", 0.1, True, None), ("pay", 0.6, False, None)]
    assert refund.steps["pay"].policies == ("refund-approval",)
    assert refund.steps["refunded"].outcome == "resolved"
    assert refund.steps["explained"].outcome == "no-refund-due"
    assert refund.steps["approve"].kind == "approval" and refund.steps["pay"].kind == "task"


def test_x_keys_are_kept_out_of_the_records(refund: Process) -> None:
    assert "x-walked-by" not in refund.steps and "x-cost-centre" not in refund.teams


# -- problems ----------------------------------------------------------------------------------


def test_every_problem_of_a_file_at_once() -> None:
    assert problems("""\
        process: Refund
        steps:
          a:
            team: frontlien
            work: 15
            next: b
          b:
            kind: ende
            team: back-office
            next: [{to: c, p: 2}, {to: a}]
          c:
            kind: end
            outcome: resolved
        start: a
        """) == [
        error(1, 10, "'Refund' is not a valid process id; use lowercase letters, digits and '-', e.g. 'refund'"),
        error(4, 11, "unknown team 'frontlien'; did you mean 'frontline'?"),
        error(5, 11, "bad work: '15' has no unit; write a number with a unit (s, m, h, d, w), e.g. '15m', "
                     "'1h30m', '2d', or ISO 8601 'PT15M'"),
        error(8, 11, "unknown kind 'ende' for step 'b'; did you mean 'end'?"),
        error(10, 23, "p is a probability: more than 0 and at most 1, not 2"),
    ]


def test_a_step_whose_body_is_broken_is_still_a_known_target() -> None:
    assert problems("""\
        process: p
        start: a
        steps:
          a: {team: frontline, next: b}
          b: end
        """) == [error(5, 6, "step 'b' should be a mapping of keys to values, not 'end'")]


def test_a_branch_must_be_a_mapping() -> None:
    assert problems("""\
        process: p
        start: a
        steps:
          a: {team: frontline, next: [b, c]}
          b: {kind: end}
          c: {kind: end}
        """) == [
        error(4, 31, "a branch of step 'a' should be a mapping like '- {to: b, p: 0.5}', not 'b'; or write "
                     "'next: b' for a single way"),
        error(4, 34, "a branch of step 'a' should be a mapping like '- {to: c, p: 0.5}', not 'c'; or write "
                     "'next: c' for a single way"),
    ]


def test_a_branch_without_to_does_not_also_break_the_sum() -> None:
    assert problems("""\
        process: p
        start: a
        steps:
          a:
            team: frontline
            next:
              - p: 0.5
              - {to: b, p: 0.5}
          b: {kind: end}
        """) == [error(7, 9, "a branch of step 'a' has no 'to'; say which step it goes to, e.g. 'to: close'")]


def test_an_empty_next() -> None:
    assert problems("""\
        process: p
        start: a
        steps:
          a: {team: frontline, next: }
          b: {kind: end}
        """) == [error(4, 30, "'next' of step 'a' is empty; name the step the case goes to; known steps: a, b")]


def test_a_branch_refers_to_a_policy() -> None:
    assert problems("""\
        process: p
        start: a
        policies:
          sign: {title: Sign}
        steps:
          a:
            team: frontline
            next: [{to: b, policy: sgin}]
          b: {kind: end}
        """) == [error(8, 28, "unknown policy 'sgin'; did you mean 'sign'?")]


def test_an_inline_definition_that_differs_from_the_shared_one() -> None:
    shared = Catalog(teams={"frontline": Team("frontline", "Front", Location("catalog.yaml", 2, 3))})
    _, found = read("""\
        process: p
        start: a
        teams:
          frontline: {name: Frontline agents}
        steps:
          a: {team: frontline, next: b}
          b: {kind: end}
        """, shared, teams=False)
    assert found == [error(4, 3, "team 'frontline' is also defined, differently, at catalog.yaml:2:3; keep one "
                                 "definition or give them different ids")]


def test_the_same_definition_twice_is_fine() -> None:
    first = Team("frontline", "Front", Location("a.yaml", 2, 3))
    second = Team("frontline", "Front", Location("b.yaml", 5, 3))
    merged, found = build.merge_catalogs([Catalog(teams={"frontline": first}), Catalog(teams={"frontline": second})])
    assert found == [] and merged.teams == {"frontline": first}


def test_no_process_without_an_id_a_start_or_steps() -> None:
    assert read("process: p\nstart: a\nsteps: {}\n") == (None, [
        error(3, 8, "'steps' is empty; a process needs at least a start step and an end step")])
    assert read("process: p\nsteps:\n  a: {kind: end}\n") == (None, [
        error(1, 1, "the process has no 'start'; name the step where the customer's request originates, e.g. "
                    "'start: call-in'")])


def test_kind_of_a_document() -> None:
    def kind(text: str) -> str:
        return build.kind_of(load("f.yaml", text.encode()).root)

    assert [kind("process: p\nteams: {}\n"), kind("teams: {}\n"), kind("title: x\n"), kind("- a\n"), kind("")] == \
        ["process", "catalog", "other", "other", "other"]


def test_branch_probabilities_stay_numbers() -> None:
    process, found = read("""\
        process: p
        start: a
        steps:
          a:
            team: frontline
            next:
              - {to: b, p: 0.25}
              - {to: b, p: 0.75}
          b: {kind: end}
        """)
    assert found == [] and process is not None
    assert [b.p for b in process.steps["a"].next] == [0.25, 0.75]
    assert not any(math.isnan(b.p) for s in process.steps.values() for b in s.next)


def test_x_entries_among_teams_and_steps_are_the_users_own() -> None:
    process, found = read("""\
        process: p
        start: a
        teams:
          x-notes: {anything: goes}
          frontline: {name: Frontline agents}
        steps:
          x-draft: {anything: goes}
          a: {team: frontline, next: b}
          b: {kind: end}
        """, teams=False)
    assert found == [] and process is not None
    assert list(process.steps) == ["a", "b"] and list(process.teams) == ["frontline"]


def test_references_backlogs_and_branches_of_the_wrong_shape() -> None:
    assert problems("""\
        process: p
        start: a
        steps:
          a:
            team: frontline
            systems: [~]
            backlog: 12
            next: [[b]]
          b:
            kind: end
            team: frontline
            backlog: {open: 2.5, oldest: 3d}
        """) == [
        error(6, 15, "system should be text, not nothing"),
        error(7, 14, "a backlog should be a mapping of keys to values, not '12'"),
        error(8, 12, "a branch of step 'a' should be a mapping of keys to values, not a list"),
        error(12, 21, "open should be a whole number of items, not 2.5"),
    ]


def test_answers_and_budgets() -> None:
    process, found = read("""\
        process: p
        start: a
        steps:
          a: {team: frontline, next: b}
          b: {kind: end}
        answers:
          - {rule: long-wait, at: a, why: Agreed with the customers, owner: Ops, until: 2027-01-31}
          - nothing
          - {rule: long-wait, at: a}
        budgets: {long-wait: false}
        """)
    assert found == [
        error(8, 5, "an answer should be a mapping of keys to values, not 'nothing'"),
        error(9, 5, "the answer has no 'owner'; say who gave the answer and answers for it, e.g. 'owner: "
                    "Controller'"),
        error(9, 5, "the answer has no 'until'; say until when it holds, e.g. 'until: 2027-06-30' (after it the "
                    "finding counts again): an answer that never expires would silence the finding for good"),
        error(9, 5, "the answer has no 'why'; an answer says which finding it answers ('rule', 'at') and 'why'"),
    ]
    assert process is not None and [(a.rule, a.at, a.owner) for a in process.answers] == [("long-wait", "a", "Ops")]
    assert process.budgets == {"long-wait": RuleOverride(enabled=False)}


def test_a_catalog_entry_of_the_wrong_shape() -> None:
    assert problems("""\
        process: p
        start: a
        systems:
          crm: [CRM]
        steps:
          a: {team: frontline, next: b}
          b: {kind: end}
        """) == [error(4, 8, "system 'crm' should be a mapping of keys to values, not a list")]


def test_steps_of_x_keys_only_are_no_steps() -> None:
    assert problems("""
        process: p
        start: a
        steps:
          x-a: {kind: end}
        """) == [error(5, 3, "'steps' is empty (its 'x-' keys are the user's own, not steps); a process needs at "
                       "least a start step and an end step")]


def test_an_id_has_at_most_100_characters() -> None:
    found = problems(f"""
        process: {"p" * 101}
        start: a
        steps:
          a: {{kind: end}}
        """)
    assert found == [error(2, 10, "the process id 'pppppppppppppppppppp...' is 101 characters long; an id has at "
                           "most 100 (it names files and anchors)")]


def test_text_is_read_as_printable_characters() -> None:
    process, found = read(r"""
        process: p
        start: a
        steps:
          a: {name: "a\x85b\u2028c\ufffed\x1b[31m", kind: end}
        """)
    assert found == [] and process is not None
    assert process.steps["a"].name == "a\\x85b\\u2028c\\ufffed\\x1b[31m"


# -- what owners say: percentages, working days, the frontline, team owners, self-service ------


def test_a_probability_may_be_a_percentage() -> None:
    process, found = read("""\
        process: p
        start: a
        demand: 120/workday
        steps:
          a: {team: frontline, next: [{to: b, p: 35%}, {to: c, p: 65 %}]}
          b: {kind: end}
          c: {kind: end}
        """)
    assert found == []
    assert process is not None and [b.p for b in process.steps["a"].next] == [0.35, 0.65]
    assert process.demand_per_day == pytest.approx(120 * 5 / 7)  # 600 a week over 7 calendar days


def test_a_percentage_that_is_not_one() -> None:
    assert problems("""\
        process: p
        start: a
        steps:
          a: {team: frontline, next: [{to: b, p: lots%}, {to: b, p: 150%}]}
          b: {kind: end}
        """) == [
        error(4, 42, "p should be a probability like 0.35 or 35%, not 'lots%'"),
        error(4, 61, "p is a probability: more than 0 and at most 1, not 1.5"),
    ]


def test_frontline_and_team_owner() -> None:
    process, found = read("""\
        process: p
        start: a
        frontline: back-office
        teams:
          frontline: {name: Frontline agents}
          back-office: {name: Back office, owner: Back-office manager}
        steps:
          a: {kind: self-service, team: frontline, next: b}
          b: {kind: contact, team: back-office, next: c}
          c: {kind: end}
        """, teams=False)
    assert found == []
    assert process is not None and process.frontline == "back-office"
    assert process.steps["a"].kind == "self-service"
    assert [(t.owner, t.answerer) for t in process.teams.values()] == [
        (None, "Frontline agents"), ("Back-office manager", "Back-office manager")]


def test_a_frontline_that_is_no_team_of_the_process() -> None:
    text = """\
        process: p
        start: a
        frontline: {team}
        steps:
          a: {{team: frontline, next: b}}
          b: {{kind: end}}
        """
    assert problems(text.format(team="frontlien")) == [
        error(3, 12, "unknown team 'frontlien'; did you mean 'frontline'?")]
    assert problems(text.format(team="back-office")) == [
        error(3, 12, "frontline team 'back-office' does no step of this process; name the team the customer "
                     "first talks to; known teams: frontline")]
