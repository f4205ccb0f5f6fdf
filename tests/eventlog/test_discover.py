"""Drafting a process from a log (processwalk/eventlog/discover.py, written by draft_yaml.py): pieces,
then whole files."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from processwalk.errors import ProcessWalkError
from processwalk.eventlog import EventLog
from processwalk.eventlog import discover as d
from processwalk.eventlog.draft import END, START, Branch, Options, Team
from processwalk.eventlog.draft_yaml import to_yaml
from processwalk.eventlog.roundtrip import problems_of
from processwalk.yamltext import p_text

from .conftest import Write

LogOf = Callable[[str], EventLog]
S, E = START, END

# Four tickets.  Register starts 3 cases, Check 1 (c4): a start step branches to both.  Close is
# last in all 3 of its cases, Check in 1 of its 5 steps (c3, still open): Close is the end activity.
TICKETS = """\
c1,Register,2024-01-01 09:00,ann,front,complete
c1,Check,2024-01-01 10:00,bob,back,complete
c1,Close,2024-01-01 12:00,ann,front,complete
c2,Register,2024-01-02 09:00,ann,front,complete
c2,Check,2024-01-02 09:30,bob,back,complete
c2,Check,2024-01-02 10:30,cat,back,complete
c2,Close,2024-01-02 11:00,ann,front,complete
c3,Register,2024-01-03 09:00,ann,front,complete
c3,Check,2024-01-03 11:00,bob,back,complete
c4,Check,2024-01-04 08:00,bob,back,complete
c4,Close,2024-01-04 09:00,cat,front,complete
"""

HEADER = """\
# Drafted by 'processwalk discover' from log.csv: 4 cases, 11 events, 3 activities, 2024-01-01 to
# 2024-01-04. A starting point: check each figure with the people who do the work.
# - Steps are the log's activities (named as the log spells them), in the order cases meet them.
# - p: how often each next step followed the step (directly-follows counts; the cases still open at
#   the end of the log have not left their last step and do not count).
"""

TICKETS_YAML = HEADER + """\
# - A case is finished after: Close (each is the last step of its case 50% or more of the times it
#   occurs).
# - wait: the mean time from the case's previous event to the step.
# - Teams: the log's groups (org:group); each step's team is the one that did most of it.
# - demand: cases arriving per day. backlog: the cases open at the end of the log (1 on 2024-01-04),
#   at the step they last passed, aged from their first event.
# - Every path seen is kept (--min-p 0): the whole log fits this file.

process: tickets
title: tickets (discovered from log.csv)
demand: 1/day
start: start

teams:
  front: {name: front}  # did 6 steps
  back: {name: back}  # did 5 steps

steps:
  start:
    name: Case starts (before its first event in the log)
    team: front
    next:
      - {to: register, p: 0.75}  # 3 of 4
      - {to: check, p: 0.25}  # 1 of 4
  register:  # 3 times in 3 cases
    name: Register
    team: front
    next: check
  check:  # 5 times in 4 cases
    name: Check
    team: back
    wait: 1.12h
    backlog: {open: 1, oldest: 24h, median_age: 24h, as_of: 2024-01-04}  # open at the end of the log
    next:
      - {to: close, p: 0.75}  # 3 of 4
      - {to: check, p: 0.25}  # 1 of 4
  close:  # 3 times in 3 cases
    name: Close
    team: front
    wait: 1.17h
    next: end
  end:
    name: Case finished
    kind: end
"""


def drafted(log: EventLog, **options: object) -> str:
    return to_yaml(d.discover(log, Options(process="tickets", **options)))  # type: ignore[arg-type]


def valid(write: Write, text: str) -> None:
    path = write("drafted.yaml", text)
    assert problems_of(str(path), shown_as="drafted.yaml") == []


def test_a_whole_draft(log_of: LogOf, write: Write) -> None:
    # Branches: Check is followed by Close 3 times and by Check once; c3's open Check does not count.
    # Waits: Check 1 h (c1), 0.5 h and 1 h (c2), 2 h (c3): 4.5 / 4 = 1.125 h; Close 2 h, 0.5 h, 1 h:
    # 3.5 / 3 = 1.17 h.  Demand: 4 cases over 4 days.  c3 is open at Check, aged from its first event
    # (2024-01-03 09:00) to the end of the log (2024-01-04 09:00): 24 h.
    text = drafted(log_of(TICKETS))
    assert text == TICKETS_YAML
    valid(write, text)


def test_one_start_activity_is_the_start_step(log_of: LogOf) -> None:
    log = log_of("c1,A,2024-01-01 09:00,,,\nc1,B,2024-01-01 10:00,,,\nc2,A,2024-01-01 11:00,,,\n"
                 "c2,B,2024-01-01 11:30,,,\n")
    draft = d.discover(log)
    assert draft.start == "a"
    # No group or resource: every step is done by one team, "Nobody recorded in the log".
    assert [(s.id, s.team, s.next) for s in draft.steps] == [
        ("a", "unassigned", (Branch("b", 2, Decimal(1)),)),
        ("b", "unassigned", (Branch("end", 2, Decimal(1)),)),
        ("end", None, ()),
    ]
    assert draft.teams == (Team("unassigned", "Nobody recorded in the log", 0),)
    assert draft.team_by is None


def test_teams_by_resource(log_of: LogOf) -> None:
    draft = d.discover(log_of(TICKETS), Options(team_by="resource"))
    # Register: ann 3; Check: bob 4, cat 1; Close: ann 2, cat 1
    assert [(s.name, s.team) for s in draft.steps] == [
        ("Case starts (before its first event in the log)", "ann"), ("Register", "ann"), ("Check", "bob"),
        ("Close", "ann"), ("Case finished", None)]
    assert draft.teams == (Team("ann", "ann", 5), Team("bob", "bob", 4))


def test_given_end_activities(log_of: LogOf, write: Write) -> None:
    draft = d.discover(log_of(TICKETS), Options(ends=("Check", "Close")))
    check = draft.steps[2]
    # Check now ends c3: 3 to Close, 1 to Check, 1 to the end
    assert check.next == (Branch("close", 3, Decimal("0.6")), Branch("check", 1, Decimal("0.2")),
                          Branch("end", 1, Decimal("0.2")))
    assert check.backlog is None and draft.open_cases == 0
    assert "# - A case is finished after: Check, Close (as given)." in to_yaml(draft)
    valid(write, to_yaml(draft))


def test_an_unknown_end_activity_is_a_usage_error(log_of: LogOf) -> None:
    with pytest.raises(ProcessWalkError) as caught:
        d.discover(log_of(TICKETS), Options(ends=("Closed",)))
    assert caught.value.exit_code == 2
    assert caught.value.format_message() == "--end 'Closed' is not an activity of the log; did you mean 'Close'?"


def test_a_step_that_never_reaches_an_end_becomes_one(log_of: LogOf, write: Write) -> None:
    # Close ends c1 and c2.  In c3, Park follows Check and loops on itself; it is last in 1 of its 3
    # steps, so it is no end activity.  Nothing after Park ever reaches Close: the case that stops
    # at Park is taken as finished there.
    log = log_of("c1,Check,2024-01-01 09:00,,,\nc1,Close,2024-01-01 10:00,,,\n"
                 "c2,Check,2024-01-02 09:00,,,\nc2,Close,2024-01-02 10:00,,,\n"
                 "c3,Check,2024-01-03 09:00,,,\nc3,Park,2024-01-03 10:00,,,\nc3,Park,2024-01-03 11:00,,,\n"
                 "c3,Park,2024-01-03 12:00,,,\n")
    draft = d.discover(log)
    assert draft.stopped == ("Park",)
    park = next(s for s in draft.steps if s.name == "Park")
    assert park.next == (Branch("park", 2, Decimal("0.6667")), Branch("end", 1, Decimal("0.3333")))
    assert ("# - Also taken as finished after: Park, as no path of the log leads from there to an end."
            in to_yaml(draft))
    valid(write, to_yaml(draft))


def test_folding_rare_branches(log_of: LogOf, write: Write) -> None:
    # Check -> Check is 1 of 4 departures (25%): under --min-p 0.3 it is folded, Close takes it all.
    # The start's branch to Check (25%) is folded too; Check is still reached from Register.
    draft = d.discover(log_of(TICKETS), Options(process="tickets", min_p=0.3))
    assert draft.steps[0].next == (Branch("register", 3, Decimal(1)),)
    text = to_yaml(draft)
    assert ("# - Branches taken less than 30% of the time from their step are folded into its other branches\n"
            "#   (--min-p 0.3): 2 transitions, 2 times in all; see the 'folded' comments.\n") in text
    assert ("    # folded: 1 time to check 1\n"
            "    next: close\n") in text
    valid(write, text)


def test_folding_leaves_out_steps_only_rare_branches_reach(log_of: LogOf, write: Write) -> None:
    # Rare is reached once in 10 cases, only from A: under --min-p 0.2 it is left out.
    rows = "".join(f"c{i},A,2024-01-01 0{i}:00,,,\nc{i},B,2024-01-01 0{i}:30,,,\n" for i in range(9))
    log = log_of(rows + "c9,A,2024-01-02 09:00,,,\nc9,Rare,2024-01-02 09:10,,,\nc9,B,2024-01-02 09:20,,,\n")
    draft = d.discover(log, Options(min_p=0.2))
    assert draft.dropped == ("Rare",)
    assert [s.id for s in draft.steps] == ["a", "b", "end"]
    assert draft.steps[0].folded == (("'Rare' (left out)", 1),)
    assert ("# - Branches taken less than 20% of the time from their step are folded into its other branches\n"
            "#   (--min-p 0.2): 1 transition, 1 time in all; see the 'folded' comments. Left out, as only folded\n"
            "#   branches led there: Rare.\n") in to_yaml(draft)
    valid(write, to_yaml(draft))


def test_start_events_give_work(log_of: LogOf) -> None:
    log = log_of("c1,A,2024-01-01 09:00,,,start\nc1,A,2024-01-01 09:30,,,complete\n"
                 "c1,B,2024-01-01 10:00,,,start\nc1,B,2024-01-01 10:15,,,complete\n")
    a, b = d.discover(log).steps[:2]
    assert (a.wait_h, a.work_h) == (None, 0.5)
    assert (b.wait_h, b.work_h) == (0.5, 0.25)  # waited 09:30 -> 10:00, worked 10:00 -> 10:15
    assert "    wait: 30m\n    work: 15m\n" in to_yaml(d.discover(log))


# -- folding, on hand-made graphs ---------------------------------------------------------------


def test_fold_drops_rare_branches_and_what_only_they_reach() -> None:
    edges = {(S, "A"): 90, (S, "B"): 10, ("A", E): 100, ("B", "A"): 5, ("B", E): 5}
    assert d.fold(edges, S, 0.2) == {(S, "A"): 90, ("A", E): 100}
    assert d.fold(edges, S, 0.0) == edges


def test_fold_keeps_a_way_to_the_end() -> None:
    # X -> E is 2% of X's departures, but without it the loop X <-> Y has no way out.
    edges = {("X", "Y"): 98, ("X", E): 2, ("Y", "X"): 100}
    assert d.fold(edges, "X", 0.05) == edges


def test_fold_keeps_the_most_frequent_branch() -> None:
    edges = {("X", "A"): 3, ("X", "B"): 3, ("X", "C"): 4, ("A", E): 1, ("B", E): 1, ("C", E): 1}
    # all under 50%: C, the most frequent, stays
    assert d.fold(edges, "X", 0.5) == {("X", "C"): 4, ("C", E): 1}


# -- probabilities, text ---------------------------------------------------------------------------


def test_probabilities_sum_to_exactly_one() -> None:
    # helpdesk's start: 4,384 + 118 + 74 + 2 + 1 + 1 = 4,580 cases
    ps = d.probabilities([4384, 118, 74, 2, 1, 1])
    assert ps == [Decimal(x) for x in ("0.9572", "0.0258", "0.0162", "0.0004", "0.0002", "0.0002")]
    assert d.probabilities([1, 1, 1]) == [Decimal("0.3334"), Decimal("0.3333"), Decimal("0.3333")]
    # 1 in 200,001 is 0.000005: two significant digits, written without an exponent
    tiny = d.probabilities([200_000, 1])
    assert tiny == [Decimal("0.999995"), Decimal("0.0000050")] and sum(tiny) == 1
    assert [p_text(p) for p in tiny] == ["0.999995", "0.000005"]


def test_awkward_names_read_back_as_written(log_of: LogOf, write: Write, tmp_path: Path) -> None:
    from processwalk.project import load_paths

    names = ["Check: stock", "yes", "12 things", 'say "hi"', "a, b {c}", "#hash", "- dash", "Prüfung"]
    rows = "".join(f'c1,"{n.replace(chr(34), chr(34) * 2)}",2024-01-01 0{i}:00,"x, y","g: 1",\n'
                   for i, n in enumerate(names))
    text = to_yaml(d.discover(log_of(rows)))
    path = write("awkward.yaml", text)
    loaded = load_paths([str(path)])
    assert loaded.problems == ()
    process = loaded.processes[0]
    assert [s.name for s in process.steps.values()][:-1] == names
    assert [t.name for t in process.teams.values()] == ["g: 1"]


def test_odd_names_make_a_draft_that_validates_and_reads_back(log_of: LogOf, write: Write) -> None:
    from processwalk.project import load_paths
    from processwalk.text import printable

    # NEL, U+2028, U+FFFE, a bell and an ANSI escape: raw in a comment they would end it or the file
    names = ["X-ray", "Scan\x85 now", "Line\u2028two", "Not\ufffe a char", "Bell\x07", "\x1b[31mRed"]
    rows = "".join(f'c1,"{n}",2024-01-01 0{i}:00,,,\n' for i, n in enumerate(names))
    text = drafted(log_of(rows), ends=("\x1b[31mRed",))
    assert "\x85" not in text and "\u2028" not in text and "\x1b" not in text and "\x07" not in text
    assert "# - A case is finished after: \\x1b[31mRed (as given)." in text
    assert "  step-x-ray:  # 1 time in 1 case" in text and '    name: "Scan\\x85 now"' in text
    path = write("odd.yaml", text)
    loaded = load_paths([str(path)])
    assert loaded.problems == ()
    # the loader keeps each name as printable text (processwalk.text), as it does for any process file
    assert [s.name for s in loaded.processes[0].steps.values()][:-1] == [printable(n) for n in names]
