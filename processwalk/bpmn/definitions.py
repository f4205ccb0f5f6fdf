"""The BPMN 2.0 semantic model of a file, as typed records: processes (pools), their lanes, flow
nodes and sequence flows, and the message flows between pools.

Only what the import uses is kept; every record keeps its place in the file.
Elements are matched by namespace URI (:mod:`processwalk.bpmn.ns`), never by
prefix.  Names are read as the people who drew the model see them: line breaks
and runs of spaces become one space, and a name that a tool wrote twice
encoded (UTF-8 read as Windows-1252, 'klÃ¤ren' for 'klären') is repaired, and
the repair reported.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from processwalk.bpmn import ns
from processwalk.bpmn.xmltree import Element
from processwalk.errors import Location, Problem, ProcessWalkError

TASKS = frozenset({"task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask",
                   "sendTask", "receiveTask"})
SUBPROCESSES = frozenset({"subProcess", "transaction", "adHocSubProcess"})
ACTIVITIES = TASKS | SUBPROCESSES | {"callActivity"}
GATEWAYS = frozenset({"exclusiveGateway", "eventBasedGateway", "parallelGateway", "inclusiveGateway",
                      "complexGateway"})
EVENTS = frozenset({"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
                    "boundaryEvent", "implicitThrowEvent"})
#: elements of a process that carry no step of the walk: data, artifacts, and what the DI draws
ARTIFACTS = frozenset({"dataObject", "dataObjectReference", "dataStoreReference", "dataInput", "dataOutput",
                       "textAnnotation", "association", "group", "ioSpecification", "property",
                       "dataInputAssociation", "dataOutputAssociation", "category", "categoryValue"})
#: event definitions, by their local name, as the word the import uses for them
TRIGGERS = {"timerEventDefinition": "timer", "messageEventDefinition": "message",
            "errorEventDefinition": "error", "escalationEventDefinition": "escalation",
            "signalEventDefinition": "signal", "conditionalEventDefinition": "conditional",
            "terminateEventDefinition": "terminate", "cancelEventDefinition": "cancel",
            "compensateEventDefinition": "compensation", "linkEventDefinition": "link"}
#: the id prefix of the documentation in which ``processwalk export`` writes the walk's figures: the
#: figures of an earlier walk, not the owner's text
FIGURES = "figures_"
_IGNORED = frozenset({"documentation", "extensionElements", "incoming", "outgoing", "laneSet",
                      "conditionExpression", "auditing", "monitoring"})


@dataclass(frozen=True)
class Timer:
    """A timer's expression: ``kind`` is 'duration', 'cycle' or 'date' ('' when the model gives none)."""

    kind: str
    text: str
    at: Location


@dataclass(frozen=True)
class Node:
    """A flow node: an activity, gateway or event (``kind`` is the element's local name)."""

    id: str
    kind: str
    name: str
    at: Location
    documentation: str = ""
    trigger: str = ""            # the event's definition (see TRIGGERS); 'multiple' for several
    timer: Timer | None = None
    attached_to: str | None = None
    interrupting: bool = True
    default: str | None = None   # the default flow of a gateway or activity
    called: str | None = None    # a call activity's calledElement
    reference: str = ""          # the name of the error, escalation or message an event refers to
    loop: str = ""               # '', 'loop', 'multi-instance'
    triggered: bool = False      # an event sub-process
    inner: Scope | None = None   # the contents of a sub-process


@dataclass(frozen=True)
class Flow:
    """A sequence flow; ``probability`` as the model's Camunda properties give it, if they do."""

    id: str
    source: str
    target: str
    name: str
    condition: str
    at: Location
    probability: str | None = None


@dataclass(frozen=True)
class Scope:
    """The flow nodes and sequence flows of a process or sub-process, and what was left out."""

    nodes: tuple[Node, ...]
    flows: tuple[Flow, ...]
    others: tuple[Element, ...] = ()


@dataclass(frozen=True)
class Lane:
    id: str
    name: str
    at: Location
    parent: str | None
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    process: str | None
    at: Location


@dataclass(frozen=True)
class Process:
    id: str
    name: str
    at: Location
    scope: Scope
    lanes: tuple[Lane, ...]
    documentation: str = ""


@dataclass(frozen=True)
class MessageFlow:
    id: str
    name: str
    source: str
    target: str
    at: Location


@dataclass(frozen=True)
class Model:
    """What the file holds; ``notes`` are the repairs made while reading it."""

    path: str
    root: Element
    processes: tuple[Process, ...]
    participants: tuple[Participant, ...]
    message_flows: tuple[MessageFlow, ...]
    notes: tuple[Problem, ...]


def _m(name: str) -> str:
    return ns.tag(ns.MODEL, name)


def read_model(path: str, root: Element) -> Model:
    """The BPMN model of the parsed file ``path``; a root that is not BPMN 2.0 ``definitions``
    is a positioned error."""
    if root.tag != _m("definitions"):
        found = f"'{root.local}' in namespace '{root.namespace}'" if root.namespace else f"'{root.local}'"
        raise ProcessWalkError(Problem(root.at, f"not a BPMN 2.0 model: the root element is {found}; expected "
                                                f"'definitions' in namespace '{ns.MODEL}'"))
    reader = _Reader(path, _named(root))
    processes = tuple(reader.process(e) for e in root.findall(_m("process")))
    participants: list[Participant] = []
    flows: list[MessageFlow] = []
    for collaboration in root.children:
        if collaboration.local in ("collaboration", "choreography") and collaboration.namespace == ns.MODEL:
            participants += [reader.participant(e) for e in collaboration.findall(_m("participant"))]
            flows += [reader.message_flow(e) for e in collaboration.findall(_m("messageFlow"))]
    return Model(path, root, processes, tuple(participants), tuple(flows), tuple(reader.notes))


def _named(root: Element) -> dict[str, str]:
    """The names of the errors, escalations, messages and signals the events refer to, by id."""
    kinds = ("error", "escalation", "message", "signal")
    return {e.get("id"): clean(e.get("name") or e.get("errorCode") or e.get("escalationCode") or "")
            for e in root.children if e.namespace == ns.MODEL and e.local in kinds}


class _Reader:
    def __init__(self, path: str, references: Mapping[str, str]) -> None:
        self.path, self.references = path, references
        self.notes: list[Problem] = []

    def name(self, element: Element) -> str:
        written = element.get("name") or ""
        text = clean(written)
        fixed = repaired(text)
        if fixed != text:
            self.notes.append(Problem(element.at, f"name '{text}' was written twice encoded (UTF-8 read as "
                                                  f"Windows-1252); read as '{fixed}'", "warning", "bpmn"))
        return fixed

    def participant(self, e: Element) -> Participant:
        return Participant(e.get("id"), self.name(e), e.get("processRef") or None, e.at)

    def message_flow(self, e: Element) -> MessageFlow:
        return MessageFlow(e.get("id"), self.name(e), e.get("sourceRef"), e.get("targetRef"), e.at)

    def process(self, e: Element) -> Process:
        return Process(e.get("id"), self.name(e), e.at, self.scope(e), tuple(self.lanes(e)),
                       documentation(e))

    def lanes(self, e: Element, parent: str | None = None) -> Iterator[Lane]:
        for lane_set in (*e.findall(_m("laneSet")), *e.findall(_m("childLaneSet"))):
            for lane in lane_set.findall(_m("lane")):
                refs = tuple(r.text.strip() for r in lane.findall(_m("flowNodeRef")))
                ident = lane.get("id")
                yield Lane(ident, self.name(lane), lane.at, parent, refs)
                yield from self.lanes(lane, ident)

    def scope(self, e: Element) -> Scope:
        nodes: list[Node] = []
        flows: list[Flow] = []
        others: list[Element] = []
        for child in e.children:
            if child.namespace != ns.MODEL or child.local in _IGNORED:
                continue
            if child.local == "sequenceFlow":
                flows.append(self.flow(child))
            elif child.local in ACTIVITIES or child.local in GATEWAYS or child.local in EVENTS:
                nodes.append(self.node(child))
            else:
                others.append(child)
        return Scope(tuple(nodes), tuple(flows), tuple(others))

    def flow(self, e: Element) -> Flow:
        condition = e.find(_m("conditionExpression"))
        return Flow(e.get("id"), e.get("sourceRef"), e.get("targetRef"), self.name(e),
                    clean(condition.all_text()) if condition is not None else "", e.at, _camunda_p(e))

    def node(self, e: Element) -> Node:
        triggers = [TRIGGERS.get(d.local, d.local) for d in e.children
                    if d.namespace == ns.MODEL and d.local.endswith("EventDefinition")]
        trigger = triggers[0] if len(triggers) == 1 else "multiple" if triggers else ""
        return Node(
            id=e.get("id"), kind=e.local, name=self.name(e), at=e.at, documentation=documentation(e),
            trigger=trigger, timer=_timer(e), attached_to=e.get("attachedToRef") or None,
            interrupting=(e.get("cancelActivity") or e.get("isInterrupting") or "true") != "false",
            default=e.get("default") or None, called=e.get("calledElement") or None, reference=self.reference(e),
            loop=_loop(e), triggered=e.get("triggeredByEvent") == "true",
            inner=self.scope(e) if e.local in SUBPROCESSES else None)

    def reference(self, e: Element) -> str:
        for definition in e.children:
            for key in ("errorRef", "escalationRef", "messageRef", "signalRef"):
                if definition.get(key):
                    return self.references.get(definition.get(key), "")
        return ""


def _timer(e: Element) -> Timer | None:
    definition = e.find(_m("timerEventDefinition"))
    if definition is None:
        return None
    for kind in ("Duration", "Cycle", "Date"):
        found = definition.find(_m(f"time{kind}"))
        if found is not None and found.all_text().strip():
            return Timer(kind.lower(), found.all_text().strip(), found.at)
    return Timer("", "", definition.at)


def _loop(e: Element) -> str:
    if e.find(_m("standardLoopCharacteristics")) is not None:
        return "loop"
    return "multi-instance" if e.find(_m("multiInstanceLoopCharacteristics")) is not None else ""


def _camunda_p(e: Element) -> str | None:
    """A flow's probability from Camunda properties: ``<camunda:property name="probability" .../>``."""
    extensions = e.find(_m("extensionElements"))
    for properties in extensions.findall(ns.tag(ns.CAMUNDA, "properties")) if extensions is not None else ():
        for prop in properties.findall(ns.tag(ns.CAMUNDA, "property")):
            if (prop.get("name") or "").strip().lower() in ("probability", "p"):
                return (prop.get("value") or "").strip()
    return None


def documentation(e: Element) -> str:
    """The element's documentation as plain text (tags of HTML documentation dropped)."""
    parts = [d.all_text() for d in e.findall(_m("documentation")) if not d.get("id").startswith(FIGURES)]
    return "\n\n".join(text for text in (_plain(part) for part in parts) if text)


def _plain(text: str) -> str:
    if "<" in text and re.search(r"</?[a-zA-Z][^>]*>", text):
        text = re.sub(r"<br\s*/?>|</p>|</div>|</li>", "\n", text)
        text = re.sub(r"<[^>]+>", " ", text)
    lines = (" ".join(html.unescape(line).split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def clean(text: str) -> str:
    """A name as one line: line breaks and runs of spaces become one space."""
    return " ".join(text.split())


def repaired(text: str) -> str:
    """``text`` with UTF-8 that was read as Windows-1252 (once or more) decoded again."""
    for _ in range(3):
        if text.isascii():
            break
        try:
            fixed = text.encode("cp1252").decode("utf-8")
        except UnicodeError:
            break
        text = fixed
    return text


def lane_of(process: Process) -> dict[str, Lane]:
    """The innermost lane of each flow node of ``process``, by node id."""
    found: dict[str, Lane] = {}
    for lane in process.lanes:  # parents come before their children: a child's lane wins
        found.update({ref: lane for ref in lane.nodes})
    return found


def walk_nodes(scope: Scope) -> Iterable[Node]:
    """Every node of ``scope`` and of the sub-processes in it."""
    for node in scope.nodes:
        yield node
        if node.inner is not None:
            yield from walk_nodes(node.inner)
