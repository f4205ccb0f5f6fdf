from __future__ import annotations

from tests.rules.conftest import Check

PROCESS = """\
process: complaint
title: Complaint
owner: Head of CX
start: ivr
steps:
  ivr: {{team: leads, next: call}}
  call: {{kind: contact, team: front, work: 10m, next: {next}}}
  fix: {{team: back, wait: 1d, work: 20m, next: done}}
  done: {{kind: end}}
"""


def test_fires_when_the_frontline_can_never_finish(check: Check) -> None:
    [finding] = check(PROCESS.format(next="fix"), "frontline-powerless")
    assert (finding.place, finding.at, finding.location.line) == ("step", "call", 7)
    # lead time 10m + 1d + 20m; at the frontline 10m: 1d 20m = 24.33h elsewhere
    assert finding.message == ("Frontline can never finish a case alone: every case leaves them and spends "
                               "1.0d with other teams")
    assert finding.why == ("Why can't Frontline, who talk to the customer at 'call', make it right themselves, "
                           "instead of passing every case on for 1.0d?")
    assert finding.ask == "Head of CX"


def test_quiet_when_the_frontline_can_resolve(check: Check) -> None:
    text = PROCESS.format(next="[{to: done, p: 0.6}, {to: fix}]")
    assert check(text, "frontline-powerless") == []
