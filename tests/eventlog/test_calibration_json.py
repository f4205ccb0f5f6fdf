"""The machine-readable calibration (processwalk/eventlog/calibration_json.py)."""
from __future__ import annotations

import json

from processwalk.eventlog import calibrate as cal
from processwalk.eventlog.calibration_json import to_json


def test_json(tickets: cal.Calibration) -> None:
    doc = json.loads(json.dumps(to_json(tickets), allow_nan=False))
    assert (doc["cases"], doc["events"], doc["closed_cases"], doc["open_cases"]) == (5, 14, 4, 1)
    assert doc["conformance"] == {
        "fit": 0.6, "fitting_cases": 3, "never_seen": [],
        "undeclared": [{"from": None, "to": "check", "count": 1, "cases": 1, "examples": ["c4"]},
                       {"from": "call", "to": "close", "count": 1, "cases": 1, "examples": ["c5"]}]}
    assert doc["figures"]["handoffs"] == {"declared": 4.0, "observed": 1.75}
    assert doc["steps"]["check"]["refusal"] == {"declared": 0.5, "observed": 0.25}
    assert doc["backlog"]["check"]["bands"] == {"<1d": 1, "1-7d": 0, "7-30d": 0, "30-90d": 0, ">90d": 0}
    # groups, c1: front, back, front, back, front; c2: front, back, front; c3: front, back; c4: back,
    # front; c5: front, front: 8 direct handoffs in 5 cases, none between two groups a step apart
    assert doc["log_handovers"] == {"by": "group", "pairs": 9, "handoffs": 8, "handoffs_per_case": 1.6,
                                    "indirect_handoffs_per_case": 0.0, "pingpong_cases": 0.4, "return_cases": 0.4}
