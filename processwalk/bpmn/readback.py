"""A model that ``processwalk export`` wrote, read back as the process it was exported from.

An export carries processwalk's extension (:data:`~processwalk.bpmn.ns.PROCESSWALK`,
``docs/bpmn.md``) on every element, so ``import`` gets the same steps, teams,
branches, probabilities, waits and work back, and with them the same figures.  The
BPMN says where the model and the extension could part: a step's name is its
task's, its team is the lane its task is drawn in, and each branch must still run
from the step's task (or its gateway) to the step it names (or that step's timer).
A model whose tasks, timers or flows lack the extension, or where a flow no longer
leads where its extension says, was changed since: it is imported as any model is.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from processwalk.bpmn import ns
from processwalk.bpmn.elements import iso
from processwalk.bpmn.extensions import lognormal_marks, own_elements
from processwalk.bpmn.xmltree import Element
from processwalk.yamltext import quoted

M = f"{{{ns.MODEL}}}"
TASKS = ("task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask", "sendTask", "receiveTask")
#: the YAML key of each attribute of processwalk's extension, in the order of the format
PROCESS_KEYS = (("owner", "owner"), ("demandPerDay", "demand"), ("sla", "sla"), ("arrivalsCv", "arrivals_cv"),
                ("frontline", "frontline"))
TEAM_KEYS = (("staff", "staff"), ("hoursPerDay", "hours_per_day"), ("daysPerWeek", "days_per_week"),
             ("hourlyCost", "hourly_cost"), ("owner", "owner"))
POLICY_KEYS = (("title", "title"), ("owner", "owner"), ("why", "why"), ("reviewed", "reviewed"),
               ("reviewEvery", "review_every"))
BACKLOG_KEYS = (("open", "open"), ("oldest", "oldest"), ("medianAge", "median_age"), ("asOf", "as_of"))
NUMBERS = ("open", "staff", "hoursPerDay", "daysPerWeek", "hourlyCost", "arrivalsCv", "p", "cv")


@dataclass(frozen=True)
class ReadBack:
    """The files of an exported model, by name, and what they hold."""

    files: Mapping[str, str]
    steps: int
    teams: int


def read_back(path: str, root: Element) -> ReadBack | None:
    """The process file and catalog of the export at ``path``; None when it is no unchanged export."""
    process = next((p for p in root.findall(f"{M}process") if _extension(p, "process") is not None), None)
    if process is None:
        return None
    try:
        steps = list(_steps(process))
    except _Changed:
        return None
    header = _extension(process, "process")
    assert header is not None
    teams = [lane for lane in process.iter() if lane.tag == f"{M}lane"]
    name = os.path.basename(path)
    files = {"catalog.yaml": _catalog(process, teams, name),
             f"{header.get('process')}.yaml": _process(process, header, steps, name)}
    return ReadBack(files, len(steps), len(teams))


class _Changed(Exception):
    """The model and its extension no longer agree."""


@dataclass(frozen=True)
class _Step:
    id: str
    lines: tuple[str, ...]


def _steps(process: Element) -> Iterator[_Step]:
    nodes = {e.get("id"): e for e in process.children if e.get("id")}
    flows = [e for e in process.children if e.tag == f"{M}sequenceFlow"]
    step_of = {i: _required(e, "step").get("step") for i, e in nodes.items() if e.local in (*TASKS, "endEvent")}
    lane_of = {ref.text.strip(): _required(lane, "team").get("team") for lane in process.iter()
               if lane.tag == f"{M}lane" for ref in lane.findall(f"{M}flowNodeRef")}
    timer_of: dict[str, Element] = {}
    into: dict[str, str] = {}  # node -> the step it stands for, for a flow that ends or starts there
    for flow in flows:
        source, target = nodes.get(flow.get("sourceRef")), nodes.get(flow.get("targetRef"))
        if source is None or target is None:
            raise _Changed
        if source.local == "intermediateCatchEvent" and target.get("id") in step_of:
            timer_of[step_of[target.get("id")]] = source
            into[source.get("id")] = step_of[target.get("id")]
        if source.get("id") in step_of and target.local == "exclusiveGateway":
            into[target.get("id")] = step_of[source.get("id")]
    branches: dict[str, list[str]] = {}
    for flow in flows:
        extension = _extension(flow, "branch")
        start, end = flow.get("sourceRef"), flow.get("targetRef")
        if extension is None:
            # a flow of no branch: from the start or a timer, or from a step's task into its gateway
            if nodes[start].local in ("startEvent", "intermediateCatchEvent") or (
                    nodes[end].local == "exclusiveGateway" and into.get(end) == step_of.get(start)):
                continue
            raise _Changed
        here, there = step_of.get(start) or into.get(start), step_of.get(end) or into.get(end)
        if here is None or there != extension.get("to"):
            raise _Changed
        branches.setdefault(here, []).append(_branch(extension))
    for node_id, element in nodes.items():
        if node_id in step_of:
            yield _step(element, lane_of.get(node_id), timer_of.get(step_of[node_id]), branches.get(step_of[node_id], []))


def _step(task: Element, team: str | None, timer: Element | None, branches: Sequence[str]) -> _Step:
    step = _required(task, "step")
    lines = [f"  {step.get('step')}:", f"    name: {quoted(task.get('name') or step.get('step'))}",
             f"    kind: {step.get('kind')}"]
    if step.get("kind") != "end" and team:
        lines.append(f"    team: {team}")
    for key in ("systems", "policies"):
        if step.get(key):
            lines.append(f"    {key}: [{', '.join(step.get(key).split())}]")
    if timer is not None:
        wait = _required(timer, "wait")
        duration = next((e for e in timer.iter() if e.tag == f"{M}timeDuration"), None)
        if duration is None or duration.all_text().strip() != wait.get("mean"):
            raise _Changed
        lines.append(f"    wait: {_duration(wait)}")
    work = _extension(task, "work")
    if work is not None:
        lines.append(f"    work: {_duration(work)}")
    if step.get("sla"):
        lines.append(f"    sla: {step.get('sla')}")
    backlog = _extension(task, "backlog")
    if backlog is not None:
        lines.append(f"    backlog: {_mapping(_pairs(backlog, BACKLOG_KEYS))}")
    if step.get("kind") == "end":
        lines.append(f"    outcome: {quoted(step.get('outcome') or 'resolved')}")
    elif branches:
        lines += ["    next:", *(f"      - {b}" for b in branches)]
    else:
        raise _Changed
    return _Step(step.get("step"), tuple(lines))


def _branch(extension: Element) -> str:
    parts = [f"to: {extension.get('to')}", f"p: {_number(extension.get('p'))}"]
    for key in ("when", "reason"):
        if key in extension.attrib:
            parts.append(f"{key}: {quoted(extension.get(key))}")
    if extension.get("refusal") == "true":
        parts.append("refusal: true")
    if extension.get("policy"):
        parts.append(f"policy: {extension.get('policy')}")
    return "{" + ", ".join(parts) + "}"


def _duration(extension: Element) -> str:
    """A duration of processwalk's extension as the format writes it."""
    mean = extension.get("mean")
    if "min" in extension.attrib:
        return f"{{min: {extension.get('min')}, mode: {extension.get('mode')}, max: {extension.get('max')}}}"
    if "mu" in extension.attrib:
        p50, p90 = lognormal_marks(extension.attrib)
        return f"{{p50: {iso(p50)}, p90: {iso(p90)}}}"
    if "cv" in extension.attrib:
        return f"{{mean: {mean}, cv: {_number(extension.get('cv'))}}}"
    return mean


def _process(process: Element, header: Element, steps: Sequence[_Step], model: str) -> str:
    lines = [f"# Read back by 'processwalk import' from {model}, which 'processwalk export' wrote: the",
             "# process as it was exported (processwalk's extension in the model, docs/bpmn.md).", "",
             f"process: {header.get('process')}", f"title: {quoted(process.get('name'))}"]
    owner = [f"owner: {quoted(header.get('owner'))}"] if header.get("owner") else []
    lines += owner
    description = next((d for d in process.findall(f"{M}documentation") if not d.get("id")), None)
    if description is not None:
        lines.append(f"description: {quoted(description.all_text())}")
    for attribute, key in PROCESS_KEYS[1:]:
        value = header.get(attribute)
        if value:
            lines.append(f"{key}: {value}/day" if key == "demand" else f"{key}: {_value(attribute, value)}")
    lines += [f"start: {header.get('start')}", "", "steps:"]
    lines += [line for step in steps for line in step.lines]
    return "\n".join(lines) + "\n"


def _catalog(process: Element, lanes: Sequence[Element], model: str) -> str:
    lines = [f"# The teams, systems and policies of the process read back from {model}.", "", "teams:"]
    for lane in lanes:
        team = _required(lane, "team")
        lines.append(f"  {team.get('team')}: {_mapping([('name', quoted(lane.get('name')))] + _pairs(team, TEAM_KEYS))}")
    systems, policies = own_elements(process, "system"), own_elements(process, "policy")
    if systems:
        lines += ["", "systems:"]
        lines += [f"  {s.get('system')}: {{name: {quoted(s.get('name'))}}}" for s in systems]
    if policies:
        lines += ["", "policies:"]
        lines += [f"  {p.get('policy')}: {_mapping(_pairs(p, POLICY_KEYS))}" for p in policies]
    return "\n".join(lines) + "\n"


def _pairs(element: Element, keys: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(key, _value(attribute, element.get(attribute))) for attribute, key in keys if attribute in element.attrib]


def _value(attribute: str, value: str) -> str:
    if attribute in NUMBERS:
        return _number(value)
    if attribute in ("sla", "reviewEvery", "reviewed", "frontline", "oldest", "medianAge", "asOf"):
        return value
    return quoted(value)


def _mapping(pairs: Sequence[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def _extension(element: Element, name: str) -> Element | None:
    return next(iter(own_elements(element, name)), None)


def _required(element: Element, name: str) -> Element:
    found = _extension(element, name)
    if found is None:
        raise _Changed
    return found


def _number(text: str) -> str:
    """A number of the extension, checked to be one (a changed model may hold anything)."""
    try:
        float(text)
    except ValueError:
        raise _Changed from None
    return text
