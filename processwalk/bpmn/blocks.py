"""Parallel blocks: a parallel split, the join where all its branches meet, and the nodes of each
branch, so that the walk can take the branches one after another.

The walk follows one case at a time; a case that is split in parallel does the
work of every branch.  When the split is block-structured (every branch reaches
one parallel join, and no node is on two branches), the branches are walked in
sequence: all the work is counted, and the lead time counts the branches one
after another rather than side by side (an upper bound).  Otherwise the walk
falls back on taking the branches as alternatives.
"""
from __future__ import annotations

from dataclasses import dataclass

from processwalk.bpmn.definitions import Flow
from processwalk.bpmn.index import Index
from processwalk.graph import distances


@dataclass(frozen=True)
class Block:
    split: str
    join: str
    branches: tuple[Flow, ...]
    #: the nodes of each branch, between the split and the join
    members: tuple[frozenset[str], ...]

    def after(self, origin: str) -> Flow | None | bool:
        """Where a case that reached the join from the node ``origin`` goes on: the next branch's
        first flow, None after the last branch, False when ``origin`` is on no branch."""
        for number, members in enumerate(self.members):
            if origin in members:
                return self.first(number + 1)
        return False

    def first(self, number: int = 0) -> Flow | None:
        """The first flow of the first branch from ``number`` on that has a node (None when none)."""
        for flow in self.branches[number:]:
            if flow.target != self.join:
                return flow
        return None


def block(index: Index, split: str) -> Block | None:
    """The block that the parallel gateway ``split`` opens (None when it is not block-structured)."""
    # in the order of the names their first nodes have: the same whatever order a tool wrote them in
    flows = sorted(index.exits(split), key=lambda f: (index.nodes[f.target].name if f.target in index.nodes
                                                      else "", f.target))
    reach = [_reached(index, flow.target, split) for flow in flows if flow.target in index.nodes]
    if len(reach) != len(flows):
        return None
    joins = set.intersection(*(set(r) for r in reach)) if reach else set()
    joins = {j for j in joins if index.nodes[j].kind == "parallelGateway" and index.incoming.get(j, 0) > 1}
    if len(flows) < 2 or not joins:
        return None
    join = min(joins, key=lambda j: (max(r[j] for r in reach), j))
    members = tuple(frozenset(_reached(index, flow.target, split, join)) - {join} for flow in flows)
    if sum(len(m) for m in members) != len(frozenset().union(*members)):
        return None
    return Block(split, join, tuple(flows), members)


def _reached(index: Index, start: str, split: str, stop: str = "") -> dict[str, int]:
    """The nodes reached from ``start`` (with their distance), never through ``split`` or past ``stop``."""
    return distances(start, lambda node: () if node == stop else
                     [flow.target for flow in index.exits(node) if flow.target != split])
