"""What a calibrated copy changes (processwalk/eventlog/calibrated.py)."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from processwalk.eventlog import calibrate as cal
from processwalk.eventlog import calibrated as copy_of
from processwalk.eventlog.calibrate import BranchFit


def test_observed_branches_and_edits(desk: cal.Calibration) -> None:
    # handle's three branches were each taken once: a third each, the first taking the remainder
    assert copy_of.observed_branches(desk) == {"handle": [Decimal("0.3334"), Decimal("0.3333"), Decimal("0.3333")]}
    edits = copy_of.edits(desk)
    assert edits.demand_per_day == 1.0
    assert {step: wait.mean for step, wait in edits.waits.items()} == {"handle": "40m", "closed": "30m"}
    assert edits.note == [  # at most 76 characters a line: 80 with the '#   ' in front
        "Calibrated by 'processwalk calibrate' from log.csv: 3 cases up to",
        "2024-01-03, of which 67% fit. Branch p: the shares seen among the declared",
        "branches (a branch never taken keeps its p); wait: the observed mean;",
        "demand: cases arriving per day. Not added: 1 transition seen but not",
        "declared (see the calibration report)."]


def test_a_branch_never_taken_keeps_its_p(tickets: cal.Calibration) -> None:
    never = BranchFit("x", "c", 0.1, 0.0, 0.0, False)
    found = copy_of.observed_branches(dataclasses.replace(tickets, branches=(
        BranchFit("x", "a", 0.6, 30.0, 0.3, False), BranchFit("x", "b", 0.3, 10.0, 0.1, False), never)))
    # a and b share the 0.9 the unseen branch leaves: 0.9 * 30 / 40 and 0.9 * 10 / 40
    assert found == {"x": [Decimal("0.675"), Decimal("0.2250"), Decimal("0.1")]}


def test_no_remainder_left_writes_nothing(tickets: cal.Calibration) -> None:
    # the unseen branch keeps 0.99982; the three seen share 0.00018, 0.00006 each, which rounds to
    # 0.0001: nothing is left for the first, and the step keeps its declared branches
    seen = [BranchFit("x", t, 0.00006, 1.0, 1 / 3, False) for t in "bcd"]
    found = copy_of.observed_branches(dataclasses.replace(tickets, branches=(
        BranchFit("x", "a", 0.99982, 0.0, 0.0, False), *seen)))
    assert found == {}
