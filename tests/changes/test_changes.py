"""Each change of the what-if contract, applied to a small process, against hand-computed figures."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from processwalk import changes
from processwalk.analysis.figures import basic
from processwalk.model import Process
from processwalk.project import load_paths
from tests.approx import near

PROCESS = """\
process: credit
title: Credit
demand: 100/day
start: call
teams:
  front: {staff: 10, hours_per_day: 8, days_per_week: 5, hourly_cost: 30}
  back: {staff: 4, hours_per_day: 8, days_per_week: 5, hourly_cost: 40}
policies:
  sign-off: {title: Team leads sign off, owner: Finance, why: fraud}
steps:
  call: {kind: contact, team: front, wait: 2m, work: 10m, next: check}
  check:
    team: back
    wait: 2d
    work: 30m
    next:
      - {to: approve, p: 0.5, policy: sign-off}
      - {to: call, p: 0.2, refusal: true}
      - {to: done}
  approve: {kind: approval, team: back, policy: sign-off, wait: 1d, work: 5m, next: done}
  done: {kind: end}
scenarios:
  it:
    changes:
"""


def scenario(tmp_path: Path, *lines: str) -> tuple[Process, Process, list[str]]:
    path = tmp_path / "credit.yaml"
    path.write_text(PROCESS + "".join(f"      - {line}\n" for line in lines))
    loaded = load_paths([str(path)])
    if loaded.problems:
        return None, None, [str(p).replace(str(tmp_path) + "/", "") for p in loaded.problems]  # type: ignore[return-value]
    process = loaded.processes[0]
    changed, problems = changes.apply(process, process.scenarios[0].changes)
    return process, changed, [str(p).replace(str(tmp_path) + "/", "") for p in problems]


def test_staff_changes_by_an_amount_or_to_a_number(tmp_path: Path) -> None:
    _, changed, _ = scenario(tmp_path, "staff: {back: +1, front: 12}")
    assert changed.teams["back"].staff == 5 and changed.teams["front"].staff == 12


def test_branch_rescales_the_others(tmp_path: Path) -> None:
    # check: approve 0.5, call 0.2, done 0.3; the refusal to 0.05: the others * (0.95 / 0.8)
    _, changed, _ = scenario(tmp_path, "branch: {at: check->call, p: 0.05}")
    assert [round(b.p, 6) for b in changed.steps["check"].next] == [0.59375, 0.05, 0.35625]


def test_branch_to_zero_removes_it_and_what_only_it_reached(tmp_path: Path) -> None:
    _, changed, _ = scenario(tmp_path, "branch: {at: check->approve, p: 0}")
    assert [(b.to, round(b.p, 6)) for b in changed.steps["check"].next] == [("call", 0.4), ("done", 0.6)]
    assert "approve" not in changed.steps


def test_resolve_finishes_a_share_at_the_step(tmp_path: Path) -> None:
    # call: 60% resolved there, the way to check * 0.4; work 10m + 0.6 x 5m = 13m
    _, changed, _ = scenario(tmp_path, "resolve: {at: call, share: 60%, work: 5m}")
    call = changed.steps["call"]
    assert [(b.to, round(b.p, 9)) for b in call.next] == [("check", 0.4), ("done", 0.6)]
    assert call.work.mean == pytest.approx(13 / 60)


def test_automate_takes_a_share_of_wait_and_work(tmp_path: Path) -> None:
    _, changed, _ = scenario(tmp_path, "automate: {at: check, share: 0.25}")
    assert changed.steps["check"].wait.mean == pytest.approx(36.0)  # 2d x 0.75
    assert changed.steps["check"].work.mean == pytest.approx(0.375)  # 30m x 0.75


def test_wait_and_work_by_a_share_keep_the_shape(tmp_path: Path) -> None:
    _, changed, _ = scenario(tmp_path, "wait: {check: -50%}", "work: {check: {mean: 20m, cv: 0.5}}")
    assert changed.steps["check"].wait.mean == 24.0 and changed.steps["check"].wait.cv == 1.0
    assert changed.steps["check"].work == (near(1 / 3), 0.5, "gamma", ())


def test_insert_leads_every_branch_into_the_new_step(tmp_path: Path) -> None:
    _, changed, _ = scenario(tmp_path, "insert: {before: done, id: letter, step: {team: back, work: 2m}}")
    assert [b.to for b in changed.steps["check"].next] == ["approve", "call", "letter"]
    assert [b.to for b in changed.steps["approve"].next] == ["letter"]
    assert [b.to for b in changed.steps["letter"].next] == ["done"]


def test_remove_bypasses_the_step(tmp_path: Path) -> None:
    # without check: call goes where check passes cases on: approve 0.5/0.8, done 0.3/0.8
    _, changed, _ = scenario(tmp_path, "remove: check")
    assert [(b.to, round(b.p, 9)) for b in changed.steps["call"].next] == [("approve", 0.625), ("done", 0.375)]


def test_remove_policy_is_policy_friction_exactly(tmp_path: Path) -> None:
    # without sign-off: check's branch to approve is bypassed as a pass into done
    _, changed, _ = scenario(tmp_path, "remove-policy: sign-off")
    assert "approve" not in changed.steps
    assert basic(changed).visits["check"] == pytest.approx(1 / 0.8)


def test_team_and_pool(tmp_path: Path) -> None:
    _, moved, _ = scenario(tmp_path, "team: {approve: front}")
    assert moved.steps["approve"].team == "front"
    # pool: staff 14; hours 8 a day, 5 days; cost (10 x 30 + 4 x 40) / 14 = 32.857...
    _, pooled, _ = scenario(tmp_path, "pool: {teams: [front, back], as: desk}")
    desk = pooled.teams["desk"]
    assert (desk.staff, desk.hours_per_day, desk.days_per_week) == (14, 8, 5)
    assert desk.hourly_cost == pytest.approx(460 / 14)
    assert {s.team for s in pooled.steps.values() if not s.is_end} == {"desk"}
    assert set(pooled.teams) == {"desk"}


def test_hours_and_demand(tmp_path: Path) -> None:
    _, changed, _ = scenario(tmp_path, "hours: {back: {hours_per_day: 10}}", "demand: +20%")
    assert changed.teams["back"].hours_per_day == 10 and changed.demand_per_day == pytest.approx(120)


def test_a_step_an_earlier_change_removed(tmp_path: Path) -> None:
    _, _, problems = scenario(tmp_path, "remove: check", "wait: {check: 1d}")
    assert [p.replace(f"{tmp_path}/", "") for p in problems] == ["credit.yaml:26:16: [error] step 'check' was removed by an earlier change "
                        "of this scenario; name a step that is still there, or change the order of the "
                        "changes (invalid)"]


@pytest.mark.parametrize(("line", "message"), [
    ("remove: done", "credit.yaml:25:17: [error] 'done' is an end step and cannot be removed: the cases that end "
                     "there would have nowhere to go; lower the branch into it instead, e.g. "
                     "'branch: {at: STEP->done, p: 0}' (invalid)"),
    ("staff: {back: -4}", "credit.yaml:25:23: [error] staff of team 'back' would be 0; a team needs more than 0 "
                          "people (move its steps to another team with 'team:' instead) (invalid)"),
    ("staff: {bak: +1}", "credit.yaml:25:17: [error] unknown team 'bak'; did you mean 'back'? (invalid)"),
    ("branch: {at: check->call, p: 1}", "credit.yaml:25:9: [error] after this change, the loop call -> check -> "
                                        "call has no way out; give one of its steps a branch that leads to an "
                                        "end step (invalid)"),
    ("fly: check", "credit.yaml:25:9: [error] unknown change 'fly'; the changes are remove, remove-policy, insert, "
                   "branch, resolve, automate, wait, work, team, pool, staff, hours, demand (invalid)"),
])
def test_bad_changes_are_positioned(tmp_path: Path, line: str, message: str) -> None:
    _, _, problems = scenario(tmp_path, line)
    assert problems == [message]


def test_a_scenario_file_names_the_process(tmp_path: Path) -> None:
    teams = "teams:\n  front: {staff: 10}\n  back: {staff: 4}\n"
    (tmp_path / "catalog.yaml").write_text(teams)
    (tmp_path / "credit.yaml").write_text(PROCESS.replace("scenarios:\n  it:\n    changes:\n", "").replace(
        "  front: {staff: 10, hours_per_day: 8, days_per_week: 5, hourly_cost: 30}\n"
        "  back: {staff: 4, hours_per_day: 8, days_per_week: 5, hourly_cost: 40}\n", "").replace("teams:\n", ""))
    (tmp_path / "whatif.yaml").write_text(textwrap.dedent("""\
        scenarios:
          faster:
            changes:
              - staff: {back: +1}
              - {process: credit, wait: {check: -50%}}
              - {process: credt, remove: check}
              - remove: call
        """))
    problems = [str(p).replace(str(tmp_path) + "/", "") for p in load_paths([str(tmp_path)]).problems]
    assert problems == [
        "whatif.yaml:6:26: [error] the change 'remove' names process 'credt', which no process file below this "
        "folder holds; did you mean 'credit'? (invalid)",
        "whatif.yaml:7:9: [error] the change 'remove' names no process; in a scenario file each change says which "
        "process it changes, e.g. 'process: billing-credit' (invalid)",
    ]
