"""Waits that respond to load and the backlog projection, against hand arithmetic."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from processwalk.analysis import backlogs, response
from processwalk.analysis.backlogs import Item
from processwalk.analysis.queueing import allen_cunneen
from processwalk.analysis.response import Queue, Wait
from processwalk.errors import Location
from processwalk.model import Step, Team
from processwalk.units import Duration

TEAM = Team("back", "Back", Location("c.yaml"), staff=2, hours_per_day=8, days_per_week=7)


def test_the_declared_wait_taken_apart() -> None:
    # W 10h, Wq 4h: queueing 4h, policy 6h; unbounded: all of it is queueing
    assert response.baseline(10, 4) == Wait(10, 4, 4, 6, 10)
    assert response.baseline(10, math.inf) == Wait(10, math.inf, 10, 0, 10)
    assert response.baseline(10, None) == Wait(10, None, None, None, 10)


def test_the_queueing_part_scales_with_the_prediction() -> None:
    # (W - q) + q x Wq' / Wq = 6 + 4 x 2 / 4 = 8h
    assert response.respond(10, 4, 2).mean_h == 8
    # a declared wait below the prediction is all queueing: 0 + 3 x 2 / 4 = 1.5h
    assert response.respond(3, 4, 2).mean_h == 1.5
    # unbounded before: min(W, Wq') = min(10, 2); unbounded after: no value
    assert response.respond(10, math.inf, 2).mean_h == 2
    assert response.respond(10, 4, math.inf).mean_h == math.inf
    # a step new in the scenario, or no staff: the declared wait stays
    assert response.respond(10, None, 2).mean_h == 10
    assert response.respond(10, 4, None).mean_h == 10


def test_a_queue_at_the_summed_load_and_fractional_staff() -> None:
    # capacity 2 x 8 x 7 / 7 = 16 h/day, load 12 h/day: rho 0.75, a = 1.5 servers
    queue = Queue(TEAM, 12.0, 48.0)
    step = Step("s", "s", "task", Location("c.yaml"), team="back", work=Duration(0.25, 1.0))
    # E[S] = 0.25h x 24 / 8 = 0.75h elapsed; M/M/2 at a = 1.5: C = 0.642857 (9/14)
    # Wq = C x E[S] / (c - a) x (1 + 1) / 2 = 9/14 x 0.75 / 0.5 = 0.964286h
    assert response.predicted_wait(queue, step) == pytest.approx(27 / 28)
    half = Queue(dataclasses.replace(TEAM, staff=2.5), 12.0, 48.0)
    # 2.5 people: capacity 20, rho 0.6, a = 1.5 servers
    assert response.predicted_wait(half, step) == pytest.approx(allen_cunneen(2.5, 1.5, 0.75, 1.0))
    assert response.predicted_wait(Queue(TEAM, 16.0, 48.0), step) == math.inf


def test_backlogs_clear_with_the_spare_capacity() -> None:
    # capacity 16 h/day, load 10: 6 spare; 120 open x 0.5h = 60h -> 10 days
    # promise: sla 2d x 10 a day = 20 may stay: (120 - 20) x 0.5 / 6 = 8.33 days
    item = Item("p", "s", 120, 0.5, 48.0, 10.0, dt.date(2026, 11, 2))
    found = backlogs.clearing("back", Queue(TEAM, 10.0, 20.0), (item,))
    assert found.spare_h_per_day == 6 and found.clear_days == 10
    assert found.promise_days == pytest.approx(100 * 0.5 / 6)
    assert found.clear_date == dt.date(2026, 11, 12) and found.promise_date == dt.date(2026, 11, 11)
    # overloaded: 20 h/day of load over 16 of capacity, 1h an item: growth 4 a day
    over = backlogs.clearing("back", Queue(TEAM, 20.0, 20.0), (item,))
    assert (over.clear_days, over.clear_date, over.growth_per_day) == (None, None, 4.0)
