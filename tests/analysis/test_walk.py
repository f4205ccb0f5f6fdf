from __future__ import annotations

import json

import pytest

from processwalk.analysis import walk as walks
from processwalk.analysis.walk import analyze, analyzed, document, to_json

from .conftest import ProcessFrom

CREDIT = """
process: credit
title: Customer asks for a credit
demand: 10/day
sla: 2d
start: call
steps:
  call: {kind: contact, team: front, systems: [crm], wait: 3m, work: 10m, next: approve}
  approve:
    kind: approval
    team: boss
    policy: sign
    wait: 1d
    work: 6m
    next:
      - {to: post, p: 0.98}
      - {to: refused, p: 0.02, refusal: true, policy: sign}
  post: {team: back, systems: [ledger], wait: 2h, work: 30m, backlog: {open: 20}, next: done}
  done: {kind: end}
  refused: {kind: end, outcome: refused}
"""

CONTRACT_FIGURES = {"lead_time_h", "touch_time_h", "flow_efficiency", "handoffs", "approvals", "refusals",
                    "first_pass_yield", "p_refused_twice", "contacts", "repeat_contacts", "teams_touched",
                    "systems_touched", "ping_pong", "outcomes", "lead_time_p50_h", "lead_time_p85_h",
                    "lead_time_p95_h"}


def test_json_has_every_key_of_the_contract(process_from: ProcessFrom) -> None:
    walk = analyze(process_from(CREDIT), cases=2000)
    entry = to_json(walk)
    assert entry["id"] == "credit" and entry["file"].endswith("process.yaml")
    assert CONTRACT_FIGURES <= set(entry["figures"])
    assert set(entry["steps"]) == {"call", "approve", "post", "done", "refused"}
    assert {"visits", "reach", "predicted_wait_h", "backlog_age_d"} <= set(entry["steps"]["post"])
    assert {"load_h_per_day", "capacity_h_per_day", "utilization"} <= set(entry["teams"]["front"])
    assert {"lead_time_h", "refusals", "handoffs", "approvals", "customer_days_per_year",
            "staff_hours_per_year"} <= set(entry["policies"]["sign"])
    assert entry["findings"] == []
    # back office: 10 * 0.98 * 0.5h = 4.9 h/day on 40/7: the bottleneck; boss declares no staff: null
    assert entry["bottleneck"] == "back"
    assert entry["teams"]["boss"]["utilization"] is None
    # backlog age: 20 open / (10 * 0.98) a day
    assert entry["steps"]["post"]["backlog_age_d"] == pytest.approx(20 / 9.8)
    json.dumps(entry, allow_nan=False)


def test_document_and_findings(process_from: ProcessFrom) -> None:
    walk = analyze(process_from(CREDIT), cases=100)
    finding = {"rule": "rubber-stamp", "at": "approve"}
    doc = document([walk], {"credit": [finding]})
    assert doc["processes"][0]["findings"] == [finding]
    assert document([walk])["processes"][0]["findings"] == []


def test_unfinished_simulation_is_null(process_from: ProcessFrom, monkeypatch: pytest.MonkeyPatch) -> None:
    process = process_from(CREDIT)
    from processwalk.analysis import simulate as sim

    real = sim.simulate
    monkeypatch.setattr(walks, "simulate", lambda p, **kw: real(p, **{**kw, "max_steps": 1}))
    entry = to_json(analyze(process, cases=10))
    assert entry["figures"]["lead_time_p50_h"] is None
    json.dumps(entry, allow_nan=False)


def test_walk_shortcuts(process_from: ProcessFrom) -> None:
    walk = analyze(process_from(CREDIT), cases=100)
    assert walk.teams is walk.capacity.teams and walk.step_loads is walk.capacity.steps
    assert walk.bottleneck == "back"
    assert walk.likely_paths[0].steps == ("call", "approve", "post", "done")


def test_the_simulation_follows_the_seed_and_the_number_of_cases() -> None:
    from processwalk.project import load_paths

    [process] = load_paths(["processes/refund-sendback.yaml"]).processes
    default, other = analyze(process), analyze(process, seed=1, cases=2_000)
    assert (default.simulation.seed, default.simulation.cases) == (0, 10_000)
    assert (other.simulation.seed, other.simulation.cases) == (1, 2_000)
    assert other.simulation.p85_h != default.simulation.p85_h
    assert analyze(process).simulation == default.simulation


def test_a_walk_sent_to_another_process_rebuilds_what_it_left_behind(process_from: ProcessFrom) -> None:
    import pickle

    walk = analyze(process_from(CREDIT), cases=100)
    walk.graph, walk.components  # noqa: B018 - cached now, and left out of the pickle
    back = pickle.loads(pickle.dumps(walk))
    assert not {"chain", "graph", "components"} & set(back.__dict__)
    assert back.figures == walk.figures and back.likely_paths == walk.likely_paths
    assert list(back.chain.visits) == pytest.approx(list(walk.chain.visits))
    assert back.components == walk.components
    # complete, the paths and the simulation go along
    sent = pickle.loads(pickle.dumps(analyzed(walk.process, cases=100, simulated=True)))
    assert {"paths", "simulation"} <= set(sent.__dict__)
    assert sent.likely_paths == walk.likely_paths and sent.simulation == walk.simulation
