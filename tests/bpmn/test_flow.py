"""A process as BPMN flow nodes: which node each step becomes, and ids that never meet."""
from __future__ import annotations

from pathlib import Path

from processwalk.bpmn.flow import outline, xml_id
from tests.bpmn.helpers import SMALL, load


def test_each_step_becomes_its_nodes_in_walking_order() -> None:
    plan = outline(load(SMALL))
    assert [(n.id, n.element, n.lane, n.step) for n in plan.nodes] == [
        ("start_event", "startEvent", "desk", None),
        ("call", "receiveTask", "desk", "call"),
        ("split_call", "exclusiveGateway", "desk", "call"),
        ("wait_check", "intermediateCatchEvent", "office", "check"),
        ("check", "userTask", "office", "check"),
        ("split_check", "exclusiveGateway", "office", "check"),
        ("done", "endEvent", "desk", "done"),
    ]
    assert [(f.id, f.source, f.target, f.branch.p if f.branch else None) for f in plan.flows] == [
        ("flow_start_event", "start_event", "call", None),
        ("flow_call_split", "call", "split_call", None),
        ("flow_call_1", "split_call", "wait_check", 0.8),  # into the step's timer: it waits first
        ("flow_call_2", "split_call", "done", 1 - 0.8),
        ("flow_check_wait", "wait_check", "check", None),
        ("flow_check_split", "check", "split_check", None),
        ("flow_check_1", "split_check", "call", 0.25),
        ("flow_check_2", "split_check", "done", 0.75),
    ]
    assert [(m.id, m.task, m.inbound) for m in plan.messages] == [("message_call", "call", True)]
    assert plan.lanes == ("desk", "office")


def test_kinds_and_ids_that_start_with_a_digit(tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    path.write_text("""\
process: kinds
title: Every kind
start: 1st
teams: {desk: {name: Desk}}
steps:
  1st: {team: desk, kind: self-service, next: 2nd}
  2nd: {team: desk, kind: approval, next: [{to: 3rd, p: 0.5}, {to: 3rd, p: 0.5, when: again}]}
  3rd: {team: desk, kind: contact, next: 4th}
  4th: {team: desk, kind: decision, next: end}
  end: {kind: end, outcome: refused}
""", encoding="utf-8")
    plan = outline(load(path))
    assert [(n.id, n.element) for n in plan.nodes] == [
        ("start_event", "startEvent"), ("_1st", "serviceTask"), ("_2nd", "userTask"), ("split_2nd", "exclusiveGateway"),
        ("_3rd", "sendTask"), ("_4th", "userTask"), ("end", "endEvent")]
    # two branches to one step stay two flows, each with its own probability
    assert [(f.id, f.target) for f in plan.flows if f.source == "split_2nd"] == [
        ("flow_2nd_1", "_3rd"), ("flow_2nd_2", "_3rd")]
    # the customer uses the machine (in), the agent contacts the customer later (out)
    assert [(m.task, m.inbound) for m in plan.messages] == [("_1st", True), ("_3rd", False)]
    assert xml_id("check") == "check"
