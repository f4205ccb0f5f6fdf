"""The processes and logs the calibration tests share (processwalk/eventlog/calibrate.py and the
modules that read its result); their fixtures are in conftest.py."""
from __future__ import annotations

from collections.abc import Callable

from processwalk.eventlog import EventLog
from processwalk.eventlog import calibrate as cal
from processwalk.eventlog.mapping import MappingFile, map_activities
from processwalk.model import Process

LogOf = Callable[[str], EventLog]
ProcessOf = Callable[[str], Process]

# Tickets: a call (a customer contact, frontline), a check by the back office that sends half the
# cases back to a call (a refusal), and a close; the end step 'done' is not in the log.
TICKETS = """\
process: tickets
title: Tickets
demand: 2/day
start: call
teams:
  front: {name: Front}
  back: {name: Back}
steps:
  call:
    kind: contact
    team: front
    next: check
  check:
    team: back
    wait: 1h
    next:
      - {to: close, p: 0.5}
      - {to: call, p: 0.5, refusal: true}
  close:
    team: front
    next: done
  done:
    kind: end
"""

# c1 is sent back once; c2 goes straight through; c3 is still open at check; c4 begins at check
# (not the start step); c5 skips check (call -> close is not declared).
TICKET_LOG = """\
c1,call,2024-01-01 09:00,ann,front,complete
c1,check,2024-01-01 10:00,bob,back,complete
c1,call,2024-01-01 11:00,ann,front,complete
c1,check,2024-01-01 13:00,bob,back,complete
c1,close,2024-01-01 14:00,ann,front,complete
c2,call,2024-01-02 08:00,ann,front,complete
c2,check,2024-01-02 08:30,bob,back,complete
c2,close,2024-01-02 09:30,cat,front,complete
c3,call,2024-01-03 12:00,ann,front,complete
c3,check,2024-01-03 13:00,bob,back,complete
c4,check,2024-01-03 10:00,bob,back,complete
c4,close,2024-01-03 10:30,ann,front,complete
c5,call,2024-01-04 09:00,ann,front,complete
c5,close,2024-01-04 09:10,ann,front,complete
"""

# A desk: the customer's arrival is not in the log (the start step is unrecorded); Take and Solve
# are two activities of one step, Note is left out, Phone is no step; 'Closed' is an end step by
# its name, 'lost' an end step the log does not record.
DESK = """\
process: desk
title: Desk
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
"""

DESK_MAP = "# activity: step\nTake: handle\nSolve: handle\nNote: ~\nTypo: handle\n"


def calibrated(process: Process, log: EventLog, given: MappingFile | None = None) -> cal.Calibration:
    return cal.calibrate(process, log, map_activities(cal.activities_of(log), process, given))
