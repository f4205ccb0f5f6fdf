from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from processwalk import compare
from processwalk.cli import main
from processwalk.config import Config, load_config
from processwalk.figure_change import FigureChange
from processwalk.render import diff as views
from processwalk.sides import Side

BEFORE = """\
process: refund
title: Customer asks for a refund
start: call-in
teams:
  frontline: {name: Frontline}
  back-office: {name: Back office}
  leaders: {name: Team leaders}
steps:
  call-in:
    name: Customer calls
    kind: contact
    team: frontline
    work: {mean: 10m, cv: 0}
    next: check
  check:
    name: We check the refund
    team: back-office
    wait: {mean: 2d, cv: 0}
    work: {mean: 15m, cv: 0}
    next: refunded
  refunded:
    kind: end
"""
SIGN_OFF = """\
    next: sign-off
  sign-off:
    name: Team leader signs off [over "50" EUR]
    kind: approval
    team: leaders
    wait: {mean: 1d, cv: 0}
    work: {mean: 5m, cv: 0}
    next:
      - to: refunded
        p: 0.97
      - to: check
        p: 0.03
        refusal: true
        reason: not justified
"""
AFTER = BEFORE.replace("    next: refunded\n", SIGN_OFF)
CATALOG = """\
policies:
  four-eyes:
    title: Two people check every refund
    owner: Payments controller
    why: Fraud
    reviewed: {reviewed}
    review_every: 52w
"""
GOVERNED = BEFORE.replace("process: refund", "process: goodwill").replace(
    "    team: back-office\n", "    team: back-office\n    policy: four-eyes\n")

EXPECTED_TEXT = """\
diff HEAD ({commit}) -> working tree
changed refund (processes/refund.yaml): Customer asks for a refund
  + step sign-off
  ~ step check
  lead time: 2.0d -> 3.1d, +1.1d (+54.4%)
  lead time p85 (simulated): 2.0d -> 3.0d, +1.0d (+49.7%)
  touch time: 25m -> 31m, +6m (+22.5%)
  flow efficiency: 0.9% -> 0.7%, -0.2 pt
  handoffs: 1.00 -> 2.06, +1.06 (+106.2%)
  approvals: 0.00 -> 1.03, +1.03
  refusals: 0.00 -> 0.03, +0.03
  first-pass yield: 100% -> 97%, -3.0 pt
  P(refused twice): 0% -> 0.1%, +0.1 pt
  teams touched: 2.00 -> 3.00, +1.00 (+50.0%)
  ping-pong: 0.00 -> 0.06, +0.06
  + approval sign-off: 'Team leader signs off [over "50" EUR]' (Team leaders): 100% of cases wait 1.0d for it
  + handoff check->sign-off: Back office -> Team leaders from 'check' to 'sign-off'
  + handoff sign-off->check: Team leaders -> Back office from 'sign-off' to 'check'
  + refusal sign-off->check: 'sign-off' refuses 3% of cases (not justified) and loops back to 'check' [loops back]
"""
REGRESSIONS = """\
processes/refund.yaml:1:10: [error] lead time of 'Customer asks for a refund' grows 2.0d -> 3.1d, +1.1d (+54.4%): \
over the budget of +10% (lead-time-increase)
processes/refund.yaml:21:3: [error] new approval step 'sign-off' in 'Customer asks for a refund': 'Team leader signs \
off [over "50" EUR]' (Team leaders): 100% of cases wait 1.0d for it (new-approval)
processes/refund.yaml:30:9: [error] new refusal loop sign-off->check in 'Customer asks for a refund': 'sign-off' \
refuses 3% of cases (not justified) and loops back to 'check' (new-refusal-loop)
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository with one committed process; the working folder is its top."""
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.invalid")
    (tmp_path / "processes").mkdir()
    write(tmp_path, "processes/refund.yaml", BEFORE)
    write(tmp_path, ".processwalk.yaml", "today: 2026-11-24\n")
    commit(tmp_path)
    return tmp_path


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def commit(root: Path) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")
    return git(root, "rev-parse", "--short=7", "HEAD").strip()


def state(root: Path) -> tuple[str, bytes, int]:
    """The status (read without refreshing the index) and the index file's bytes and time."""
    index = root / ".git" / "index"
    return git(root, "--no-optional-locks", "status", "--porcelain"), index.read_bytes(), index.stat().st_mtime_ns


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_new_approval_fails_and_leaves_the_tree_and_index_alone(repo: Path) -> None:
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    write(repo, "processes/refund.yaml", AFTER)
    before = state(repo)
    result = run("diff", "--base", "HEAD", "processes")
    assert state(repo) == before
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith(EXPECTED_TEXT.format(commit=head))
    assert out.endswith(REGRESSIONS)
    assert "  + finding processes/refund.yaml:21:3: [warning] approval 'Team leader signs off [over \"50\" EUR]' " \
           "passes 97% of cases after 1.0d (rubber-stamp)\n" in out
    assert result.stderr == f"1 process(es) changed, 0 unchanged against HEAD ({head}): 3 budget(s) broken\n"


def test_nothing_changed(repo: Path) -> None:
    result = run("diff", "--base", "HEAD")
    assert result.exit_code == 0
    assert result.stdout == f"diff HEAD ({git(repo, 'rev-parse', '--short=7', 'HEAD').strip()}) -> working tree\n"
    assert result.stderr.startswith("0 process(es) changed, 1 unchanged against HEAD (")


def test_budgets_come_from_the_config(repo: Path) -> None:
    write(repo, ".processwalk.yaml", "diff:\n  lead-time-increase: 0.6\n  new-approval: false\n"
                                     "  new-refusal-loop: false\n")
    write(repo, "processes/refund.yaml", AFTER)
    result = run("diff", "--base", "HEAD", "processes", "--today", "2026-11-24")
    assert result.exit_code == 0
    assert result.stderr.endswith(": no budget broken\n")


def test_only_changed_files_are_analysed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(5):
        write(repo, f"processes/other-{n}.yaml", BEFORE.replace("process: refund", f"process: other-{n}"))
    commit(repo)
    write(repo, "processes/refund.yaml", AFTER)
    analysed: list[list[str]] = []
    original = compare.side_of

    def spy(paths: list[str], *args: object, **kwargs: object) -> Side:
        analysed.append([Path(p).name for p in paths])
        return original(paths, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compare, "side_of", spy)
    result = run("diff", "--base", "HEAD", "processes")
    assert analysed == [["refund.yaml"], ["refund.yaml"]]
    assert result.stderr.startswith("1 process(es) changed, 5 unchanged against HEAD (")


def test_a_changed_catalog_reaches_the_processes_below_it(repo: Path) -> None:
    write(repo, "catalog.yaml", CATALOG.format(reviewed="2026-06-01"))
    write(repo, "processes/goodwill/goodwill.yaml", GOVERNED)
    commit(repo)
    write(repo, "catalog.yaml", CATALOG.format(reviewed="2020-01-01"))
    result = run("diff", "--base", "HEAD", "processes")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "changed goodwill (processes/goodwill/goodwill.yaml): Customer asks for a refund",
        "  ~ policy four-eyes changed in the catalog (catalog.yaml:2:3)",
        ("  + finding catalog.yaml:2:3: [warning] policy 'Two people check every refund' was last reviewed "
        "2020-01-01, due again 2020-12-30 (policy-stale)"),
        "catalog:",
        "  changed policy four-eyes (catalog.yaml:2:3): Two people check every refund",
        "    reviewed: 2026-06-01 -> 2020-01-01",
    ]
    assert result.stderr.startswith("1 process(es) changed, 1 unchanged against HEAD (")
    assert result.stderr.endswith(": 1 policy changed, no budget broken\n")


def test_processes_added_removed_and_untracked(repo: Path) -> None:
    (repo / "processes" / "refund.yaml").unlink()
    write(repo, "processes/new/refund-v2.yaml", AFTER.replace("process: refund", "process: refund-v2"))
    result = run("diff", "--base", "HEAD", "processes", "--format", "json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert [(p["id"], p["status"], p["file"]) for p in body["processes"]] == [
        ("refund", "removed", "processes/refund.yaml"), ("refund-v2", "added", "processes/new/refund-v2.yaml")]
    assert [r["budget"] for r in body["regressions"]] == ["new-approval", "new-refusal-loop"]
    assert body["processes"][1]["figures"]["approvals"]["before"] is None
    assert body["passed"] is False


def test_a_process_that_moved_is_the_same_process(repo: Path) -> None:
    git(repo, "mv", "processes/refund.yaml", "processes/refunds.yaml")
    result = run("diff", "--base", "HEAD")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        "changed refund (processes/refunds.yaml (was processes/refund.yaml)): Customer asks for a refund")


def test_invalid_new_files_fail(repo: Path) -> None:
    write(repo, "processes/refund.yaml", BEFORE.replace("    next: refunded\n", "    next: refundd\n"))
    result = run("diff", "--base", "HEAD")
    assert result.exit_code == 1
    assert "processes/refund.yaml:20:11: [error] step 'check' goes to unknown step 'refundd'" in result.stdout
    assert result.stdout.splitlines()[1:3] == [
        "not compared refund (processes/refund.yaml): Customer asks for a refund",
        "  the new file is invalid, so nothing is said of the change (2 problem(s)):"]
    assert "removed" not in result.stdout and "fixed" not in result.stdout
    assert result.stderr.endswith("no budget broken, 2 problem(s) in the new files\n")


def test_an_invalid_base_file_is_not_compared(repo: Path) -> None:
    write(repo, "processes/refund.yaml", BEFORE.replace("    next: refunded\n", "    next: refundd\n"))
    git(repo, "commit", "-qam", "broken")
    write(repo, "processes/refund.yaml", AFTER)
    result = run("diff", "--base", "HEAD")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:3] == [
        "not compared refund (processes/refund.yaml): Customer asks for a refund",
        "  the base file is invalid, so nothing is said of the change (2 problem(s)):"]
    assert "added" not in result.stdout and "+ finding" not in result.stdout


def test_two_files_one_invalid_are_not_compared(repo: Path) -> None:
    write(repo, "old.yaml", BEFORE)
    write(repo, "new.yaml", BEFORE.replace("    next: refunded\n", "    next: refundd\n").replace(
        "process: refund", "process: 'refund'"))
    result = run("diff", "old.yaml", "new.yaml", "--format", "json")
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)["processes"]
    assert (item["status"], item["file"], item["findings"]) == ("not compared", "new.yaml", {"new": [], "fixed": []})
    assert any(p["message"].startswith("step 'check' goes to unknown step 'refundd'") for p in item["problems"])


def test_markdown_comment_with_a_flowchart(repo: Path) -> None:
    write(repo, "processes/refund.yaml", AFTER)
    result = run("diff", "--base", "HEAD", "--format", "markdown", "--output", "text=diff.txt")
    comment = result.stdout
    assert comment.startswith("## processwalk diff: `HEAD (")
    assert ":x: **3 budget(s) broken**\n" in comment
    assert ("| `new-approval` | `processes/refund.yaml:21:3` | new approval step 'sign-off' in 'Customer asks for a "
            "refund': 'Team leader signs off [over \"50\" EUR]' (Team leaders): 100% of cases wait 1.0d for it |"
            in comment)
    assert "| lead time | 2.0d | 3.1d | +1.1d (+54.4%) |\n" in comment
    chart = comment.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert '    s2{{"Team leader signs off #91;over<br/>#34;50#34; EUR#93;<br/>work 5m"}}\n' in chart
    assert "  class s2 added\n" in chart and "  class s1 changed\n" in chart
    assert "classDef added fill:#dafbe1" in chart
    assert (repo / "diff.txt").read_text(encoding="utf-8").startswith("diff HEAD (")


def test_markdown_stays_under_the_comment_limit(repo: Path) -> None:
    write(repo, "processes/refund.yaml", AFTER)
    found = compare.against_ref("HEAD", ["processes"], _config())
    full = views.markdown(found)
    cut = views.markdown(found, limit=len(full.encode()) - 1)
    assert cut.endswith("\n*1 more process(s) not shown: a pull-request comment is limited to 65,536 characters. "
                        "The text and JSON outputs list them all.*\n")


def _config() -> Config:
    return load_config(".processwalk.yaml")


def test_two_folders_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "old/refund.yaml", BEFORE)
    write(tmp_path, "new/refund.yaml", AFTER)
    result = run("diff", "old", "new", "--today", "2026-11-24")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == ["diff old -> new", ("changed refund (new/refund.yaml): Customer asks "
                                                                 "for a refund")]
    shutil.copy(tmp_path / "old" / "refund.yaml", tmp_path / "same.yaml")
    assert run("diff", "old/refund.yaml", "same.yaml").exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["diff", "processes"], "give --base REF to compare with a git ref, or exactly two paths: OLD NEW"),
    (["diff", "--base", "nope"], "unknown git ref 'nope': no commit has that name"),
    (["diff", "--base", "HEAD", "--output", "sarif=x"], "unknown format 'sarif'"),
])
def test_usage_errors_exit_2(repo: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_outside_a_repository_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "p/refund.yaml", BEFORE)
    result = run("diff", "--base", "HEAD", "p")
    assert result.exit_code == 2
    assert "p is not in a git repository; to compare two folders, give them without --base" in result.stderr


def test_figure_changes_read_as_people_say_them() -> None:
    hours = FigureChange("lead_time_h", "lead time", "hours", 48.0, 24.0)
    assert (hours.show(hours.before), hours.delta, hours.ratio) == ("2.0d", "-1.0d (-50.0%)", -0.5)
    missing = FigureChange("flow_efficiency", "flow efficiency", "share", None, 0.5)
    assert (missing.changed, missing.show(None), missing.delta, missing.ratio) == (True, "n/a", "n/a", None)
    same = FigureChange("handoffs", "handoffs", "count", 1.0, 1.0 + 1e-12)
    assert not same.changed


def test_markdown_lists_invalid_new_files(repo: Path) -> None:
    write(repo, "processes/refund.yaml", BEFORE.replace("    next: refunded\n", "    next: refundd\n"))
    result = run("diff", "--base", "HEAD", "processes", "--format", "markdown")
    assert ":x: **2 problem(s) in the changed files**\n" in result.stdout
    assert "### :x: `refund`: Customer asks for a refund\n" in result.stdout


def test_hidden_files_and_the_config_above_do_not_count_as_changes(repo: Path) -> None:
    write(repo, ".pre-commit-config.yaml", "repos: []\n")
    write(repo, ".processwalk.yaml", "today: 2026-11-25\n")
    result = run("diff", "--base", "HEAD", "processes")
    assert result.exit_code == 0
    assert result.stderr.startswith("0 process(es) changed, 1 unchanged against HEAD (")


# -- catalog changes -------------------------------------------------------------------------------

OPS_CATALOG = """\
teams:
  frontline:
    name: Frontline
    staff: 20
    hours_per_day: 7.5
    days_per_week: 5
  back-office:
    name: Back office
    staff: 17
    hours_per_day: 7.5
    days_per_week: 5
    hourly_cost: 36
  archive:
    name: Archive
    staff: 2
policies:
  four-eyes:
    title: Two people check every credit
    owner: Billing controller
    why: Fraud
    reviewed: 2026-06-01
    review_every: 52w
"""
CREDIT = """\
process: credit
title: Customer asks for a credit
start: call-in
demand: 300/day
steps:
  call-in:
    name: Customer calls
    kind: contact
    team: frontline
    work: {mean: 6m, cv: 0}
    next: check
  check:
    name: We check the credit
    team: back-office
    policy: four-eyes
    wait: {mean: 2d, cv: 0}
    work: {mean: 15m, cv: 0}
    next: credited
  credited:
    kind: end
"""
GOODWILL = (CREDIT.replace("process: credit", "process: goodwill").replace("a credit", "goodwill")
            .replace("demand: 300/day", "demand: 80/day").replace("    policy: four-eyes\n", ""))
ONE_MORE = OPS_CATALOG.replace("staff: 17", "staff: 18")

# Capacity = staff x hours_per_day x days_per_week / 7: 17 x 7.5 x 5 / 7 = 91.07 h/day, 18 x 7.5 x 5 / 7 = 96.43.
# Back-office load: credit 300/day x 1 visit x 15m = 75 h/day, goodwill 80 x 0.25 h = 20 h/day.
# credit 75 / 91.07 = 82.4% -> 75 / 96.43 = 77.8% (-4.6 pt); goodwill 20 / 91.07 = 22.0% -> 20.7% (-1.2 pt);
# summed 95 h/day: 95 / 91.07 = 104.3% -> 95 / 96.43 = 98.5% (-5.8 pt).
# Backlog growth before: 380 items a day x (1 - 91.07 / 95) = 15.7 a day (= (95 - 91.07) h / 0.25 h an item);
# after: the load is under the capacity, 0.
STAFF_TEXT = """\
diff HEAD ({commit}) -> working tree
changed credit (ops/credit.yaml): Customer asks for a credit
  ~ team back-office changed in the catalog (ops/catalog.yaml:7:3): utilization 82% -> 78%, -4.6 pt
changed goodwill (ops/goodwill.yaml): Customer asks for goodwill
  ~ team back-office changed in the catalog (ops/catalog.yaml:7:3): utilization 22% -> 21%, -1.2 pt
catalog:
  changed team back-office (ops/catalog.yaml:7:3): Back office
    staff: 17 -> 18, +1 (+5.9%)
    hours per day: 7.5
    days per week: 5
    capacity: 91.1 h/day -> 96.4 h/day, +5.4 h/day (+5.9%)
    utilization: 104% -> 99%, -5.8 pt (2 processes)
      credit: 82% -> 78%, -4.6 pt
      goodwill: 22% -> 21%, -1.2 pt
    backlog growth: 15.7 a day -> 0.0 a day, -15.7 a day (-100.0%)
"""


def _ops(root: Path, catalog: str = OPS_CATALOG) -> str:
    write(root, "ops/catalog.yaml", catalog)
    write(root, "ops/credit.yaml", CREDIT)
    write(root, "ops/goodwill.yaml", GOODWILL)
    return commit(root)


def test_one_more_person_in_the_back_office(repo: Path) -> None:
    head = _ops(repo)
    write(repo, "ops/catalog.yaml", ONE_MORE)
    result = run("diff", "--base", "HEAD", "ops")
    assert result.exit_code == 0  # a catalog change alone breaks no budget
    assert result.stdout == STAFF_TEXT.format(commit=head)
    assert result.stderr == f"2 process(es) changed, 0 unchanged against HEAD ({head}): 1 team changed, " \
                            "no budget broken\n"


def test_team_figures_in_json(repo: Path) -> None:
    _ops(repo)
    write(repo, "ops/catalog.yaml", ONE_MORE)
    body = json.loads(run("diff", "--base", "HEAD", "ops", "--format", "json").stdout)
    assert body["passed"] is True
    [team] = body["catalog"]
    assert (team["kind"], team["id"], team["status"], team["file"], team["line"], team["old"]) == (
        "team", "back-office", "changed", "ops/catalog.yaml", 7, None)
    assert team["fields"] == [{"key": "staff", "before": 17, "after": 18}]
    figures = {k: (v["before"], v["after"]) for k, v in team["figures"].items()}
    assert figures == {
        "staff": (17, 18), "hours_per_day": (7.5, 7.5), "days_per_week": (5, 5),
        "capacity_h_per_day": (pytest.approx(637.5 / 7), pytest.approx(675 / 7)),
        "utilization": (pytest.approx(665 / 637.5), pytest.approx(665 / 675)),
        "backlog_growth_per_day": (pytest.approx(380 * (1 - 637.5 / 7 / 95)), 0.0),
    }
    assert {k: (v["before"], v["after"]) for k, v in team["utilization_by_process"].items()} == {
        "credit": (pytest.approx(525 / 637.5), pytest.approx(525 / 675)),
        "goodwill": (pytest.approx(140 / 637.5), pytest.approx(140 / 675)),
    }
    assert [p["catalog"] for p in body["processes"]] == [[{"kind": "team", "id": "back-office",
                                                            "status": "changed"}]] * 2


def test_a_policy_why_changed_and_a_team_removed(repo: Path) -> None:
    head = _ops(repo)
    changed = OPS_CATALOG.replace("why: Fraud", "why: Fraud and chargebacks").replace(
        "  archive:\n    name: Archive\n    staff: 2\n", "")
    write(repo, "ops/catalog.yaml", changed)
    result = run("diff", "--base", "HEAD", "ops")
    assert result.exit_code == 0
    # The archive had 2 people at the defaults, 8 hours a day, 5 days a week: 2 x 8 x 5 / 7 = 11.4 h/day.
    assert result.stdout == f"""\
diff HEAD ({head}) -> working tree
changed credit (ops/credit.yaml): Customer asks for a credit
  ~ policy four-eyes changed in the catalog (ops/catalog.yaml:14:3)
catalog:
  removed team archive (ops/catalog.yaml:13:3): Archive
    staff: 2 -> n/a
    hours per day: 8 -> n/a
    days per week: 5 -> n/a
    capacity: 11.4 h/day -> n/a
    utilization: n/a (no compared process uses it)
    backlog growth: n/a
  changed policy four-eyes (ops/catalog.yaml:14:3): Two people check every credit
    why: "Fraud" -> "Fraud and chargebacks"
"""
    assert result.stderr.endswith(": 1 team, 1 policy changed, no budget broken\n")


def test_a_definition_that_only_moved_is_no_change(repo: Path) -> None:
    _ops(repo)
    archive = "teams:\n  archive:\n    name: Archive\n    staff: 2\n"
    write(repo, "ops/catalog.yaml", OPS_CATALOG.replace("  archive:\n    name: Archive\n    staff: 2\n", ""))
    write(repo, "ops/archive.yaml", archive)
    assert run("diff", "--base", "HEAD", "ops").stdout.splitlines()[1:] == []
    write(repo, "ops/archive.yaml", archive.replace("staff: 2", "staff: 3"))
    assert run("diff", "--base", "HEAD", "ops").stdout.splitlines()[2] == (
        "  changed team archive (ops/archive.yaml:2:3, was ops/catalog.yaml:13:3): Archive")


def test_catalogs_of_two_folders_in_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for folder, catalog in (("old", OPS_CATALOG), ("new", ONE_MORE)):
        write(tmp_path, f"{folder}/catalog.yaml", catalog)
        write(tmp_path, f"{folder}/credit.yaml", CREDIT)
        write(tmp_path, f"{folder}/goodwill.yaml", GOODWILL)
    result = run("diff", "old", "new", "--today", "2026-11-24", "--format", "markdown")
    assert result.exit_code == 0
    comment = result.stdout
    assert "2 process(es) changed, 0 unchanged; 1 team changed.\n" in comment
    # the figures of test_one_more_person_in_the_back_office
    assert """\
### Catalog

#### :pencil2: team `back-office`: Back office

`new/catalog.yaml:7:3` · changed

| | before | after | change |
|---|---:|---:|---:|
| staff | 17 | 18 | +1 (+5.9%) |
| hours per day | 7.5 | 7.5 |  |
| days per week | 5 | 5 |  |
| capacity | 91.1 h/day | 96.4 h/day | +5.4 h/day (+5.9%) |
| utilization (2 processes) | 104% | 99% | -5.8 pt |
| ↳ `credit` | 82% | 78% | -4.6 pt |
| ↳ `goodwill` | 22% | 21% | -1.2 pt |
| backlog growth | 15.7 a day | 0.0 a day | -15.7 a day (-100.0%) |

### :pencil2: `credit`: Customer asks for a credit
""" in comment
    assert "- **Catalog:** team `back-office` changed\n" in comment
    text = run("diff", "old", "new", "--today", "2026-11-24").stdout
    assert text.splitlines()[1:3] == [
        "changed credit (new/credit.yaml): Customer asks for a credit",
        "  ~ team back-office changed in the catalog (new/catalog.yaml:7:3): utilization 82% -> 78%, -4.6 pt"]


def test_markdown_with_catalog_changes_stays_under_the_limit(repo: Path) -> None:
    _ops(repo)
    write(repo, "ops/catalog.yaml", ONE_MORE)
    found = compare.against_ref("HEAD", ["ops"], _config())
    full = views.markdown(found)
    assert views.markdown(found, limit=len(full.encode())) == full
    cut = views.markdown(found, limit=len(full.encode()) - 1)
    assert len(cut.encode()) < len(full.encode())
    assert "#### :pencil2: team `back-office`" in cut
    assert cut.endswith("\n*1 more process(s) not shown: a pull-request comment is limited to 65,536 characters. "
                        "The text and JSON outputs list them all.*\n")
    head = views._markdown_head(found)
    tiny = views.markdown(found, limit=len(head.encode()) + 400)
    assert "#### :pencil2:" not in tiny and "\n*1 more catalog change(s) not shown: " in tiny
    assert tiny.endswith("*2 more process(s) not shown: a pull-request comment is limited to 65,536 characters. "
                         "The text and JSON outputs list them all.*\n")
    assert len(tiny.encode()) <= len(head.encode()) + 400


def test_fields_not_declared_a_system_added_and_a_team_of_another_file(repo: Path) -> None:
    _ops(repo)
    write(repo, "ops/credit.yaml", CREDIT.replace("    team: frontline\n", "    team: frontline\n    systems: [crm]\n"))
    write(repo, "ops/catalog.yaml", OPS_CATALOG.replace("policies:", "systems:\n  crm: {name: CRM}\npolicies:"))
    head = commit(repo)
    write(repo, "ops/catalog.yaml", OPS_CATALOG.replace("policies:", "systems:\n  crm: {name: Salesforce CRM}\n"
                                                        "  billing: {name: Billing}\npolicies:")
          .replace("    days_per_week: 5\n  back-office:", "    days_per_week: 5\n    hourly_cost: 30\n  back-office:")
          .replace("review_every: 52w", "review_every: 26w").replace("    owner: Billing controller\n", ""))
    # compared too, with a frontline of its own (inline): that one did not change
    write(repo, "processes/refund.yaml", BEFORE.replace("title: Customer asks for a refund", "title: Refund"))
    result = run("diff", "--base", "HEAD", ".")
    assert result.exit_code == 0
    # Frontline: 20 x 7.5 x 5 / 7 = 107.1 h/day; credit 300 x 6m = 30 h/day (28.0%), goodwill 80 x 6m = 8 h/day
    # (7.5%), summed 38 / 107.1 = 35.5%.
    assert result.stdout == f"""\
diff HEAD ({head}) -> working tree
changed credit (ops/credit.yaml): Customer asks for a credit
  ~ team frontline changed in the catalog (ops/catalog.yaml:2:3): utilization 28%
  ~ system crm changed in the catalog (ops/catalog.yaml:18:3)
  ~ policy four-eyes changed in the catalog (ops/catalog.yaml:21:3)
  + finding ops/catalog.yaml:21:3: [warning] policy 'Two people check every credit' has no owner; it adds 2.0d \
and 0.00 refusals per case (policy-without-why)
changed goodwill (ops/goodwill.yaml): Customer asks for goodwill
  ~ team frontline changed in the catalog (ops/catalog.yaml:2:3): utilization 7%
catalog:
  changed team frontline (ops/catalog.yaml:2:3): Frontline
    hourly_cost: not declared -> 30
    staff: 20
    hours per day: 7.5
    days per week: 5
    capacity: 107.1 h/day
    utilization: 35% (2 processes)
      credit: 28%
      goodwill: 7%
    backlog growth: 0.0 a day
  added system billing (ops/catalog.yaml:19:3): Billing
  changed system crm (ops/catalog.yaml:18:3): Salesforce CRM
    name: "CRM" -> "Salesforce CRM"
  changed policy four-eyes (ops/catalog.yaml:21:3): Two people check every credit
    owner: "Billing controller" -> not declared
    review_every: 364.0d -> 182.0d
"""
    assert result.stderr.endswith(f" 1 unchanged against HEAD ({head}): 1 team, 2 systems, 1 policy changed, "
                                  "no budget broken\n")
    comment = run("diff", "--base", "HEAD", ".", "--format", "markdown").stdout
    assert "#### :new: system `billing`: Billing\n\n`ops/catalog.yaml:19:3` · added\n\n#### :pencil2: system `crm`" \
           in comment
    assert "| `owner` | \"Billing controller\" | not declared | |\n| `review_every` | 364.0d | 182.0d | |\n" in comment


def test_a_catalog_with_problems_is_not_compared(repo: Path) -> None:
    head = _ops(repo)
    write(repo, "ops/catalog.yaml", ONE_MORE.replace("staff: 18", "staff: -1"))
    result = run("diff", "--base", "HEAD", "ops")
    assert result.exit_code == 1
    # the catalog's problem is shown instead of its definitions (here all of them would look removed)
    assert result.stdout == f"diff HEAD ({head}) -> working tree\n" \
                            "ops/catalog.yaml:9:12: [error] staff should be at least 0.01, not -1 (invalid)\n"
    assert result.stderr.endswith(": no budget broken, 1 problem(s) in the new files\n")


def test_a_comment_lists_ten_processes_of_a_team(repo: Path) -> None:
    write(repo, "ops/catalog.yaml", OPS_CATALOG)
    for n in range(12):
        write(repo, f"ops/goodwill-{n:02}.yaml", GOODWILL.replace("process: goodwill", f"process: goodwill-{n:02}"))
    commit(repo)
    write(repo, "ops/catalog.yaml", ONE_MORE)
    comment = run("diff", "--base", "HEAD", "ops", "--format", "markdown").stdout
    # 12 x 20 h/day = 240 h/day: 240 / 91.07 = 263.5% -> 240 / 96.43 = 248.9%; each 22.0% -> 20.7%.
    assert "| utilization (12 processes) | 264% | 249% | -14.6 pt |\n" in comment
    assert "| ↳ `goodwill-09` | 22% | 21% | -1.2 pt |\n" in comment
    assert "goodwill-10` |" not in comment
    assert "| ↳ *2 processes more: the text and JSON outputs list them all* | | | |\n" in comment
