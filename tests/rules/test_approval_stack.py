from __future__ import annotations

from tests.rules.conftest import Check

PROCESS = """\
process: credit
title: Credit request
owner: Head of Billing
start: call
steps:
  call: {kind: contact, team: front, work: 10m, next: lead-ok}
  lead-ok: {kind: approval, team: leads, wait: 1d, next: finance-ok}
  finance-ok: {kind: approval, team: back, wait: 2d, next: done}
  done: {kind: end}
"""


def test_fires_on_two_approvals_per_case(check: Check) -> None:
    [finding] = check(PROCESS, "approval-stack")
    assert (finding.place, finding.at, finding.location.line) == ("process", "credit", 1)
    assert finding.message == "2.00 approvals per case ('lead-ok', 'finance-ok') hold a case 3.0d in all"
    assert finding.why == ("Why does a case in 'Credit request' need 2.0 approvals ('lead-ok', 'finance-ok'), "
                           "which hold it 3.0d, when one decision could do?")
    assert finding.ask == "Head of Billing"


def test_quiet_with_one_approval(check: Check) -> None:
    one = PROCESS.replace("next: finance-ok", "next: done").replace(
        "  finance-ok: {kind: approval, team: back, wait: 2d, next: done}\n", "")
    assert check(one, "approval-stack") == []
