"""Look-ups over a whole BPMN model: every flow node by id, what flows out of it, the boundary
events on each activity, the sub-process around each node and the lane it is drawn in.

BPMN ids are unique in a file, so one index serves every process of it (a call
activity may reach into another process of the same file).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from processwalk.bpmn.definitions import Flow, Lane, Model, Node, Process, Scope, lane_of


@dataclass(frozen=True)
class Index:
    nodes: dict[str, Node]
    outgoing: dict[str, tuple[Flow, ...]]
    incoming: dict[str, int]
    boundaries: dict[str, tuple[Node, ...]]
    #: the sub-process a node is drawn in (absent at a process's top level)
    parent: dict[str, Node]
    #: the process each node belongs to
    process: dict[str, Process]
    lanes: dict[str, Lane]
    processes: dict[str, Process]

    @classmethod
    def of(cls, model: Model) -> Index:
        nodes: dict[str, Node] = {}
        outgoing: dict[str, list[Flow]] = defaultdict(list)
        incoming: dict[str, int] = defaultdict(int)
        boundaries: dict[str, list[Node]] = defaultdict(list)
        parent: dict[str, Node] = {}
        owner: dict[str, Process] = {}
        lanes: dict[str, Lane] = {}
        for process in model.processes:
            lanes.update(lane_of(process))
            for node, around in _scopes(process.scope, None):
                nodes[node.id], owner[node.id] = node, process
                if around is not None:
                    parent[node.id] = around
                if node.attached_to:
                    boundaries[node.attached_to].append(node)
            for flow in _flows(process.scope):
                outgoing[flow.source].append(flow)
                incoming[flow.target] += 1
        return cls(nodes, {k: tuple(v) for k, v in outgoing.items()}, dict(incoming),
                   {k: tuple(v) for k, v in boundaries.items()}, parent, owner, lanes,
                   {p.id: p for p in model.processes})

    def exits(self, ident: str) -> tuple[Flow, ...]:
        return self.outgoing.get(ident, ())

    def lane(self, ident: str) -> Lane | None:
        """The lane of a node, or of the nearest sub-process around it that has one."""
        while ident not in self.lanes and ident in self.parent:
            ident = self.parent[ident].id
        return self.lanes.get(ident)


def _scopes(scope: Scope, around: Node | None) -> Iterator[tuple[Node, Node | None]]:
    for node in scope.nodes:
        yield node, around
        if node.inner is not None:
            yield from _scopes(node.inner, node)


def _flows(scope: Scope) -> Iterator[Flow]:
    yield from scope.flows
    for node in scope.nodes:
        if node.inner is not None:
            yield from _flows(node.inner)
