from __future__ import annotations

from tests.rules.conftest import Check

PROCESS = """\
process: enquiry
title: Enquiry
owner: Head of Frontline
start: call
steps:
  call: {{kind: contact, team: front, systems: [{systems}], work: 10m, next: note}}
  note: {{team: front, systems: [dms, phone], next: done}}
  done: {{kind: end}}
"""


def test_fires_on_a_step_with_many_systems_and_a_case_meeting_many(check: Check) -> None:
    findings = check(PROCESS.format(systems="crm, billing, ledger, usage"), "system-sprawl")
    assert [(f.place, f.at, f.location.line) for f in findings] == [("process", "enquiry", 1),
                                                                     ("step", "call", 6)]
    assert findings[1].message == "'call' uses 4 systems: CRM, Billing, Ledger, Usage portal"
    assert findings[1].why == "Why does Frontline need 4 systems (CRM, Billing, Ledger, Usage portal) to do 'call'?"
    assert findings[0].message == "a case meets 6.0 systems on its way"
    assert findings[0].why == "Why does a case of 'Enquiry' go through 6.0 systems that do not share it?"


def test_quiet_with_few_systems(check: Check) -> None:
    assert check(PROCESS.format(systems="crm, billing"), "system-sprawl") == []
