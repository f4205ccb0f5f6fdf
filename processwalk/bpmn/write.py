"""A walked process as a BPMN 2.0 file: the model, its diagram, the walk's figures.

The model is plain BPMN that every modeller reads (tasks, exclusive gateways with
conditions, timer events with ISO 8601 durations, a pool with a lane per team, a
customer pool with message flows); the walk's figures go into each element's
``documentation`` (its id starts with ``figures_``, so a reader can tell it from the
owner's own text); what BPMN has no word for goes into ``extensionElements`` in
processwalk's namespace (:data:`~processwalk.bpmn.ns.PROCESSWALK`), so that ``import``
gets the same process back.  ``bpsim=True`` adds BPSim 1.0 simulation parameters
(:mod:`processwalk.bpmn.bpsim`).

Deterministic: the same process and Graphviz version give the same bytes.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from processwalk import __version__
from processwalk.analysis.walk import Walk
from processwalk.bpmn import figures as texts
from processwalk.bpmn import ns
from processwalk.bpmn.bpsim import relationship
from processwalk.bpmn.elements import (
    COLLABORATION,
    CUSTOMER,
    DEFINITIONS,
    FORMAL,
    PARTICIPANT,
    PROCESS_PREFIX,
    bpmn,
    clean,
    iso,
    probability,
    pw,
    sub,
)
from processwalk.bpmn.flow import GATEWAY, TIMER, Flow, Node, Outline, outline
from processwalk.bpmn.layout import Box, Diagram, layout
from processwalk.model import Branch, Process, Step, Team
from processwalk.units import Duration
from processwalk.yamltext import exact


def document(walk: Walk, *, bpsim: bool = False) -> bytes:
    """The BPMN file of ``walk``'s process, as UTF-8 bytes."""
    process = walk.process
    plan = outline(process)
    root = ET.Element(bpmn("definitions"), {
        "id": DEFINITIONS, "name": clean(process.title), "targetNamespace": f"urn:processwalk:{process.id}",
        "exporter": "processwalk", "exporterVersion": __version__})
    root.append(_collaboration(process, plan))
    root.append(_process(walk, plan))
    root.append(_diagram(process, plan, layout(plan)))
    if bpsim:
        root.append(relationship(walk, plan))
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode() + b"\n"


# --- the model ------------------------------------------------------------------------------


def _collaboration(process: Process, plan: Outline) -> ET.Element:
    element = ET.Element(bpmn("collaboration"), {"id": COLLABORATION})
    sub(element, bpmn("participant"), {"id": PARTICIPANT, "name": clean(process.title),
                                       "processRef": PROCESS_PREFIX + process.id})
    if plan.messages:
        sub(element, bpmn("participant"), {"id": CUSTOMER, "name": "Customer"})
    for message in plan.messages:
        ends = (CUSTOMER, message.task) if message.inbound else (message.task, CUSTOMER)
        sub(element, bpmn("messageFlow"), {"id": message.id, "sourceRef": ends[0], "targetRef": ends[1]})
    return element


def _process(walk: Walk, plan: Outline) -> ET.Element:
    process = walk.process
    element = ET.Element(bpmn("process"), {"id": PROCESS_PREFIX + process.id, "name": clean(process.title),
                                           "processType": "None", "isExecutable": "false"})
    if process.description:
        sub(element, bpmn("documentation"), text=clean(process.description))
    sub(element, bpmn("documentation"), {"id": "figures_Process"}, clean(texts.process_text(walk)))
    _process_extension(sub(element, bpmn("extensionElements")), process)
    lane_set = sub(element, bpmn("laneSet"), {"id": "Lanes"})
    for team in plan.lanes:
        _lane(lane_set, process, team, [n.id for n in plan.nodes if n.lane == team])
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow in plan.flows:
        outgoing.setdefault(flow.source, []).append(flow.id)
        incoming.setdefault(flow.target, []).append(flow.id)
    for node in plan.nodes:
        _node(element, walk, node, incoming.get(node.id, []), outgoing.get(node.id, []))
    for flow in plan.flows:
        _flow(element, walk, flow)
    return element


def _process_extension(parent: ET.Element, process: Process) -> None:
    sub(parent, pw("process"), {
        "process": process.id, "start": process.start, "owner": _text(process.owner),
        "demandPerDay": _exact(process.demand_per_day), "sla": _iso(process.sla_h),
        "arrivalsCv": None if process.arrivals_cv == 1 else exact(process.arrivals_cv),
        "frontline": process.frontline})
    used = [s for step in process.steps.values() for s in step.systems]
    for system in (process.systems[s] for s in dict.fromkeys(used) if s in process.systems):
        sub(parent, pw("system"), {"system": system.id, "name": clean(system.name)})
    governed = [p for step in process.steps.values() for p in (*step.policies, *(b.policy for b in step.next if b.policy))]
    for policy in (process.policies[p] for p in dict.fromkeys(governed) if p in process.policies):
        sub(parent, pw("policy"), {
            "policy": policy.id, "title": clean(policy.title), "owner": _text(policy.owner), "why": _text(policy.why),
            "reviewed": policy.reviewed.isoformat() if policy.reviewed else None,
            "reviewEvery": _iso(policy.review_every_h)})


def _lane(parent: ET.Element, process: Process, team_id: str, members: Iterable[str]) -> None:
    team = process.teams.get(team_id)
    lane = sub(parent, bpmn("lane"), {"id": f"lane_{team_id}", "name": clean(team.name if team else team_id)})
    sub(sub(lane, bpmn("extensionElements")), pw("team"), _team_attributes(team_id, team))
    for member in members:
        sub(lane, bpmn("flowNodeRef"), text=member)


def _team_attributes(team_id: str, team: Team | None) -> dict[str, str | None]:
    if team is None:
        return {"team": team_id}
    return {"team": team_id, "staff": _exact(team.staff),
            "hoursPerDay": None if team.hours_per_day == 8 else exact(team.hours_per_day),
            "daysPerWeek": None if team.days_per_week == 5 else exact(team.days_per_week),
            "hourlyCost": _exact(team.hourly_cost), "owner": _text(team.owner)}


def _node(parent: ET.Element, walk: Walk, node: Node, incoming: list[str], outgoing: list[str]) -> None:
    element = sub(parent, bpmn(node.element), {"id": node.id, "name": clean(node.name) if node.name else None})
    step = walk.process.steps[node.step] if node.step else None
    if node.element == GATEWAY and step is not None:
        sub(element, bpmn("documentation"), {"id": f"figures_{node.id}"}, clean(texts.split_text(walk, step)))
    _node_body(element, walk, node, step)
    for flow in incoming:
        sub(element, bpmn("incoming"), text=flow)
    for flow in outgoing:
        sub(element, bpmn("outgoing"), text=flow)
    if node.element == TIMER and step is not None:
        definition = sub(element, bpmn("timerEventDefinition"), {"id": f"{node.id}_timer"})
        sub(definition, bpmn("timeDuration"), {ns.tag(ns.XSI, "type"): FORMAL}, iso(step.wait.mean))


def _node_body(element: ET.Element, walk: Walk, node: Node, step: Step | None) -> None:
    """The documentation and extension of a step's task, end or timer."""
    if step is None or node.element == GATEWAY:
        return
    extension: ET.Element
    if node.element == TIMER:
        sub(element, bpmn("documentation"), {"id": f"figures_{node.id}"}, clean(texts.wait_text(walk, step)))
        extension = sub(element, bpmn("extensionElements"))
        sub(extension, pw("wait"), duration_attributes(step.wait))
        return
    sub(element, bpmn("documentation"), {"id": f"figures_{node.id}"}, clean(texts.step_text(walk, step)))
    extension = sub(element, bpmn("extensionElements"))
    sub(extension, pw("step"), {
        "step": step.id, "kind": step.kind, "team": step.team,
        "systems": " ".join(step.systems) or None, "policies": " ".join(step.policies) or None,
        "sla": _iso(step.sla_h), "outcome": step.outcome})
    if step.work.mean > 0:
        sub(extension, pw("work"), duration_attributes(step.work))
    if step.backlog is not None:
        backlog = step.backlog
        sub(extension, pw("backlog"), {"open": str(backlog.open), "oldest": _iso(backlog.oldest_h),
                                       "medianAge": _iso(backlog.median_age_h),
                                       "asOf": backlog.as_of.isoformat() if backlog.as_of else None})


def duration_attributes(duration: Duration) -> dict[str, str | None]:
    """A duration as processwalk's extension spells it: its mean, and its shape when it has one."""
    attributes: dict[str, str | None] = {"mean": iso(duration.mean)}
    if duration.shape == "triangular":
        low, mode, high = duration.params
        attributes.update(min=iso(low), mode=iso(mode), max=iso(high))
    elif duration.shape == "lognormal":
        mu, sigma = duration.params
        attributes.update(mu=exact(mu), sigma=exact(sigma))
    elif duration.cv != 1:
        attributes["cv"] = exact(duration.cv)
    return attributes


def _flow(parent: ET.Element, walk: Walk, flow: Flow) -> None:
    branch = flow.branch
    name = (branch.when or (branch.reason if branch.refusal else None)) if branch else None
    element = sub(parent, bpmn("sequenceFlow"), {"id": flow.id, "name": _text(name), "sourceRef": flow.source,
                                                 "targetRef": flow.target})
    if branch is None or flow.step is None:
        return
    step = walk.process.steps[flow.step]
    sub(element, bpmn("documentation"), {"id": f"figures_{flow.id}"}, clean(texts.branch_text(walk, step, branch)))
    sub(sub(element, bpmn("extensionElements")), pw("branch"), branch_attributes(branch))
    if branch.when and len(step.next) > 1:
        sub(element, bpmn("conditionExpression"), {ns.tag(ns.XSI, "type"): FORMAL}, clean(branch.when))


def branch_attributes(branch: Branch) -> dict[str, str | None]:
    return {"to": branch.to, "p": probability(branch.p), "when": _text(branch.when),
            "refusal": "true" if branch.refusal else None, "reason": _text(branch.reason), "policy": branch.policy}


# --- the diagram ----------------------------------------------------------------------------


def _diagram(process: Process, plan: Outline, diagram: Diagram) -> ET.Element:
    element = ET.Element(ns.tag(ns.BPMNDI, "BPMNDiagram"), {"id": "Diagram", "name": clean(process.title)})
    plane = sub(element, ns.tag(ns.BPMNDI, "BPMNPlane"), {"id": "Plane", "bpmnElement": COLLABORATION})
    _shape(plane, PARTICIPANT, diagram.pool, {"isHorizontal": "true"})
    for team, box in diagram.lanes.items():
        _shape(plane, f"lane_{team}", box, {"isHorizontal": "true"})
    if diagram.customer is not None:
        _shape(plane, CUSTOMER, diagram.customer, {"isHorizontal": "true"})
    for node in plan.nodes:
        _shape(plane, node.id, diagram.shapes[node.id], {"isMarkerVisible": "true"} if node.element == GATEWAY else {})
    for edge, points in diagram.edges.items():
        shape = sub(plane, ns.tag(ns.BPMNDI, "BPMNEdge"), {"id": f"DI_{edge}", "bpmnElement": edge})
        for x, y in points:
            sub(shape, ns.tag(ns.DI, "waypoint"), {"x": str(x), "y": str(y)})
    return element


def _shape(plane: ET.Element, element_id: str, box: Box, attrs: Mapping[str, str]) -> None:
    shape = sub(plane, ns.tag(ns.BPMNDI, "BPMNShape"), {"id": f"DI_{element_id}", "bpmnElement": element_id, **attrs})
    sub(shape, ns.tag(ns.DC, "Bounds"), {"x": str(box.x), "y": str(box.y), "width": str(box.width),
                                         "height": str(box.height)})


def _text(value: str | None) -> str | None:
    return clean(value) if value is not None else None


def _exact(value: float | None) -> str | None:
    return exact(value) if value is not None else None


def _iso(hours: float | None) -> str | None:
    return iso(hours) if hours is not None else None


