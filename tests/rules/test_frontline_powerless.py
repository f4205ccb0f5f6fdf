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


def test_the_declared_frontline_is_judged_from_its_first_step(check: Check) -> None:
    # the leads' IVR step is the start; declared frontline 'leads': the IVR can only pass the case on
    # (lead time 10m + 1d + 20m, none of it with the leads: 1.0d elsewhere)
    text = PROCESS.format(next="fix").replace("start: ivr", "start: ivr\nfrontline: leads")
    [finding] = check(text, "frontline-powerless")
    assert (finding.at, finding.message) == ("ivr", "Team leaders can never finish a case alone: every case "
                                                    "leaves them and spends 1.0d with other teams")
    # declared 'front', which can resolve on the call: quiet
    text = PROCESS.format(next="[{to: done, p: 0.6}, {to: fix}]").replace("start: ivr", "start: ivr\nfrontline: front")
    assert check(text, "frontline-powerless") == []
