from __future__ import annotations

import pytest

from tests.rules.conftest import Check

PROCESS = """\
process: payments
title: Payments line
owner: Contact centre operations
demand: 100/day
start: pin
teams: {{ivr: {{name: IVR, owner: Head of Self-Service}}}}
steps:
  pin: {{kind: {kind}, team: ivr, wait: 1m, next: menu}}
  menu:
    name: Press 1 to pay
    kind: {kind}
    team: ivr
    wait: 2m
    next: [{{to: pin, p: {p}, when: wrong option{refusal}}}, {{to: agent}}]
  agent: {{kind: contact, team: front, work: 10m, next: done}}
  done: {{kind: end}}
"""


def text(kind: str = "self-service", p: str = "20%", refusal: str = "") -> str:
    return PROCESS.format(kind=kind, p=p, refusal=refusal)


def test_fires_when_the_menu_sends_callers_back_to_the_start(check: Check) -> None:
    [finding] = check(text(), "menu-loop")
    assert (finding.place, finding.at, finding.location.line, finding.severity) == ("branch", "menu->pin", 14,
                                                                                     "warning")
    # v_pin = v_menu = 1 / (1 - 0.2) = 1.25: lead 1.25 * (1m + 2m) + 10m = 13.75m; without the branch
    # 3m + 10m = 13m: the loop adds 0.75m = 45s per case
    assert finding.message == ("'Press 1 to pay' sends 20% of its cases back to 'pin' (wrong option) without a "
                               "refusal: the customer goes through 'pin' and 'Press 1 to pay' again; the loop "
                               "adds 45s per case")
    assert finding.why == ("Why does IVR send 20% of customers back to 'pin' (wrong option) when nothing was "
                           "refused, so that they go through 'pin' and 'Press 1 to pay' again, adding 45s to "
                           "every case on average?")
    assert finding.ask == "Head of Self-Service"  # the IVR team's owner
    assert finding.evidence["sent_back_per_case"] == pytest.approx(0.25)  # 1.25 visits * 0.2
    # 100 a day * 365.25 * 0.75m / 60 / 24 = 19.02 customer-days a year; the IVR does no staff work
    assert finding.impact.customer_days_per_year == pytest.approx(36525 * 0.75 / 60 / 24)
    assert finding.impact.staff_hours_per_year is None


def test_quiet_below_the_threshold_for_refusals_and_where_the_customer_does_nothing(check: Check) -> None:
    assert check(text(p="4%"), "menu-loop") == []  # 4% < min 5%
    assert check(text(refusal=", refusal: true"), "menu-loop") == []  # a refusal-loop instead
    assert check(text(kind="task"), "menu-loop") == []  # back-office rework, not the customer
    assert check(text(p="4%"), "menu-loop", config="rules: {menu-loop: {min: 0.01}}\n") != []


def test_choosing_again_in_the_same_menu_is_no_loop(check: Check) -> None:
    assert check(text().replace("{to: pin, p: 20%", "{to: menu, p: 20%"), "menu-loop") == []


def test_a_loop_whose_callers_give_up_adds_no_lead_time(check: Check) -> None:
    # half of those at the PIN hang up: without the loop fewer give up and more wait for the agent's
    # 10m, so the lead time would grow; the loop is still a finding, with no time it adds
    hang_up = text().replace("next: menu}", "next: [{to: menu, p: 50%}, {to: gone}]}").replace(
        "  done: {kind: end}", "  done: {kind: end}\n  gone: {kind: end, outcome: abandoned}")
    [finding] = check(hang_up, "menu-loop")
    assert finding.message.endswith("again; it adds no lead time on average")
    assert finding.why.endswith("go through 'pin' and 'Press 1 to pay' again?")
    assert finding.impact.customer_days_per_year is None
