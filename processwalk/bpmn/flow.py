"""A process as BPMN flow nodes and sequence flows: what ``export`` draws and writes.

Every step but an end becomes a task of its kind (``kinds``), every end an end event.
A step that waits first gets a timer intermediate event before it, a step with more than
one branch an exclusive gateway after it, and the process a start event before its
start step.  Each branch is one sequence flow (two branches to the same step stay two
flows: each has its own probability, condition and refusal).  Contacts and self-service
steps talk to a customer pool through message flows.

Ids: a step keeps its id (with a ``_`` before it when it starts with a digit, as an
XML id must not); the nodes and flows made here are named with an ``_``, which a step
id never holds (``wait_``, ``split_``, ``flow_`` and the step's id, then ``_wait``,
``_split`` or the branch's number), so no two ids meet.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from processwalk.model import Branch, Process, Step

#: the BPMN task of each kind of step (a contact is a receive task at the start, a send task later)
TASKS = {"task": "userTask", "approval": "userTask", "decision": "userTask", "self-service": "serviceTask",
         "contact": "sendTask"}
EVENT, TIMER, GATEWAY, END = "startEvent", "intermediateCatchEvent", "exclusiveGateway", "endEvent"
START_ID = "start_event"


@dataclass(frozen=True)
class Node:
    """One flow node: its BPMN id and element, the team whose lane holds it, the step it is part of."""

    id: str
    element: str
    lane: str | None
    step: str | None
    name: str = ""


@dataclass(frozen=True)
class Flow:
    """One sequence flow; ``branch`` is the step's branch it carries (None inside a step)."""

    id: str
    source: str
    target: str
    branch: Branch | None = None
    #: the step whose branch this is
    step: str | None = None


@dataclass(frozen=True)
class Message:
    """A message flow between the customer pool and a step's task (``inbound``: from the customer)."""

    id: str
    task: str
    inbound: bool


@dataclass(frozen=True)
class Outline:
    nodes: tuple[Node, ...]
    flows: tuple[Flow, ...]
    messages: tuple[Message, ...]
    #: the teams with a lane, in walking order
    lanes: tuple[str, ...]


def xml_id(step_id: str) -> str:
    """The BPMN id of a step: its own id, which must not start with a digit in XML."""
    return f"_{step_id}" if step_id[:1].isdigit() else step_id


def wait_id(step_id: str) -> str:
    return f"wait_{step_id}"


def split_id(step_id: str) -> str:
    return f"split_{step_id}"


def task_element(process: Process, step: Step) -> str:
    if step.is_end:
        return END
    if step.kind == "contact" and step.id == process.start:
        return "receiveTask"
    return TASKS.get(step.kind, "userTask")


def outline(process: Process) -> Outline:
    """The flow nodes, sequence flows and message flows of ``process``, in walking order."""
    lanes = _lanes(process)
    nodes = [Node(START_ID, EVENT, lanes[process.start], None, "")]
    flows = [Flow("flow_start_event", START_ID, entry(process, process.start))]
    for step in process.steps.values():
        nodes.extend(_step_nodes(process, step, lanes[step.id]))
        flows.extend(_step_flows(process, step))
    messages = tuple(Message(f"message_{s.id}", xml_id(s.id), task_element(process, s) != "sendTask")
                     for s in process.steps.values() if s.kind in ("contact", "self-service"))
    teams = tuple(dict.fromkeys(lane for lane in lanes.values() if lane is not None))
    return Outline(tuple(nodes), tuple(flows), messages, teams)


def entry(process: Process, step_id: str) -> str:
    """The node a case enters a step by: its timer when it waits first, else its task."""
    return wait_id(step_id) if process.steps[step_id].wait.mean > 0 else xml_id(step_id)


def _step_nodes(process: Process, step: Step, lane: str | None) -> Iterator[Node]:
    if step.wait.mean > 0:
        yield Node(wait_id(step.id), TIMER, lane, step.id)
    yield Node(xml_id(step.id), task_element(process, step), lane, step.id, step.name)
    if len(step.next) > 1:
        yield Node(split_id(step.id), GATEWAY, lane, step.id)


def _step_flows(process: Process, step: Step) -> Iterator[Flow]:
    if step.wait.mean > 0:
        yield Flow(f"flow_{step.id}_wait", wait_id(step.id), xml_id(step.id))
    if len(step.next) == 1:
        branch = step.next[0]
        yield Flow(f"flow_{step.id}", xml_id(step.id), entry(process, branch.to), branch, step.id)
    elif step.next:
        yield Flow(f"flow_{step.id}_split", xml_id(step.id), split_id(step.id))
        for i, branch in enumerate(step.next, 1):
            yield Flow(f"flow_{step.id}_{i}", split_id(step.id), entry(process, branch.to), branch, step.id)


def _lanes(process: Process) -> dict[str, str | None]:
    """The team whose lane holds each step: its own; for an end, the team of the first step that
    leads to it (an end has no holder; it is drawn beside the step that ends there)."""
    lanes: dict[str, str | None] = {s.id: s.team for s in process.steps.values() if not s.is_end}
    for step in process.steps.values():
        for branch in step.next:
            if process.steps[branch.to].is_end and branch.to not in lanes:
                lanes[branch.to] = step.team
    first = next((team for team in lanes.values() if team is not None), None)
    return {s: lanes.get(s) or first for s in process.steps}
