from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

from processwalk.cli import main
from processwalk.errors import Location
from processwalk.findings import Finding
from processwalk.render import problems
from processwalk.render.problems import Report

ROOT = Path(__file__).parents[2]
SCHEMA = Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json"

REFUND = """\
process: refund
title: Customer asks for a refund
owner: Head of Payments
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
    next: sign-off
  sign-off:
    name: Team leader signs off
    kind: approval
    team: leaders
    wait: {mean: 1d, cv: 0}
    work: {mean: 5m, cv: 0}
    next:
      - to: refunded
        p: 0.97
      - to: refused
        p: 0.03
        refusal: true
        reason: not justified
  refunded:
    kind: end
  refused:
    kind: end
    outcome: refused
answers:
  - rule: rubber-stamp
    at: sign-off
    why: Required by the card scheme rules
    owner: Payments controller
    until: 2027-06-30
"""
BAD = "process: bad\ntitle: Broken\nstart: a\nstpes: {}\n"
FRONTLINE = ("processes/refund.yaml:10:3: [warning] Frontline can never finish a case alone: every case leaves "
             "them and spends 3.0d with other teams (frontline-powerless)\n")
CHECK_WAIT = ("processes/refund.yaml:16:3: [warning] 'We check the refund' waits 2.0d per visit, 192 times its "
              "15m of work; 66% of the lead time over 1.00 visits per case (long-wait)\n")
SIGN_OFF_WAIT = ("processes/refund.yaml:22:3: [warning] 'Team leader signs off' waits 1.0d per visit, 288 times its "
                 "5m of work; 33% of the lead time over 1.00 visits per case (long-wait)\n")
ANSWERED = ("processes/refund.yaml:22:3: [warning] approval 'Team leader signs off' passes 97% of cases after 1.0d "
            "(rubber-stamp) answered: Required by the card scheme rules\n")
INVALID = ("processes/bad.yaml:1:1: [error] the process has no 'steps'; list its steps under 'steps:' (invalid)\n"
           "processes/bad.yaml:4:1: [error] unknown key 'stpes' in the process; did you mean 'steps'? (invalid)\n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "processes").mkdir()
    (tmp_path / "processes" / "refund.yaml").write_text(REFUND, encoding="utf-8")
    (tmp_path / ".processwalk.yaml").write_text("today: 2026-11-24\n", encoding="utf-8")
    return tmp_path


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_text_exactly_and_warnings_do_not_fail_by_default(project: Path) -> None:
    result = run("check", "processes")
    assert result.exit_code == 0
    assert result.stdout == FRONTLINE + CHECK_WAIT + SIGN_OFF_WAIT
    assert result.stderr == "0 errors, 3 warnings, 0 info, 1 answered in 1 process(es): passed (--fail-on error)\n"


def test_fail_on_warning(project: Path) -> None:
    result = run("check", "processes", "--fail-on", "warning")
    assert result.exit_code == 1
    assert result.stderr.endswith("3 failing (--fail-on warning)\n")


def test_answered_findings_never_fail_and_show_on_request(project: Path) -> None:
    result = run("check", "processes", "--fail-on", "warning", "--show-answered")
    assert result.stdout == FRONTLINE + CHECK_WAIT + SIGN_OFF_WAIT + ANSWERED
    assert "rubber-stamp" not in run("check", "processes").stdout


def test_invalid_input_fails_even_with_fail_on_never(project: Path) -> None:
    (project / "processes" / "bad.yaml").write_text(BAD, encoding="utf-8")
    result = run("check", "processes", "--fail-on", "never")
    assert result.exit_code == 1
    assert result.stdout == INVALID + FRONTLINE + CHECK_WAIT + SIGN_OFF_WAIT
    assert result.stderr == "2 errors, 3 warnings, 0 info, 1 answered in 1 process(es): 2 failing (--fail-on never)\n"


def test_today_and_config_options(project: Path) -> None:
    (project / "strict.yaml").write_text("rules:\n  long-wait: {severity: error}\n", encoding="utf-8")
    result = run("check", "processes", "--config", "strict.yaml", "--today", "2026-11-24")
    assert result.exit_code == 1
    # ranked: errors before warnings of the same (unknown) impact
    assert result.stdout == (CHECK_WAIT.replace("[warning]", "[error]") + SIGN_OFF_WAIT.replace("[warning]", "[error]")
                             + FRONTLINE)
    # the answer expires after 2027-06-30: the rubber stamp counts again
    assert "rubber-stamp" in run("check", "processes", "--today", "2027-07-01").stdout


def test_several_outputs_from_one_run(project: Path) -> None:
    result = run("check", "processes", "--format", "json", "--output", "sarif=out/results.sarif",
                 "--output", "junit=report.xml", "--output", "markdown=summary.md", "--output", "github=gh.txt")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert [p["id"] for p in body["processes"]] == ["refund"]
    assert [f["rule"] for f in body["processes"][0]["findings"]] == [
        "frontline-powerless", "long-wait", "long-wait", "rubber-stamp"]
    assert body["processes"][0]["findings"][3]["answer"] == {
        "why": "Required by the card scheme rules", "owner": "Payments controller", "until": "2027-06-30"}
    assert body["summary"] == {"error": 0, "warning": 3, "info": 0, "answered": 1, "fail_on": "error",
                               "failing": 0, "passed": True}
    sarif = json.loads((project / "out" / "results.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["frontline-powerless", "long-wait", "long-wait", "rubber-stamp"]
    assert results[1]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "processes/refund.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 16, "startColumn": 3}}
    assert results[3]["suppressions"][0]["justification"] == (
        "Required by the card scheme rules (Payments controller, until 2027-06-30)")
    junit = ET.parse(project / "report.xml").getroot()
    assert junit.attrib == {"name": "processwalk", "tests": junit.attrib["tests"], "failures": "0", "errors": "0",
                            "skipped": "1", "time": "0"}
    assert (project / "summary.md").read_text(encoding="utf-8").startswith("## processwalk check\n\n0 errors, 3 ")
    assert (project / "gh.txt").read_text(encoding="utf-8").startswith("::warning file=processes/refund.yaml,")
    assert sorted(os.listdir(project)) == [".processwalk.yaml", "gh.txt", "out", "processes", "report.xml",
                                           "summary.md"]


def test_auto_is_github_inside_actions(project: Path) -> None:
    result = run("check", "processes", env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.splitlines()[0] == (
        "::warning file=processes/refund.yaml,line=10,col=3,title=frontline-powerless (refund)::Frontline can never "
        "finish a case alone: every case leaves them and spends 3.0d with other teams%0A"
        + result.stdout.splitlines()[0].split("%0A", 1)[1])
    assert run("check", "processes", env={"GITHUB_ACTIONS": "false"}).stdout.startswith("processes/refund.yaml:10:3:")


def test_a_failing_render_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "report.xml").write_text("old", encoding="utf-8")

    def broken(report: Report) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr("processwalk.render.junit.render", broken)
    monkeypatch.setattr("processwalk.commands.check.SARIF_PIECES_FROM", 1)  # its pieces are not left behind
    result = run("check", "processes", "--output", "sarif=results.sarif", "--output", "junit=report.xml")
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.stderr
    assert not (project / "results.sarif").exists()
    assert (project / "report.xml").read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(project)) == [".processwalk.yaml", "processes", "report.xml"]


@pytest.mark.parametrize("cpus", [1, 2, 3])
def test_outputs_made_side_by_side_equal_those_made_in_turn(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                            cpus: int) -> None:
    from processwalk import parallel
    from processwalk.render import atomic

    monkeypatch.setattr(parallel, "cpus", lambda: cpus)
    outputs = ["--output", "sarif=a.sarif", "--output", "junit=a.xml", "--output", "text=a.txt",
               "--output", "sarif=copy.sarif"]
    assert atomic._forks(["sarif"]) == (cpus > 1)
    monkeypatch.setattr("processwalk.commands.check.SARIF_PIECES_FROM", 1)  # the log in pieces, one per CPU
    side_by_side = run("check", "processes", *outputs)
    monkeypatch.setattr(atomic, "_forks", lambda jobs: False)
    in_turn = run("check", "processes", *[o.replace("a.", "b.").replace("copy", "copy-b") for o in outputs])
    assert side_by_side.exit_code == in_turn.exit_code == 0
    assert side_by_side.stdout == in_turn.stdout == (project / "a.txt").read_text(encoding="utf-8")
    for name in ("a.sarif", "a.xml", "a.txt"):
        assert (project / name).read_bytes() == (project / name.replace("a.", "b.")).read_bytes()
    assert (project / "copy.sarif").read_bytes() == (project / "a.sarif").read_bytes()
    assert not [name for name in os.listdir(project) if name.endswith(".tmp")]


def test_a_failing_render_in_turn_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from processwalk.render import atomic

    def broken(report: Report) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(atomic, "_forks", lambda jobs: False)
    monkeypatch.setattr("processwalk.render.junit.render", broken)
    result = run("check", "processes", "--output", "sarif=results.sarif", "--output", "junit=report.xml")
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.stderr
    assert sorted(os.listdir(project)) == [".processwalk.yaml", "processes"]


@pytest.mark.parametrize(("args", "message"), [
    (["--output", "sarif"], "'sarif': write FORMAT=PATH"),
    (["--output", "pdf=x.pdf"], "unknown format 'pdf'"),
    (["--fail-on", "info"], "'info' is not one of 'error', 'warning', 'never'"),
    (["--today", "24.11.2026"], "'24.11.2026' does not match the format '%Y-%m-%d'"),
])
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    result = run("check", "processes", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_markdown_is_cut_to_its_limit_with_a_note() -> None:
    found = tuple(Finding("long-wait", "warning", "p", "step", f"s{n}", Location("p.yaml", n + 1, 3),
                          "x" * 200, "") for n in range(50))
    full = problems.markdown(Report(found))
    assert len(full.encode()) > 4000
    cut = problems.markdown(Report(found), limit=4000)
    assert len(cut.encode()) <= 4000
    kept = cut.count("| `long-wait` |")
    assert cut.endswith(f"\n*{50 - kept} more finding(s) not shown: a step summary is limited to 1 MiB. "
                        "The full list is in the log and in the SARIF and JUnit outputs.*\n")
    assert problems.markdown(Report(found), limit=len(full.encode())) == full


def test_markdown_cells_cannot_break_the_table() -> None:
    assert problems.cell("a | b\n<script>") == "a \\| b<br>&lt;script&gt;"
    assert problems.code("a`b|c") == "a'b\\|c"


# -- integrations ---------------------------------------------------------------------------------


def test_pre_commit_hook_checks_the_whole_folder() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "processwalk-check")
    assert hook["entry"] == "processwalk check" and hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_markdown_without_findings() -> None:
    assert problems.markdown(Report(())) == (
        "## processwalk check\n\n0 errors, 0 warnings, 0 info, 0 answered in 0 process(es): passed "
        "(--fail-on error)\n\nNo findings.\n")


def test_findings_across_processes_get_their_own_suite(project: Path) -> None:
    shared = REFUND.replace("teams:\n  frontline: {name: Frontline}\n  back-office: {name: Back office}\n"
                            "  leaders: {name: Team leaders}\n", "demand: 400/day\n")
    (project / "processes" / "refund.yaml").write_text(shared, encoding="utf-8")
    (project / "processes" / "catalog.yaml").write_text(
        "teams:\n  frontline: {name: Frontline, staff: 20}\n  back-office: {name: Back office, staff: 20}\n"
        "  leaders: {name: Team leaders, staff: 4}\n", encoding="utf-8")
    (project / "processes" / "second.yaml").write_text(shared.replace("process: refund", "process: second"),
                                                       encoding="utf-8")
    result = run("check", "processes", "--format", "junit", "--fail-on", "never")
    suites = [s.attrib["name"] for s in ET.fromstring(result.stdout.encode())]
    assert suites == ["refund", "second", "(portfolio)"]
