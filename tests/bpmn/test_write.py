"""The exported BPMN: valid against OMG's schema, the same bytes every time, the walk's figures in it."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from processwalk.analysis.walk import analyze
from processwalk.bpmn import ns
from processwalk.formatting import format_hours
from tests.bpmn.helpers import (
    CONTAINERS,
    EXAMPLES,
    SMALL,
    export,
    inside,
    load,
    overlapping,
    schema_errors,
    shapes,
)

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
M = f"{{{ns.MODEL}}}"
PW = f"{{{ns.PROCESSWALK}}}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("bpsim", [False, True], ids=["plain", "bpsim"])
def test_every_example_validates_against_the_bpmn_schema(path: Path, bpsim: bool) -> None:
    assert schema_errors(export(path, bpsim=bpsim)) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_two_shapes_overlap_and_every_shape_is_on_the_canvas(path: Path) -> None:
    found = shapes(export(path))
    assert overlapping(found) == []
    assert all(s.x >= 0 and s.y >= 0 for s in found)
    by_element = {s.element: s for s in found}
    lanes = [s for s in found if s.element.startswith("lane_")]
    assert all(inside(lane, by_element["Participant"]) for lane in lanes)
    nodes = [s for s in found if s not in lanes and s.element not in CONTAINERS]
    assert all(any(inside(node, lane) for lane in lanes) for node in nodes)
    # the lanes tile the pool: one under the other, no gap, as high as the pool together
    pool = by_element["Participant"]
    assert [lane.y for lane in lanes] == [pool.y + sum(above.height for above in lanes[:i]) for i in range(len(lanes))]
    assert sum(lane.height for lane in lanes) == pool.height


def test_the_same_process_gives_the_same_bytes() -> None:
    assert export(EXAMPLES[0], bpsim=True) == export(EXAMPLES[0], bpsim=True)


@pytest.fixture(scope="module")
def small() -> ET.Element:
    return ET.fromstring(export(SMALL))


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    found = [e for e in root.iter() if e.get("id") == element_id]
    assert len(found) == 1, element_id
    return found[0]


def test_steps_become_tasks_of_their_kind_in_their_teams_lanes(small: ET.Element) -> None:
    process = small.find(f"{M}process")
    assert process is not None
    nodes = [(e.tag.removeprefix(M), e.get("id")) for e in process
             if e.tag.removeprefix(M) not in ("documentation", "extensionElements", "laneSet", "sequenceFlow")]
    assert nodes == [("startEvent", "start_event"), ("receiveTask", "call"), ("exclusiveGateway", "split_call"),
                     ("intermediateCatchEvent", "wait_check"), ("userTask", "check"),
                     ("exclusiveGateway", "split_check"), ("endEvent", "done")]
    lanes = {lane.get("name"): [ref.text for ref in lane.iter(f"{M}flowNodeRef")] for lane in small.iter(f"{M}lane")}
    # the end is drawn in the lane of the first step that ends there
    assert lanes == {"Service desk": ["start_event", "call", "split_call", "done"],
                     "Back office": ["wait_check", "check", "split_check"]}
    assert by_id(small, "lane_desk").find(f"{M}extensionElements/{PW}team").attrib == {  # type: ignore[union-attr]
        "team": "desk", "staff": "4", "hoursPerDay": "7.5"}
    step = by_id(small, "check").find(f"{M}extensionElements/{PW}step")
    assert step is not None and step.attrib == {"step": "check", "kind": "task", "team": "office", "policies": "papers"}


def test_a_wait_is_a_timer_with_an_iso_duration(small: ET.Element) -> None:
    duration = by_id(small, "wait_check").find(f"{M}timerEventDefinition/{M}timeDuration")
    assert duration is not None and duration.text == "PT48H"  # 2d
    assert duration.get(f"{{{ns.XSI}}}type") == "bpmn:tFormalExpression"
    wait = by_id(small, "wait_check").find(f"{M}extensionElements/{PW}wait")
    assert wait is not None and wait.attrib == {"mean": "PT48H", "cv": "0.5"}
    work = by_id(small, "check").find(f"{M}extensionElements/{PW}work")
    # {min: 5m, mode: 10m, max: 30m}: mean (5 + 10 + 30) / 3 = 15m = 0.25h
    assert work is not None and work.attrib == {"mean": "PT0.25H", "min": "PT0.08333333333333333H",
                                                "mode": "PT0.16666666666666666H", "max": "PT0.5H"}


def test_branches_are_flows_from_a_gateway_with_conditions_and_probabilities(small: ET.Element) -> None:
    claim = by_id(small, "flow_call_1")
    assert (claim.get("sourceRef"), claim.get("targetRef"), claim.get("name")) == ("split_call", "wait_check", "a claim")
    condition = claim.find(f"{M}conditionExpression")
    assert condition is not None and condition.text == "a claim"
    branch = claim.find(f"{M}extensionElements/{PW}branch")
    assert branch is not None and branch.attrib == {"to": "check", "p": "0.8", "when": "a claim"}
    refusal = by_id(small, "flow_check_1")
    assert (refusal.get("targetRef"), refusal.get("name")) == ("call", "papers missing")  # the send-back
    assert refusal.find(f"{M}conditionExpression") is None  # no 'when' to test
    branch = refusal.find(f"{M}extensionElements/{PW}branch")
    assert branch is not None and branch.attrib == {"to": "call", "p": "0.25", "refusal": "true",
                                                    "reason": "papers missing", "policy": "papers"}
    message = by_id(small, "message_call")
    assert (message.get("sourceRef"), message.get("targetRef")) == ("Customer", "call")


def test_the_walks_figures_are_the_documentation(small: ET.Element) -> None:
    # visits: call = 1 + 0.25 check, check = 0.8 call -> call = 1 / (1 - 0.2) = 1.25, check = 1.0
    # lead time: 1.25 x 6m + 1.0 x (2d + 15m) = 48.375h = 2.0d; refusals 1.0 x 0.25; refused at least once
    # 0.8 x 0.25 = 20%; handoffs: call -> check 1.0 + check -> call 0.25 = 1.25
    def text(element_id: str) -> str | None:
        return by_id(small, element_id).text

    assert text("figures_Process") == (
        "processwalk walk: lead time 2.0d, touch time 22m (flow efficiency 0.8%); per case 1.25 handoffs, "
        "0.00 approvals, 0.25 refusals, 1.25 contacts; refused at least once: 20% of cases (first-pass yield 80%); "
        "teams touched 1.80, ping-pong 0.45; outcomes: resolved 100%.")
    # demand 24/day: 1.25 x 24 = 30 calls a day of 6m on 4 x 7.5h of staff; the queueing model's
    # predicted wait (tests/analysis/test_queueing.py) is said as the report says it
    predicted = analyze(load(SMALL)).step_loads["call"].predicted_wait_h
    assert predicted is not None and predicted > 0
    assert text("figures_call") == ("processwalk walk: 1.250 visits per case, reached by 100% of cases, "
                                    f"work 6m a visit, predicted wait {format_hours(predicted)}.")
    assert text("figures_check") == "processwalk walk: 1.000 visits per case, reached by 80% of cases, work 15m a visit."
    assert text("figures_wait_check") == "processwalk walk: waits 2.0d before 'We check the claim', 1.000 times per case."
    assert text("figures_flow_check_1") == ("processwalk walk: 25% of cases at 'We check the claim' refused or sent "
                                            "back to 'Customer calls'; 0.250 times per case.")
    assert text("figures_split_call") == "processwalk walk: 80% to 'We check the claim'; 20% to 'Answered'."
