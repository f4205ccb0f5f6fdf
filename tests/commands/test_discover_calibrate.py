"""``processwalk discover`` and ``processwalk calibrate`` through the command line."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.eventlog.conftest import HEADER, LOGS
from tests.eventlog.helpers import TICKET_LOG, TICKETS
from tests.eventlog.test_discover import TICKETS as DISCOVER_LOG
from tests.eventlog.test_discover import TICKETS_YAML

SHARED = ["helpdesk.xes.gz", "receipt.xes.gz", "receipt.csv"]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(folder: Path, **texts: str) -> None:
    for name, text in texts.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")


# -- discover -----------------------------------------------------------------------------------


def test_discover_to_standard_output(run: Run, here: Path) -> None:
    files(here, log_csv=HEADER + DISCOVER_LOG)
    code, out, err = run("discover", "log.csv", "--id", "tickets")
    assert (code, out) == (0, TICKETS_YAML)
    assert err == "drafted: process 'tickets' with 3 steps from log.csv (4 cases), 2 teams; it validates\n"


def test_discover_writes_a_file_once(run: Run, here: Path) -> None:
    files(here, log_csv=HEADER + DISCOVER_LOG)
    code, out, err = run("discover", "log.csv", "-o", "processes/tickets.yaml")
    assert (code, out) == (0, "")
    assert err == ("processes/tickets.yaml: process 'tickets' with 3 steps from log.csv (4 cases), 2 teams; "
                   "it validates\n")
    assert (here / "processes" / "tickets.yaml").read_text(encoding="utf-8") == TICKETS_YAML
    code, _, err = run("discover", "log.csv", "-o", "processes/tickets.yaml")
    assert (code, err) == (2, ("Error: processes/tickets.yaml exists; discover drafts a new file: choose another "
                               "name, or add --force to replace it\n"))
    assert run("discover", "log.csv", "-o", "processes/tickets.yaml", "--force", "--min-p", "0.3")[0] == 0
    assert "--min-p 0.3" in (here / "processes" / "tickets.yaml").read_text(encoding="utf-8")


def test_discover_names_the_process_after_its_file(run: Run, here: Path) -> None:
    files(here, log_csv=HEADER + DISCOVER_LOG)
    assert run("discover", "log.csv", "-o", "Help Desk.txt")[0] == 0
    assert "\nprocess: help-desk\n" in (here / "Help Desk.txt").read_text(encoding="utf-8")
    assert "\nprocess: log\n" in run("discover", "log.csv")[1]


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "My Process"], ("Error: --id 'My Process' is not a process id; use lowercase letters, digits and "
                              "'-', e.g. 'my-process'\n")),
    (["--end", "Closed"], "Error: --end 'Closed' is not an activity of the log; did you mean 'Close'?\n"),
])
def test_discover_usage_errors(run: Run, here: Path, args: list[str], message: str) -> None:
    files(here, log_csv=HEADER + DISCOVER_LOG)
    assert run("discover", "log.csv", *args)[::2] == (2, message)


def test_discover_options_out_of_range(run: Run, here: Path) -> None:
    files(here, log_csv=HEADER + DISCOVER_LOG)
    code, _, err = run("discover", "log.csv", "--min-p", "1")
    assert code == 2 and "Invalid value for '--min-p'" in err


def test_discover_a_bad_log(run: Run, here: Path) -> None:
    files(here, log_csv="Ticket,Step,When\n1,Open,2024-01-01\n")
    code, out, err = run("discover", "log.csv")
    assert (code, out) == (1, "")
    assert err.startswith("log.csv:1:0: [error] missing column 'case:concept:name' for the case id.")


def test_discover_with_a_columns_file(run: Run, here: Path) -> None:
    log = DISCOVER_LOG.replace(",complete", "")
    files(here, log_csv="Ticket,Step,When,Agent,Team\n" + log,
          columns_yaml="case: Ticket\nactivity: Step\ntimestamp: When\nresource: Agent\ngroup: Team\n")
    code, out, _ = run("discover", "log.csv", "--columns", "columns.yaml", "--id", "tickets")
    assert (code, out) == (0, TICKETS_YAML)


# -- calibrate ----------------------------------------------------------------------------------

TICKETS_TEXT = """\
tickets: declared against log.csv
  tickets.yaml against log.csv
  5 cases, 14 events up to 2024-01-04 09:10: 4 closed, 1 open at the end of the log
  3 activities map to 3 steps; not in the log, taken as unrecorded: done
  fit: 60% of cases (3 of 5) begin at the start step and take only declared branches

Per case
  Declared: exact (lead-time percentiles simulated); observed: the 4 closed cases. Handoffs and
  returns use the declared team of each step.
  figure                        declared  observed
  lead time, mean                   2.0h      1.8h
  lead time p50                     1.4h      1.0h
  lead time p85                     3.8h      3.4h
  lead time p95                     6.0h      4.5h
  handoffs                          4.00      1.75
  ping-pong: returns to a team      3.00      1.00
  refusals                          1.00      0.25
  repeat contacts                   1.00      0.25
  demand per day                    2.00      1.25
  ping-pong cases (X, Y, X)          n/a       50%
  cases returning to a team          n/a       50%

Steps
  Visits per closed case; mean wait; refusals: the share of departures sent back.
  step                   visits declared  observed  wait declared  observed  refusals declared  observed
  call                             2.000     1.000              0      1.0h                n/a       n/a
  check                            2.000     1.000           1.0h      1.1h                50%       25%
  close                            1.000     1.000              0       40m                n/a       n/a
  done (not in the log)            1.000       n/a              0       n/a                n/a       n/a

Branches
  Observed p: the share of the step's departures seen (transitions out of it, and closed cases that
  ended there), undeclared ones included.
  from   to              declared p  observed p  taken
  call   check               1.0000      0.8000      4
  check  close               0.5000      0.7500      3
  check  call (refusal)      0.5000      0.2500      1
  close  done                1.0000      1.0000      4

Open at the end of the log (2024-01-04)
  Cases not closed, by the step they last passed; age from their first event; the declared backlog
  snapshot beside them.
  step   open  median age  p90 age  oldest  <1d  1-7d  7-30d  30-90d  >90d  declared backlog
  check     1        0.9d     0.9d    0.9d    1     0      0       0     0  not declared

Transitions seen but not declared
  Each keeps the cases that take it from fitting the process.
  from           to     times  cases  for example
  (case begins)  check      1      1  c4
  call           close      1      1  c5

Steps declared but never seen: none.
In the log, between groups: 1.60 handoffs per case (direct), 0.00 with one step between (indirect);
  ping-pong cases (X, Y, X) 40%, cases returning to a group 40%.
"""


@pytest.fixture
def tickets(here: Path) -> Path:
    files(here, tickets_yaml=TICKETS, log_csv=HEADER + TICKET_LOG)
    return here


def test_calibrate_text(run: Run, tickets: Path) -> None:
    # the figures are computed by hand in tests/eventlog/test_calibrate.py
    assert run("calibrate", "tickets.yaml", "--log", "log.csv") == (0, TICKETS_TEXT, "")


def test_calibrate_json(run: Run, tickets: Path) -> None:
    code, out, err = run("calibrate", "tickets.yaml", "--log", "log.csv", "--format", "json")
    doc = json.loads(out)
    assert (code, err) == (0, "")
    assert (doc["process"], doc["cases"], doc["events"], doc["fit"]) == ("tickets", 5, 14, 0.6)
    assert set(doc) >= {"figures", "steps", "branches", "backlog", "conformance", "log_handovers", "mapping"}


def test_calibrate_html(run: Run, tickets: Path) -> None:
    code, out, _ = run("calibrate", "tickets.yaml", "--log", "log.csv", "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert '<section id="calibration" class="calibration">' in out
    assert "<td>(case begins)</td><td>check</td>" in out
    assert "<script" not in out


def test_calibrate_write(run: Run, tickets: Path) -> None:
    code, _, err = run("calibrate", "tickets.yaml", "--log", "log.csv", "--write", "calibrated.yaml")
    assert (code, err) == (0, "wrote calibrated.yaml: a calibrated copy of tickets.yaml\n")
    written = (tickets / "calibrated.yaml").read_text(encoding="utf-8")
    # check: 3 to close and 1 back; waits as observed; 1.25 cases a day
    assert "      - {to: close, p: 0.75}\n      - {to: call, p: 0.25, refusal: true}\n" in written
    assert "demand: 1.25/day\n" in written
    assert "    wait: 1.12h\n" in written
    assert (tickets / "tickets.yaml").read_text(encoding="utf-8") == TICKETS
    assert run("validate", "calibrated.yaml")[0] == 0


#: the tickets as an owner comments them, at the line length and spacing yamllint asks for
COMMENTED = TICKETS.replace("process: tickets\n", "# The help desk's tickets, as the desk lead tells them.\n"
                            "process: tickets\n").replace("demand: 2/day\n", "demand: 2/day  # a guess\n").replace(
    "    wait: 1h\n", "    wait: 1h  # the queue\n").replace("{to: close, p: 0.5}\n", "{to: close, p: 0.5}  # most\n")


def yamllint(path: Path, config: str) -> tuple[int, str]:
    """The real yamllint on ``path``: its exit code (warnings fail too) and what it says."""
    done = subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-f", "parsable", "-d", config, str(path)],
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout


@pytest.mark.parametrize(("start", "config"), [
    ("---\n", "default"),
    ("", "{extends: default, rules: {document-start: disable}}"),
])
def test_yamllint_passes_on_the_calibrated_copy_when_it_passed_on_the_original(
        run: Run, tickets: Path, start: str, config: str) -> None:
    files(tickets, owned_yaml=start + COMMENTED)
    assert yamllint(tickets / "owned.yaml", config) == (0, "")
    assert run("calibrate", "owned.yaml", "--log", "log.csv", "--write", "copy.yaml")[0] == 0
    assert yamllint(tickets / "copy.yaml", config) == (0, "")
    written = (tickets / "copy.yaml").read_text(encoding="utf-8")
    # the note goes above the owner's comment, which stays right above 'process:'; two spaces before
    # each inline comment, also where the value grew (1.25/day, 1.12h, 0.75)
    assert written.startswith(start + "# Calibrated by 'processwalk calibrate' from log.csv: 5 cases up to\n")
    assert "declared (see the calibration report).\n\n# The help desk's tickets, as the desk lead tells them.\n" \
        "process: tickets\n" in written
    assert "demand: 1.25/day  # a guess\n" in written
    assert "    wait: 1.12h  # the queue\n" in written
    assert "      - {to: close, p: 0.75}  # most\n" in written


def test_calibrate_never_writes_the_original(run: Run, tickets: Path) -> None:
    for target in ("tickets.yaml", "./tickets.yaml"):
        code, _, err = run("calibrate", "tickets.yaml", "--log", "log.csv", "--write", target)
        assert (code, err) == (2, (f"Error: --write {target} is the process file itself; calibrate never "
                                   "changes the original: name a copy, e.g. --write calibrated.yaml\n"))
    assert (tickets / "tickets.yaml").read_text(encoding="utf-8") == TICKETS


def test_calibrate_an_invalid_process(run: Run, tickets: Path) -> None:
    files(tickets, bad_yaml=TICKETS.replace("team: back", "team: bakc"))
    code, out, err = run("calibrate", "bad.yaml", "--log", "log.csv")
    assert (code, out, err) == (1, "", "bad.yaml:14:11: [error] unknown team 'bakc'; did you mean 'back'? (invalid)\n")


def test_calibrate_takes_one_process_file(run: Run, tickets: Path) -> None:
    code, _, err = run("calibrate", ".", "--log", "log.csv")
    assert code == 2 and err.endswith("Error: Invalid value for 'PROCESS': File '.' is a directory.\n")
    files(tickets, catalog_yaml="teams:\n  x: {name: X}\n")
    assert run("calibrate", "catalog.yaml", "--log", "log.csv")[::2] == (
        2, "Error: catalog.yaml holds no process (it is a catalog); calibrate takes a process file\n")


def test_calibrate_with_a_mapping_file(run: Run, tickets: Path) -> None:
    files(tickets, map_yaml="call: call\nChek: check\n")
    code, out, err = run("calibrate", "tickets.yaml", "--log", "log.csv", "--map", "map.yaml")
    assert code == 0 and out == TICKETS_TEXT
    assert err == "map.yaml:2:1: [warning] the log has no activity 'Chek'; did you mean 'check'? (mapping)\n"


def test_calibrate_with_a_bad_mapping_file(run: Run, tickets: Path) -> None:
    files(tickets, map_yaml="call: cal\n")
    assert run("calibrate", "tickets.yaml", "--log", "log.csv", "--map", "map.yaml")[::2] == (
        1, ("map.yaml:1:7: [error] 'call' maps to unknown step 'cal' ('~' would leave the activity out); did you"
            " mean 'call'? (invalid)\n"))


# -- acceptance: each shared log drafts a valid file that its own log fits fully --------------


@pytest.mark.parametrize("name", SHARED)
def test_discover_then_calibrate_fits_fully(run: Run, here: Path, name: str) -> None:
    log = str(LOGS / name)
    code, _, err = run("discover", log, "-o", "drafted.yaml")
    assert code == 0, err
    assert run("validate", "drafted.yaml")[0] == 0
    code, out, _ = run("calibrate", "drafted.yaml", "--log", log, "--format", "json")
    doc = json.loads(out)
    cases, events = {"helpdesk.xes.gz": (4580, 21348)}.get(name, (1434, 8577))
    assert (code, doc["cases"], doc["events"], doc["fit"]) == (0, cases, events, 1.0)
    assert doc["conformance"]["undeclared"] == [] and doc["conformance"]["never_seen"] == []
    # every branch p was the share seen, so a calibrated copy changes no figure but the note
    assert run("calibrate", "drafted.yaml", "--log", log, "--write", "again.yaml")[0] == 0
    again = Path("again.yaml").read_text(encoding="utf-8")
    drafted = Path("drafted.yaml").read_text(encoding="utf-8")
    assert [line for line in again.splitlines() if line and not line.startswith("#")] == \
        [line for line in drafted.splitlines() if line and not line.startswith("#")]


DESK = """\
process: desk
title: Desk
sla: 4h
start: arrive
teams:
  desk: {name: Desk}
  back: {name: Back}
steps:
  arrive:
    name: Customer arrives
    kind: contact
    team: desk
    next: handle
  handle:
    name: Handle
    team: back
    work: 30m
    backlog: {open: 3, oldest: 2d, as_of: 2024-01-02}
    next:
      - {to: closed, p: 0.8}
      - {to: handle, p: 0.1}
      - to: lost
  closed:
    name: Closed
    kind: end
  lost:
    name: Lost
    kind: end
    outcome: abandoned
"""

# The desk of tests/eventlog/test_calibrate.py, with a promise of 4 h, a declared backlog, and d4,
# whose only event is left out: it never left the unrecorded start.
DESK_LOG = """\
d1,Take,2024-01-01 09:00,,,start
d1,Take,2024-01-01 09:20,,,complete
d1,Note,2024-01-01 09:30,,,complete
d1,Solve,2024-01-01 10:00,,,start
d1,Solve,2024-01-01 10:30,,,complete
d1,Closed,2024-01-01 11:00,,,complete
d2,Take,2024-01-02 09:00,,,complete
d2,Take,2024-01-02 09:40,,,complete
d2,Phone,2024-01-02 10:00,,,complete
d3,Solve,2024-01-03 09:00,,,complete
d4,Note,2024-01-03 08:00,,,complete
"""

DESK_TEXT = """\
desk: declared against log.csv
  desk.yaml against log.csv
  4 cases, 11 events up to 2024-01-03 09:00: 2 closed, 2 open at the end of the log
  3 activities map to 2 steps; not in the log, taken as unrecorded: arrive, lost
  fit: 75% of cases (3 of 4) begin at the start step and take only declared branches

Per case
  Declared: exact (lead-time percentiles simulated); observed: the 2 closed cases. Handoffs and
  returns use the declared team of each step.
  figure                            declared  observed
  lead time, mean                        33m      1.0h
  lead time p50                          23m      1.0h
  lead time p85                         1.1h      1.7h
  lead time p95                         1.7h      1.9h
  over the sla (4.0h)                   0.1%        0%
  handoffs                              1.00      1.00
  ping-pong: returns to a team          0.00      0.00
  refusals                              0.00      0.00
  repeat contacts                       0.00      0.00
  demand per day                not declared      1.33
  ping-pong cases (X, Y, X)              n/a        0%
  cases returning to a team              n/a        0%

Steps
  Visits per closed case; mean wait and work (work only where the log has start events).
  step                     visits declared  observed  wait declared  observed  work declared  observed
  arrive (not in the log)            1.000       n/a              0       n/a              0       n/a
  handle                             1.111     1.000              0       40m            30m       50m
  closed                             0.889     0.500              0       30m              0       n/a
  lost (not in the log)              0.111       n/a              0       n/a              0       n/a

Branches
  Observed p: the share of the step's departures seen (transitions out of it, and closed cases that
  ended there), undeclared ones included.
  from    to      declared p  observed p  taken
  arrive  handle      1.0000      1.0000      3
  handle  closed      0.8000      0.2500      1
  handle  handle      0.1000      0.2500      1
  handle  lost        0.1000      0.2500      1

Open at the end of the log (2024-01-03)
  Cases not closed, by the step they last passed; age from their first event; the declared backlog
  snapshot beside them.
  step               open  median age  p90 age  oldest  <1d  1-7d  7-30d  30-90d  >90d  declared backlog
  'Phone' (no step)     1        1.0d     1.0d    1.0d    0     1      0       0     0  not declared
  arrive                1      0.042d   0.042d  0.042d    1     0      0       0     0  not declared
  handle                0         n/a      n/a     n/a    0     0      0       0     0  3 open, oldest 2.0d, as of 2024-01-02

Transitions seen but not declared
  Each keeps the cases that take it from fitting the process.
  from    to                 times  cases  for example
  handle  'Phone' (no step)      1      1  d2

Steps declared but never seen: none.
Activities that map to no step: Phone.
Activities left out by the mapping: Note.
"""


def test_calibrate_text_with_work_a_promise_and_a_backlog(run: Run, here: Path) -> None:
    files(here, desk_yaml=DESK, log_csv=HEADER + DESK_LOG, map_yaml="Take: handle\nSolve: handle\nNote: ~\n")
    assert run("calibrate", "desk.yaml", "--log", "log.csv", "--map", "map.yaml") == (0, DESK_TEXT, "")


def test_a_declared_backlog_with_only_a_count(run: Run, here: Path) -> None:
    files(here, desk_yaml=DESK.replace("{open: 3, oldest: 2d, as_of: 2024-01-02}", "{open: 3}"),
          log_csv=HEADER + DESK_LOG, map_yaml="Take: handle\nSolve: handle\nNote: ~\n")
    out = run("calibrate", "desk.yaml", "--log", "log.csv", "--map", "map.yaml")[1]
    assert "  handle                0         n/a      n/a     n/a    0     0      0       0     0  3 open\n" in out


@pytest.mark.parametrize("target", ["log.csv", "other.yaml"])
def test_calibrate_writes_over_no_existing_file_without_force(run: Run, tickets: Path, target: str) -> None:
    files(tickets, other_yaml="process: other\n")
    before = (tickets / target).read_bytes()
    code, _, err = run("calibrate", "tickets.yaml", "--log", "log.csv", "--write", target)
    expected = (f"Error: {target} is an input of this run; processwalk never writes over its inputs: name another "
                "file\n" if target == "log.csv" else
                f"Error: {target} already exists; name another file, or add --force to replace it\n")
    assert (code, err) == (2, expected)
    assert (tickets / target).read_bytes() == before


def test_calibrate_replaces_a_file_with_force_but_never_an_input(run: Run, tickets: Path) -> None:
    files(tickets, other_yaml="process: other\n")
    assert run("calibrate", "tickets.yaml", "--log", "log.csv", "--write", "other.yaml", "--force")[0] == 0
    assert "demand: 1.25/day\n" in (tickets / "other.yaml").read_text(encoding="utf-8")
    code, _, err = run("calibrate", "tickets.yaml", "--log", "log.csv", "--write", "log.csv", "--force")
    assert code == 2 and "log.csv is an input of this run" in err
