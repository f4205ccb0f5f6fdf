"""What the export tests share: the examples exported, the OMG schema, the shapes of the DI."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from processwalk.analysis.walk import analyze
from processwalk.bpmn import ns
from processwalk.bpmn.write import document
from processwalk.model import Process
from processwalk.project import load_paths

ROOT = Path(__file__).resolve().parent.parent.parent
XSD = ROOT / "tests" / "data" / "bpmn-xsd" / "BPMN20.xsd"
SMALL = ROOT / "tests" / "data" / "bpmn-export" / "small.yaml"
EXAMPLES = sorted(p for p in (ROOT / "processes").glob("[!.]*.yaml") if p.name != "catalog.yaml")
#: the shapes that hold others: a pool holds its lanes, a lane its flow nodes
CONTAINERS = ("Participant", "Customer")


class Shape(NamedTuple):
    element: str
    x: int
    y: int
    width: int
    height: int


def load(path: Path) -> Process:
    loaded = load_paths([str(path)])
    assert not loaded.problems, loaded.problems
    return loaded.processes[0]


def export(path: Path, *, bpsim: bool = False) -> bytes:
    return document(analyze(load(path)), bpsim=bpsim)


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def schema_errors(data: bytes) -> list[str]:
    """What OMG's BPMN 2.0 schema says is wrong with ``data`` (nothing: an empty list)."""
    checker = schema()
    checker.validate(etree.fromstring(data))
    return [f"{error.line}: {error.message}" for error in checker.error_log]


def shapes(data: bytes) -> list[Shape]:
    """Every BPMNShape with its bounds."""
    found = []
    for shape in etree.fromstring(data).iter(ns.tag(ns.BPMNDI, "BPMNShape")):
        bounds = shape.find(ns.tag(ns.DC, "Bounds"))
        assert bounds is not None
        found.append(Shape(shape.get("bpmnElement"), *(int(bounds.get(k)) for k in ("x", "y", "width", "height"))))
    return found


def overlapping(found: list[Shape]) -> list[tuple[str, str]]:
    """The pairs of flow-node shapes (not pools, not lanes) whose insides meet."""
    nodes = [s for s in found if s.element not in CONTAINERS and not s.element.startswith("lane_")]
    return [(a.element, b.element) for i, a in enumerate(nodes) for b in nodes[i + 1:]
            if a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height]


def inside(inner: Shape, outer: Shape) -> bool:
    return (outer.x <= inner.x and inner.x + inner.width <= outer.x + outer.width
            and outer.y <= inner.y and inner.y + inner.height <= outer.y + outer.height)
