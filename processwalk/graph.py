"""Every graph algorithm of the package: reachability, loops, orders; networkx enters only here.

:func:`build` makes the process a networkx ``DiGraph``: steps are nodes, branches are edges.
Edge attributes: ``p`` (probability of going from the step to the target),
``refusal`` (any branch of the edge is a refusal), ``p_refusal`` (the part of
``p`` that is a refusal), ``policy`` (the policy causing it, or None) and
``branches`` (the declared branches behind the edge; two branches may share a
target).

The other functions take either that graph or plain links (each node's targets), so that
the structural checks, which run before any figure, never pay for importing networkx.
"""
from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

from processwalk.model import Branch, Process, Step

if TYPE_CHECKING:
    import networkx as nx

    #: the process as networkx sees it (:func:`build`)
    Graph = nx.DiGraph

#: a node: a step id, an activity, a BPMN node's key
N = TypeVar("N", bound=Hashable)
#: a way out of a node (a branch, a flow, or the target itself)
E = TypeVar("E")

Links = Mapping[str, tuple[str, ...]]


# -- the process as a networkx graph -------------------------------------------------------------

def build(process: Process) -> nx.DiGraph:
    """The process as a networkx graph (see the module doc for its attributes)."""
    import networkx as nx

    graph = nx.DiGraph(process=process.id)
    for step in process.steps.values():
        graph.add_node(step.id, step=step, team=step.team, kind=step.kind)
    for step in process.steps.values():
        for branch in step.next:
            if branch.to not in process.steps:
                continue
            if graph.has_edge(step.id, branch.to):
                edge = graph.edges[step.id, branch.to]
                edge["p"] += branch.p
                edge["p_refusal"] += branch.p if branch.refusal else 0.0
                edge["refusal"] = edge["refusal"] or branch.refusal
                edge["policy"] = edge["policy"] or branch.policy
                edge["branches"] += (branch,)
            else:
                graph.add_edge(step.id, branch.to, p=branch.p, refusal=branch.refusal,
                               p_refusal=branch.p if branch.refusal else 0.0,
                               policy=branch.policy, branches=(branch,))
    return graph


def components(graph: nx.DiGraph) -> dict[str, int]:
    """Each node's strongly connected component, numbered: two nodes share one exactly when each
    can be reached from the other (they are on a loop together)."""
    import networkx as nx

    return {node: number for number, members in enumerate(nx.strongly_connected_components(graph))
            for node in members}


def breadth_first(graph: nx.DiGraph, start: str) -> list[str]:
    """The nodes reached from ``start`` (first), breadth first, each node's targets in branch order."""
    import networkx as nx

    return [start, *(target for _, target in nx.bfs_edges(graph, start))]


def shortest_path(graph: nx.DiGraph, source: str, target: str) -> list[str]:
    """The nodes of a shortest path from ``source`` to ``target``, both included."""
    import networkx as nx

    return list(nx.shortest_path(graph, source, target))


def reached_within(graph: nx.DiGraph, start: str, nodes: Iterable[str]) -> set[str]:
    """The nodes reached from ``start`` (not included) through ``nodes`` only."""
    import networkx as nx

    return set(nx.descendants(graph.subgraph(nodes), start))


# -- plain links ----------------------------------------------------------------------------------

def links(process: Process) -> Links:
    """Each step's targets (those that are steps of the process)."""
    return {s.id: tuple(b.to for b in s.next if b.to in process.steps) for s in process.steps.values()}


def adjacency(edges: Iterable[tuple[N, N]]) -> dict[N, list[N]]:
    """Each source's targets, in the order of ``edges``."""
    out: dict[N, list[N]] = defaultdict(list)
    for source, target in edges:
        out[source].append(target)
    return out


def backward(forward: Mapping[N, Iterable[N]]) -> dict[N, list[N]]:
    """Each node's sources: the links of ``forward`` turned round."""
    return adjacency((target, source) for source, targets in forward.items() for target in targets)


def reach(starts: Iterable[N], edges: Mapping[N, Iterable[N]]) -> set[N]:
    """The nodes reached from ``starts`` (included) by following ``edges``."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def reaching(goals: Iterable[N], edges: Mapping[N, Iterable[N]]) -> set[N]:
    """The nodes from which one of ``goals`` can be reached by following ``edges`` (``goals`` included)."""
    return reach(goals, backward(edges))


def leads_to(edges: Mapping[N, Iterable[N]], source: N, target: N) -> bool:
    """Whether ``target`` can be reached from ``source`` (itself included) by following ``edges``."""
    seen, queue = {source}, deque([source])
    while queue:
        here = queue.popleft()
        if here == target:
            return True
        for node in edges.get(here, ()):
            if node not in seen:
                seen.add(node)
                queue.append(node)
    return False


def finishing(process: Process, forward: Links) -> set[str]:
    """The steps from which an end step can be reached (end steps included)."""
    return reaching([s.id for s in process.steps.values() if s.is_end], forward)


def trapped(process: Process) -> set[str]:
    """Steps a case can reach from the start but from which no end step can be reached."""
    forward = links(process)
    return reach([process.start], forward) - finishing(process, forward)


def distances(start: N, exits: Callable[[N], Iterable[N]]) -> dict[N, int]:
    """The nodes reached from ``start`` with the number of links on a shortest way there."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in exits(node):
            if target not in seen:
                seen[target] = seen[node] + 1
                queue.append(target)
    return seen


def in_walking_order(start: N, exits: Callable[[N], list[E]], target: Callable[[E], N]) -> list[tuple[N, list[E]]]:
    """Every node reached from ``start``, breadth first, with its ways out (``exits`` is asked once
    per node)."""
    order: list[tuple[N, list[E]]] = []
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        ways = exits(node)
        order.append((node, ways))
        for way in ways:
            if target(way) not in seen:
                seen.add(target(way))
                queue.append(target(way))
    return order


def shortest_cycle(node: N, edges: Mapping[N, Iterable[N]]) -> list[N]:
    """The shortest path from ``node`` back to itself, without the return ([] when there is none)."""
    before: dict[N, N] = {}
    queue = deque([node])
    while queue:
        current = queue.popleft()
        for target in edges[current]:
            if target == node:
                path = [current]
                while path[-1] != node:
                    path.append(before[path[-1]])
                return path[::-1]
            if target not in before:
                before[target] = current
                queue.append(target)
    return []


def loops(order: Collection[str], edges: Links) -> Iterator[tuple[list[str], set[str]]]:
    """Each loop among the nodes of ``edges``: one cycle, in walking order from its first node in
    ``order``, and all the nodes of the loop (its strongly connected component)."""
    import networkx as nx  # only broken processes come here: the valid ones never pay for the import

    graph = nx.DiGraph([(node, target) for node, targets in edges.items() for target in targets])
    graph.add_nodes_from(edges)
    rank = {node: number for number, node in enumerate(order)}
    for component in nx.strongly_connected_components(graph):
        first = min(component, key=rank.__getitem__)
        cycle = shortest_cycle(first, {s: tuple(t for t in edges[s] if t in component) for s in component})
        if cycle:
            yield cycle, component


def downstream_first(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components of the graph, each sorted, those downstream first: no
    component has a link into one listed after it."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    condensed = nx.condensation(graph)
    return [sorted(condensed.nodes[component]["members"])
            for component in reversed(list(nx.topological_sort(condensed)))]


def _back_ways(roots: Iterable[N], exits: Callable[[N], Iterator[E]],
               target: Callable[[E], N]) -> Iterator[tuple[N, E]]:
    """The ways into a node still open on a depth-first walk from each root in turn (the nodes not
    reached yet), each node's ways followed in the order of ``exits``."""
    state: dict[N, int] = {}  # 1: open (on the way from the root), 2: done
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[N, Iterator[E]]] = [(root, exits(root))]
        while stack:
            here, ways = stack[-1]
            way = next(ways, None)
            if way is None:
                state[here] = 2
                stack.pop()
            elif state.get(target(way)) == 1:
                yield here, way
            elif target(way) not in state:
                state[target(way)] = 1
                stack.append((target(way), exits(target(way))))


def back_edges(process: Process) -> set[tuple[str, str]]:
    """Edges into a step still open on a depth-first walk from the start: the send-backs and loops."""
    order = [process.start, *(s for s in process.steps if s != process.start)]
    return set(_back_ways(order, lambda s: targets(process, s), _same))


def back_branches(process: Process) -> Iterator[tuple[Step, Branch]]:
    """The branches that lead to a step on the way from the start to their own step: the back edges
    of a depth-first walk from the start that follows the branches in the order written."""
    steps = process.steps
    for here, branch in _back_ways([process.start], lambda s: iter(steps[s].next), _to):
        yield steps[here], branch


def targets(process: Process, step_id: str) -> Iterator[str]:
    return iter(dict.fromkeys(b.to for b in process.steps[step_id].next if b.to in process.steps))


def _same(node: str) -> str:
    return node


def _to(branch: Branch) -> str:
    return branch.to
