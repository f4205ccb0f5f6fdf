"""Where each shape of an exported model goes: the swimlane layout of Graphviz, in lanes.

Graphviz lays the flow out left to right with one cluster per team, as the process
diagram does (:mod:`processwalk.render.diagram` runs ``dot``; here it answers in JSON).
From its answer come the order along the flow (``x``) and the order of the nodes
across it within each team.  BPMN lanes are bands that tile a pool, which Graphviz's
clusters are not, so each team's nodes are then set in rows of its band: a node takes
the first row where nothing is within :data:`GAP` of it left or right.  Nodes in one
row never overlap, rows and lanes are apart, so no two shapes overlap; every
coordinate is a whole, non-negative number.

Sequence flows go right from a node to the next (a step down or up half-way between);
a flow back to a node on the left leaves from the bottom and comes back in from below.
Message flows run straight up to the customer pool above.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from processwalk.bpmn.flow import END, EVENT, GATEWAY, TIMER, Node, Outline

#: width and height of each kind of shape, as bpmn-js draws them
SIZES = {EVENT: (36, 36), TIMER: (36, 36), END: (36, 36), GATEWAY: (50, 50)}
TASK = (100, 80)
MARGIN = 20
#: the title band of a pool, and of a lane, on their left
HEADER = 30
#: room between a lane's title band and its first shape, and after its last one
INSET = 40
#: the height of a row of shapes in a lane, and the room above the first and below the last
ROW, PAD = 110, 10
#: the least room between two shapes of one row
GAP = 30
CUSTOMER_HEIGHT, POOL_GAP = 100, 50
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def middle(self) -> int:
        return self.y + self.height // 2

    @property
    def center(self) -> int:
        return self.x + self.width // 2


Point = tuple[int, int]


@dataclass(frozen=True)
class Diagram:
    """The bounds of every shape and the waypoints of every edge, by BPMN id."""

    pool: Box
    customer: Box | None
    lanes: Mapping[str, Box]
    shapes: Mapping[str, Box]
    edges: Mapping[str, tuple[Point, ...]]


def size(node: Node) -> tuple[int, int]:
    return SIZES.get(node.element, TASK)


def dot_source(outline: Outline) -> str:
    """The DOT that Graphviz lays out: fixed-size nodes without labels (no user text at all),
    one cluster per team, in the order of ``outline``."""
    names = {node.id: f"n{i}" for i, node in enumerate(outline.nodes)}
    lines = ["digraph bpmn {", "  graph [rankdir=LR, newrank=true, nodesep=0.5, ranksep=1.1];",
             '  node [shape=box, fixedsize=true, label=""];']
    for t, team in enumerate(outline.lanes):
        lines.append(f"  subgraph cluster_t{t} {{")
        lines.extend(f"    {_dot_node(names[n.id], n)}" for n in outline.nodes if n.lane == team)
        lines.append("  }")
    lines.extend(f"  {names[f.source]} -> {names[f.target]};" for f in outline.flows)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(name: str, node: Node) -> str:
    width, height = size(node)
    return f"{name} [width={width / POINTS_PER_INCH:.4f}, height={height / POINTS_PER_INCH:.4f}];"


def layout(outline: Outline) -> Diagram:
    """The diagram of ``outline``, laid out by Graphviz."""
    from processwalk.render.diagram import run_dot

    answer = json.loads(run_dot(dot_source(outline), "json"))
    where = {obj["name"]: _point(obj["pos"]) for obj in answer.get("objects", []) if "pos" in obj}
    positions = {node.id: where[f"n{i}"] for i, node in enumerate(outline.nodes)}
    return place(outline, positions)


def _point(text: str) -> tuple[float, float]:
    x, y = text.split(",")[:2]
    return float(x), float(y)


def place(outline: Outline, positions: Mapping[str, tuple[float, float]]) -> Diagram:
    """Shapes in lane rows from Graphviz's node centres (``y`` grows upwards, as Graphviz has it)."""
    left = min((positions[n.id][0] - size(n)[0] / 2 for n in outline.nodes), default=0.0)
    content = MARGIN + 2 * HEADER + INSET
    xs = {n.id: content + round(positions[n.id][0] - size(n)[0] / 2 - left) for n in outline.nodes}
    right = max((xs[n.id] + size(n)[0] for n in outline.nodes), default=content) + INSET
    top = MARGIN + (CUSTOMER_HEIGHT + POOL_GAP if outline.messages else 0)
    shapes: dict[str, Box] = {}
    lanes: dict[str, Box] = {}
    y = top
    for team in outline.lanes:
        members = sorted((n for n in outline.nodes if n.lane == team),
                         key=lambda n: (-positions[n.id][1], positions[n.id][0]))
        rows = _rows(members, xs)
        height = 2 * PAD + max(len(rows), 1) * ROW
        lanes[team] = Box(MARGIN + HEADER, y, right - MARGIN - HEADER, height)
        for r, row in enumerate(rows):
            middle = y + PAD + r * ROW + ROW // 2
            for node in row:
                width, tall = size(node)
                shapes[node.id] = Box(xs[node.id], middle - tall // 2, width, tall)
        y += height
    pool = Box(MARGIN, top, right - MARGIN, y - top)
    customer = Box(MARGIN, MARGIN, right - MARGIN, CUSTOMER_HEIGHT) if outline.messages else None
    edges = {f.id: route(shapes[f.source], shapes[f.target]) for f in outline.flows}
    for m in outline.messages:
        if customer is not None:
            edges[m.id] = _message(customer, shapes[m.task], m.inbound)
    return Diagram(pool, customer, lanes, shapes, edges)


def _rows(members: Sequence[Node], xs: Mapping[str, int]) -> list[list[Node]]:
    """Each node in the first row where no node of the row is within :data:`GAP` of it."""
    rows: list[list[Node]] = []
    for node in members:
        start, end = xs[node.id], xs[node.id] + size(node)[0]
        row = next((row for row in rows if all(end + GAP <= xs[o.id] or xs[o.id] + size(o)[0] + GAP <= start
                                               for o in row)), None)
        if row is None:
            row = []
            rows.append(row)
        row.append(node)
    return rows


def route(source: Box, target: Box) -> tuple[Point, ...]:
    """The waypoints of a sequence flow: rightwards with one step, or back round from below."""
    if target.x >= source.right:
        if source.middle == target.middle:
            return (source.right, source.middle), (target.x, target.middle)
        bend = (source.right + target.x) // 2
        return ((source.right, source.middle), (bend, source.middle), (bend, target.middle),
                (target.x, target.middle))
    below = max(source.bottom, target.bottom) + PAD
    return ((source.center, source.bottom), (source.center, below), (target.center, below),
            (target.center, target.bottom))


def _message(customer: Box, task: Box, inbound: bool) -> tuple[Point, ...]:
    ends = ((task.center, customer.bottom), (task.center, task.y))
    return ends if inbound else (ends[1], ends[0])
