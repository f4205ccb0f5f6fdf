"""Every command over each handcrafted hostile input of ``tests/data/hostile`` (one per class of
issue 14) and over every file of ``tests/data/invalid``: the exact positioned problems, exit 1,
no output left behind, the input unchanged, no internal error (see :mod:`.harness`).  Their time
and peak memory, per command, are printed by ``bench/bench_hostile.py`` (no timed tests here).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.fuzz.harness import ROOT, TODAY, Run, invoke, process_commands, run_all

HOSTILE = ROOT / "tests" / "data" / "hostile"
INVALID = ROOT / "tests" / "data" / "invalid"
LOGS = HOSTILE / "logs"
PLAIN = "staff should be a number in plain decimal digits (YAML 1.1 reads '1:30' in base 60, '010' in base 8)"

#: each invalid hostile file and its problems, ``{}`` standing for its path
PROBLEMS = {
    "huge-numbers.yaml": [
        "4:9: bad demand: '1e+308/day' is not a rate; write a number per unit (hour, day, workday, week, month,"
        " year), e.g. '120/day'",
        "7:31: staff should be at most 1e+06, not 1e+100",
        "7:148: hours_per_day should be more than 0, not -1",
        "8:47: hours_per_day should be at most 24, not 1e+308",
        "12:26: wait cv should be at most 100, not 1e+308",
        "13:26: bad work p90: '9999999w' is longer than 100 years; a duration is at most 100y",
    ],
    "silently-wrong.yaml": [
        f"7:31: {PLAIN}, not '190:20:30'",
        "7:57: hours_per_day should be at most 24, not 25",
        "7:76: days_per_week should be at most 7, not 8",
        "8:29: staff should be at least 0.01, not 1e-300",
        "9:29: staff should be a number without quotes or a tag, not '5'",
    ],
    "only-extension-keys.yaml": [
        "6:3: 'steps' is empty (its 'x-' keys are the user's own, not steps); a process needs at least a start"
        " step and an end step",
    ],
    "long-id.yaml": [
        f"2:10: the process id '{'a' * 20}...' is 150 characters long; an id has at most 100 (it names files and"
        " anchors)",
        "6:3: step 'call' has no 'team'; say which team does it with 'team: <id>'; no teams are defined",
    ],
    "corrupt-outputs.yaml": [
        "2:10: 'corrupt\\noutputs' is not a valid process id; use lowercase letters, digits and '-', e.g."
        " 'corrupt-outputs'",
        "4:8: start step 'call\\x07' is not a step; did you mean 'call\\x07'?",
        "6:3: 'call\\x07' is not a valid step id; use lowercase letters, digits and '-', e.g. 'call-x07'",
        "6:3: step 'call\\x07' has no 'team'; say which team does it with 'team: <id>'; no teams are defined",
        "6:35: step 'call\\x07' goes to unknown step 'done\\ufffe'; known steps: call\\x07, done",
    ],
}
#: the commands whose standard error lists the problems as text
TEXT = ("validate", "analyze", "walk", "check", "report", "diagram", "whatif")


def copy(tmp_path: Path, source: Path, name: str = "p.yaml") -> tuple[Path, Path, Path]:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    shutil.copy(source, inputs / name)
    return inputs, inputs / name, out


def commands(inputs: Path, file: Path, out: Path) -> list[tuple[str, ...]]:
    """Every process command but ``rules`` (it reads no process), diff of the file with itself."""
    shutil.copy(file, out.parent / "old.yaml")
    return [c for c in process_commands(inputs, file, out, out.parent / "old.yaml") if c[0] != "rules"]


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_every_command_refuses_a_hostile_file_with_its_problems(tmp_path: Path, name: str) -> None:
    inputs, file, out = copy(tmp_path, HOSTILE / name)
    # a file named on the command line is shown as given, one found in a folder relative to here
    expected = [f"p.yaml:{line.split(': ', 1)[0]}: [error] {line.split(': ', 1)[1]} (invalid)"
                for line in PROBLEMS[name]]
    for run in run_all(inputs, commands(inputs, file, out), out):
        assert run.code == 1, run.args
        if run.args[0] in TEXT and "--format" not in run.args[2:]:
            shown = [line for line in (run.out + run.err).splitlines() if "/in/p.yaml:" in line]
            assert [line[line.index("p.yaml:"):] for line in shown] == expected, run.args
    # check's SARIF, JUnit and Markdown are its report of the problems (for CI), and they parse
    assert sorted(p.name for p in out.iterdir()) == ["check.md", "check.sarif", "check.xml"]


@pytest.mark.parametrize("name", sorted(p.name for p in INVALID.glob("*.yaml")))
def test_every_command_refuses_each_invalid_file(tmp_path: Path, name: str) -> None:
    inputs, file, out = copy(tmp_path, INVALID / name)
    runs = run_all(inputs, commands(inputs, file, out), out)
    assert {r.args[0]: r.code for r in runs if r.args[0] != "diff"} == dict.fromkeys(TEXT, 1)
    assert sorted(p.name for p in out.iterdir()) == ["check.md", "check.sarif", "check.xml"]


def test_odd_text_renders_everywhere(tmp_path: Path) -> None:
    inputs, file, out = copy(tmp_path, HOSTILE / "odd-text.yaml")
    runs = run_all(inputs, [*commands(inputs, file, out), ("diagram", str(file), "-o", str(out / "d.svg"))], out)
    assert [r.code for r in runs if r.args[0] != "check"] == [0] * (len(runs) - 2)
    svg = (out / "d.svg").read_text(encoding="utf-8")
    # NEL, U+FFFE and U+2028 reach Graphviz as visible escapes, never as themselves
    assert "Call \\x85 in \\ufffe now \\u2028 then" in svg.replace("\u2216", "\\")
    page = (out / "html" / "odd-text.html").read_text(encoding="utf-8")
    assert "Call \\x85 in \\ufffe now \\u2028 then" in page


def test_a_runaway_loop_is_bounded_and_says_so(tmp_path: Path) -> None:
    inputs, file, out = copy(tmp_path, HOSTILE / "runaway-loop.yaml")
    run_all(inputs, commands(inputs, file, out), out)
    text = invoke("analyze", str(file), "--today", TODAY)
    # a case visits the step 1 / 0.000001 = 1,000,000 times on average (the exact chain), plus the end:
    # 10,000 cases would pass the simulation's 2,000,000 visits, and so would one; each visit works 1d:
    # 1,000,000 d, in days as every lead time of the page (weeks only when configured)
    assert ("  lead time 1,000,000.0d (not simulated: a case visits 1,000,001 steps on average, and a simulation"
            " holds at most 2,000,000 visits; the exact figures stand)") in text.out.splitlines()


def test_negative_friction_reads_as_a_saving(tmp_path: Path) -> None:
    inputs, file, out = copy(tmp_path, HOSTILE / "negative-friction.yaml")
    run_all(inputs, commands(inputs, file, out), out)
    page = (out / "html" / "negative-friction.html").read_text(encoding="utf-8")
    markdown = (out / "markdown" / "negative-friction.md").read_text(encoding="utf-8")
    # the fast track's friction: 2h45m - 5h20m = -2.5833h a case (tests/rules/test_policies.py)
    assert '<td class="num">saves 2.6h</td>' in page and "| saves 2.6h |" in markdown
    assert "-2.6h" not in page and "-2.6h" not in markdown


def log_runs(tmp_path: Path, log: Path, *extra: str) -> list[Run]:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    shutil.copy(log, inputs / log.name)
    shutil.copy(ROOT / "processes" / "refund-sendback.yaml", inputs)
    shutil.copy(ROOT / "processes" / "catalog.yaml", inputs)
    process, copied = str(inputs / "refund-sendback.yaml"), str(inputs / log.name)
    runs = run_all(inputs, [("discover", copied, "-o", str(out / "draft.yaml"), *extra),
                            ("calibrate", process, "--log", copied, *extra),
                            ("convert", copied, "-o", str(out / "log.parquet"), *extra)], out)
    assert list(out.iterdir()) == []
    return runs


def test_nul_bytes_in_a_log(tmp_path: Path) -> None:
    for run in log_runs(tmp_path, LOGS / "nul-bytes.csv"):
        path = run.args[1] if run.args[0] != "calibrate" else run.args[3]
        assert run.code == 1 and run.err.splitlines()[:2] == [
            f"{path}:3:0: [error] the row holds a NUL byte (\\x00), which no text of a log may hold; is the file"
            " binary or corrupt? (invalid)",
            f"{path}:4:0: [error] column 'time:timestamp' holds '2024-01-02T10:00:00\\x00', which is not a date"
            " and time; expected ISO 8601 such as '2011-10-11 13:45:40' or '2011-10-11T13:45:40.276+02:00', or"
            " name the format with timestamp_format (invalid)"], run.args


def test_years_no_date_can_hold_in_a_log(tmp_path: Path) -> None:
    outside = "outside the years 1 to 9999 a log's times may fall in (invalid)"
    for run in log_runs(tmp_path, LOGS / "years.csv"):
        path = run.args[1] if run.args[0] != "calibrate" else run.args[3]
        assert run.code == 1 and run.err.splitlines()[:3] == [
            f"{path}:3:0: [error] column 'time:timestamp' holds '10000-01-01T00:00:00', {outside}",
            f"{path}:4:0: [error] column 'time:timestamp' holds '-0001-01-01T00:00:00', {outside}",
            f"{path}:5:0: [error] column 'time:timestamp' holds '294247-01-01T00:00:00', {outside}"], run.args


def test_a_start_after_its_complete_event_in_a_log(tmp_path: Path) -> None:
    for run in log_runs(tmp_path, LOGS / "start-after-complete.csv"):
        path = run.args[1] if run.args[0] != "calibrate" else run.args[3]
        assert (run.code, run.err) == (1, f"{path}:3:0: [error] the start of 'Check' in case 'c1'"
                                          " (2024-01-01T12:00:00) comes after the completion it opens (line 4); a"
                                          " start event comes before its complete event (invalid)\n"), run.args


def test_mapping_files_of_the_wrong_shape(tmp_path: Path) -> None:
    log = ROOT / "tests" / "data" / "eventlogs" / "receipt.csv"
    mapping, columns = str(LOGS / "map-a-list.yaml"), str(LOGS / "columns-wrong-shape.yaml")
    process = str(ROOT / "processes" / "refund-sendback.yaml")
    runs = run_all(LOGS, [("calibrate", process, "--log", str(log), "--map", mapping),
                          ("discover", str(log), "--columns", columns)], tmp_path)
    assert [(r.code, r.err) for r in runs] == [
        (1, f"{mapping}:1:1: [error] expected a mapping of log activities to step ids, such as 'Assign"
            " seriousness: triage' (invalid)\n"),
        (1, f"{columns}:1:7: [error] 'case' must be a column name (text) (invalid)\n")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_files_that_are_not_files(tmp_path: Path) -> None:
    inputs, file, out = copy(tmp_path, ROOT / "processes" / "refund-sendback.yaml")
    shutil.copy(ROOT / "processes" / "catalog.yaml", inputs)
    os.mkfifo(inputs / "fifo.yaml")
    (inputs / "zero.yaml").symlink_to("/dev/zero")
    runs = run_all(inputs, [("analyze", str(file), "--config", str(inputs / "fifo.yaml")),
                            ("calibrate", str(file), "--log", str(inputs / "zero.yaml"))], out)
    assert [(r.code, r.err.splitlines()[0]) for r in runs] == [
        (1, f"{inputs}/fifo.yaml: [error] the path is a FIFO (named pipe), not a regular file; processwalk"
            " reads files only (invalid)"),
        (1, f"{inputs}/zero.yaml: [error] unknown log format; expected a file ending in .csv, .csv.gz, .xes,"
            " .xes.gz or .parquet, or a folder of .parquet files (invalid)")]


def test_no_command_writes_over_its_input(tmp_path: Path) -> None:
    inputs, file, out = copy(tmp_path, ROOT / "processes" / "refund-sendback.yaml")
    shutil.copy(ROOT / "processes" / "catalog.yaml", inputs)
    log = str(ROOT / "tests" / "data" / "eventlogs" / "receipt.csv")
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    for args in (("check", str(file), "--output", f"sarif={file}", "--force"),
                 ("calibrate", str(file), "--log", log, "--write", str(inputs / "catalog.yaml"), "--force")):
        run = invoke(*args)
        assert run.code == 2 and "is an input of this run; processwalk never writes over its inputs" in run.err
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before
