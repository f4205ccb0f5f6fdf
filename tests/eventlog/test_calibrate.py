"""A process against a log (processwalk/eventlog/calibrate.py, mapping.py): figures by hand."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from processwalk.errors import ProcessWalkError
from processwalk.eventlog import calibrate as cal
from processwalk.eventlog.calibrate import BranchFit, OpenWork, Pair, Transition
from processwalk.eventlog.mapping import StepMap, load_mapping, map_activities, stray_names
from tests.approx import near

from .conftest import Write
from .helpers import DESK, DESK_MAP, TICKET_LOG, TICKETS, LogOf, ProcessOf, calibrated


def test_counts_and_fit(tickets: cal.Calibration) -> None:
    # closed: c1, c2, c4, c5 end at close, which can go on to the unrecorded 'done'; c3 is open.
    # fit: c1, c2, c3 (c4 begins at check, c5 goes call -> close)
    c = tickets
    assert (c.cases, c.events, c.closed, c.open, c.fitting, c.fit) == (5, 14, 4, 1, 3, 0.6)
    assert c.unrecorded == ("done",)
    assert c.as_of == dt.datetime(2024, 1, 4, 9, 10)
    assert c.mapping == StepMap({"call": "call", "check": "check", "close": "close"})


def test_steps(tickets: cal.Calibration) -> None:
    call, check, close, done = tickets.steps
    # visits per closed case (c1, c2, c4, c5): call 2 + 1 + 0 + 1, check 2 + 1 + 1 + 0, close 4;
    # declared: call -> check -> call with p 0.5 makes 1 / (1 - 0.5) = 2 visits to each
    assert (call.visits, check.visits, close.visits) == (Pair(2.0, 1.0), Pair(2.0, 1.0), Pair(1.0, 1.0))
    # waits: call 11:00 - 10:00 (c1's second call); check 1 h, 2 h, 0.5 h, 1 h (c4 begins there);
    # close 1 h, 1 h, 0.5 h, 10 m
    assert (call.wait_h, call.waits_seen) == (Pair(0.0, 1.0), 1)
    assert (check.wait_h, check.waits_seen) == (Pair(1.0, 4.5 / 4), 4)
    assert (close.wait_h, close.waits_seen) == (Pair(0.0, (2.5 + 1 / 6) / 4), 4)
    assert check.work_h == Pair(0.0, None)  # no start events
    # departures: call 4 to check + 1 to close; check 3 to close + 1 back (c3 has not left it);
    # close: the 4 closed cases ended there
    assert (call.departures, check.departures, close.departures) == (5, 4, 4)
    assert check.refusal == Pair(0.5, 0.25) and call.refusal is None
    assert (done.recorded, done.visits, done.departures) == (False, Pair(1.0, None), 0)


def test_branches(tickets: cal.Calibration) -> None:
    assert tickets.branches == (
        BranchFit("call", "check", 1.0, 4.0, 0.8, False),
        BranchFit("check", "close", 0.5, 3.0, 0.75, False),
        BranchFit("check", "call", 0.5, 1.0, 0.25, True),
        BranchFit("close", "done", 1.0, 4.0, 1.0, False),
    )


def test_per_case_figures(tickets: cal.Calibration) -> None:
    c = tickets
    # handoffs (front, back, front, back, front in c1): c1 4, c2 2, c4 1, c5 0; declared: 2 visits
    # to call, each handing to check, and 2 to check, each handing back: 4
    assert c.handoffs == Pair(4.0, 7 / 4)
    # returns to a team already left: c1 3 (5 runs of 2 teams), c2 1, c4 0, c5 0
    assert c.ping_pong == Pair(3.0, 1.0)
    assert c.refusals == Pair(1.0, 0.25)  # c1 is sent back once
    assert c.repeat_contacts == Pair(1.0, 0.25)  # c1 calls twice
    assert (c.pingpong_cases, c.return_cases) == (0.5, 0.5)  # c1 and c2: front, back, front
    assert c.demand_per_day == Pair(2.0, 1.25)  # 5 cases from 2024-01-01 to 2024-01-04
    # closed lead times 10 m, 0.5 h, 1.5 h, 5 h; p85 at 0.85 * 3 = 2.55 places: 1.5 + 0.55 * 3.5
    observed = c.lead_time[1]
    assert observed == cal.LeadTime((5 + 1.5 + 0.5 + 1 / 6) / 4, 1.0, near(3.425),
                                    near(4.475), None)


def test_conformance_and_open_work(tickets: cal.Calibration) -> None:
    assert tickets.undeclared == (Transition(None, "check", 1, 1, ("c4",)),
                                  Transition("call", "close", 1, 1, ("c5",)))
    assert tickets.never_seen == ()
    # c3 stopped at check; 2024-01-03 12:00 to the end of the log, 2024-01-04 09:10: 21 h 10 m
    age = 21 + 1 / 6
    assert tickets.open_work == (OpenWork("check", 1, age, age, age, (1, 0, 0, 0, 0), None),)


def test_sla_share(process_of: ProcessOf, log_of: LogOf) -> None:
    found = calibrated(process_of(TICKETS.replace("demand: 2/day", "sla: 1h")), log_of(TICKET_LOG))
    assert found.lead_time[1].over_sla == 0.5  # c1 (5 h) and c2 (1.5 h) of the 4 closed cases


def test_a_mapping_file_and_unrecorded_steps(desk: cal.Calibration) -> None:
    c = desk
    assert c.mapping == StepMap({"Closed": "closed", "Solve": "handle", "Take": "handle"}, ("Note",), ("Phone",))
    assert c.unrecorded == ("arrive", "lost")
    # d1 ends at the recorded end step; d3 ends at handle, which may go on to the unrecorded 'lost';
    # d2 stops at Phone, no step: open, and it does not fit
    assert (c.cases, c.events, c.closed, c.fitting) == (3, 10, 2, 2)
    assert c.undeclared == (Transition("handle", "activity:Phone", 1, 1, ("d2",)),)
    assert c.open_work == (OpenWork("activity:Phone", 1, 24.0, 24.0, 24.0, (0, 1, 0, 0, 0), None),)


def test_visits_of_a_step_made_of_several_activities(desk: cal.Calibration) -> None:
    arrive, handle, closed, _ = desk.steps
    assert arrive.recorded is False and arrive.visits.observed is None
    # d1: Take then Solve (Note left out between them) are one visit, of 20 m + 30 m work; d2: Take
    # twice is two visits, the second after 40 m; the first visit of a case has no wait (the
    # arrival before it is not in the log)
    assert handle.visits == Pair(near(1 / 0.9), 1.0)  # d1 once, d3 once
    assert (handle.wait_h, handle.waits_seen) == (Pair(0.0, 40 / 60), 1)
    assert handle.work_h == Pair(0.5, 50 / 60)
    assert closed.wait_h == Pair(0.0, 0.5)  # 10:30 -> 11:00
    assert closed.visits == Pair(near(0.8 / 0.9), 0.5)
    # handle: 1 to closed, 1 to itself, 1 to Phone, and d3 ended there (into the unrecorded 'lost')
    assert handle.departures == 4
    assert [(b.target, b.count, b.observed_p) for b in desk.branches] == [
        ("handle", 3.0, 1.0), ("closed", 1.0, 0.25), ("handle", 1.0, 0.25), ("lost", 1.0, 0.25)]


def test_desk_per_case(desk: cal.Calibration) -> None:
    assert desk.handoffs == Pair(1.0, 1.0)  # arrive (desk) -> handle (back); an end step holds nobody
    assert desk.repeat_contacts == Pair(0.0, 0.0)
    assert desk.lead_time[1] == cal.LeadTime(1.0, 1.0, near(1.7), near(1.9), None)
    assert desk.performers.pairs == 0  # the log names no resource


def test_a_case_with_no_step_left(process_of: ProcessOf, log_of: LogOf, write: Write) -> None:
    # c6's only event is left out by the mapping: the case has no step at all; it is open, and as it
    # does not begin at the start step, it does not fit
    process = process_of(TICKETS)
    given = load_mapping(str(write("map.yaml", "Note: ~\n")), process)
    found = calibrated(process, log_of(TICKET_LOG + "c6,Note,2024-01-04 09:00,,,complete\n"), given)
    assert (found.cases, found.closed, found.fitting) == (6, 4, 3)
    assert found.open_work[0] == OpenWork("", 1, 1 / 6, 1 / 6, 1 / 6, (1, 0, 0, 0, 0), None)
    assert found.undeclared[0] == Transition(None, "", 1, 1, ("c6",))



def test_examples_are_the_first_case_ids(process_of: ProcessOf, log_of: LogOf) -> None:
    # call -> close (not declared) in c5 to c9, twice in c9: 6 times in 5 cases, the first three
    # ids shown; b1, b2, b3 and c4 begin at check, not at the start step
    rows = "".join(f"{case},call,2024-01-05 {hour}:00,ann,front,complete\n"
                   f"{case},close,2024-01-05 {hour}:10,ann,front,complete\n"
                   for case, hour in (("c9", 9), ("c7", 9), ("c6", 9), ("c8", 9), ("c9", 11)))
    rows += "".join(f"{case},check,2024-01-05 10:00,bob,back,complete\n" for case in ("b3", "b1", "b2"))
    found = calibrated(process_of(TICKETS), log_of(TICKET_LOG + rows))
    assert found.undeclared == (Transition("call", "close", 6, 5, ("c5", "c6", "c7")),
                                Transition(None, "check", 4, 4, ("b1", "b2", "b3")),
                                Transition("close", "call", 1, 1, ("c9",)))


def test_team_codes(process_of: ProcessOf, monkeypatch: pytest.MonkeyPatch) -> None:
    process = process_of(TICKETS)  # back and front hold steps; the end step 'done' holds nobody
    assert cal._team_codes(process) == {"back": 1, "front": 2}
    monkeypatch.setattr(cal, "BIT_TEAMS", 1)
    assert cal._team_codes(process) == {"back": 0, "front": 1}


def test_more_teams_than_bits(process_of: ProcessOf, log_of: LogOf, monkeypatch: pytest.MonkeyPatch) -> None:
    # past BIT_TEAMS a case's teams are counted one by one: the same returns as test_per_case_figures
    monkeypatch.setattr(cal, "BIT_TEAMS", 1)
    found = calibrated(process_of(TICKETS), log_of(TICKET_LOG))
    assert (found.ping_pong, found.return_cases) == (Pair(3.0, 1.0), 0.5)

# -- mapping ------------------------------------------------------------------------------------


def test_identity_by_id_then_by_name(process_of: ProcessOf) -> None:
    process = process_of(DESK)
    assert map_activities(["handle", "  customer   ARRIVES ", "Lost", "Other"], process) == StepMap(
        {"  customer   ARRIVES ": "arrive", "Lost": "lost", "handle": "handle"}, (), ("Other",))


def test_mapping_file_problems(process_of: ProcessOf, write: Write) -> None:
    process = process_of(DESK)
    path = write("map.yaml", "Take: handel\nSolve: [a]\nNote: ~\n")
    with pytest.raises(ProcessWalkError) as caught:
        load_mapping(str(path), process)
    assert caught.value.format_message() == (
        f"{path}:1:7: [error] 'Take' maps to unknown step 'handel' ('~' would leave the activity out); did you"
        " mean 'handle'? (invalid)\n"
        f"{path}:2:8: [error] the step of 'Solve' should be text, not a list (invalid)")


@pytest.mark.parametrize("text", ["- a\n", ""])
def test_a_mapping_file_is_a_mapping(process_of: ProcessOf, write: Write, text: str) -> None:
    path = write("map.yaml", text)
    with pytest.raises(ProcessWalkError) as caught:
        load_mapping(str(path), process_of(DESK))
    assert caught.value.format_message() == (f"{path}:1:1: [error] expected a mapping of log activities to step"
                                             " ids, such as 'Assign seriousness: triage' (invalid)")


def test_a_missing_mapping_file(process_of: ProcessOf, tmp_path: Path) -> None:
    path = str(tmp_path / "nowhere.yaml")
    with pytest.raises(ProcessWalkError) as caught:
        load_mapping(path, process_of(DESK))
    assert caught.value.format_message() == (f"{path}: [error] cannot read the file (No such file or "
                                                 "directory); check that it is a readable file (invalid)")


def test_stray_names_are_warnings(desk: cal.Calibration, process_of: ProcessOf, write: Write) -> None:
    path = str(write("map.yaml", DESK_MAP))
    given = load_mapping(path, process_of(DESK))
    assert [str(p) for p in stray_names(given, ["Take", "Solve", "Note", "Phone", "Type"])] == [
        f"{path}:5:1: [warning] the log has no activity 'Typo'; did you mean 'Type'? (mapping)"]
