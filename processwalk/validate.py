"""Structural rules that need the whole process: reachability and ways out of loops.

Keys, types, units, references and sums of probabilities are checked while the
process is built (:mod:`processwalk.build`).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping

from processwalk.errors import Problem
from processwalk.model import Process
from processwalk.read import suggest

_Links = Mapping[str, tuple[str, ...]]


def check(process: Process, rule_ids: Collection[str] = ()) -> list[Problem]:
    """Every structural problem of ``process``, sorted by position.

    ``rule_ids`` are the known rules, against which ``answers`` are checked.
    """
    forward = links(process)
    return sorted([*_unreachable(process, forward), *_trapped(process, forward), *_answers(process, rule_ids)])


def ways_out(process: Process) -> list[Problem]:
    """The problems of cases that cannot finish alone, for a process made by changing another
    (:mod:`processwalk.changes`)."""
    return sorted(_trapped(process, links(process)))


def links(process: Process) -> _Links:
    """Each step's targets (those that are steps of the process)."""
    return {s.id: tuple(b.to for b in s.next if b.to in process.steps) for s in process.steps.values()}


def trapped(process: Process) -> set[str]:
    """Steps a case can reach from the start but from which no end step can be reached."""
    forward = links(process)
    return reach([process.start], forward) - finishing(process, forward)


def finishing(process: Process, forward: _Links) -> set[str]:
    """The steps from which an end step can be reached (end steps included)."""
    backward: dict[str, list[str]] = {step: [] for step in forward}
    for step, targets in forward.items():
        for target in targets:
            backward[target].append(step)
    return reach([s.id for s in process.steps.values() if s.is_end], backward)


def _answers(process: Process, rule_ids: Collection[str]) -> Iterator[Problem]:
    places = {process.id, *process.steps, *process.teams, *process.policies,
              *(f"{s.id}->{b.to}" for s in process.steps.values() for b in s.next)}
    for answer in process.answers:
        if rule_ids and answer.rule not in rule_ids:
            yield Problem(answer.location, f"answer for unknown rule '{answer.rule}'"
                                           f"{suggest(answer.rule, rule_ids, 'rule')}")
        if answer.at not in places:
            yield Problem(answer.location, f"answer at unknown place '{answer.at}'; 'at' is a step, policy "
                                           f"or team id, a branch 'step->target' or the process id"
                                           f"{_closest(answer.at, places)}")


def _unreachable(process: Process, forward: _Links) -> Iterator[Problem]:
    reached = reach([process.start], forward)
    if any(not process.steps[s].is_end and not _targets_known(process, s) for s in reached):
        return  # a broken 'next' was reported: the steps after it may well be the ones it meant
    for step in process.steps.values():
        if step.id not in reached:
            yield Problem(step.location, f"step '{step.id}' is never reached from the start step "
                                         f"'{process.start}'; send a branch to it or remove it")


def _trapped(process: Process, forward: _Links) -> Iterator[Problem]:
    if not any(s.is_end for s in process.steps.values()):
        yield Problem(process.location, f"process '{process.id}' has no end step; add a step with "
                                        "'kind: end' where the case finishes")
        return
    finished = finishing(process, forward)
    trapped = {step: targets for step, targets in forward.items() if step not in finished}
    looped: set[str] = set()
    for loop, component in _loops(process, trapped) if trapped else ():
        looped |= component
        yield Problem(process.steps[loop[0]].location,
                      f"the loop {' -> '.join([*loop, loop[0]])} has no way out; give one of its steps a "
                      "branch that leads to an end step")
    for step in trapped:
        if step not in looped and _targets_known(process, step):
            yield Problem(process.steps[step].location, f"no path leads from step '{step}' to an end step; "
                                                        "every step must be able to finish the case")


def reach(starts: Iterable[str], edges: Mapping[str, Iterable[str]]) -> set[str]:
    """The steps reached from ``starts`` (included) by following ``edges``."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for target in edges[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _loops(process: Process, trapped: _Links) -> Iterator[tuple[list[str], set[str]]]:
    """Each loop among the trapped steps: one cycle, in walking order from its first step in the file,
    and all the steps of the loop."""
    import networkx as nx  # only broken processes come here: the valid ones never pay for the import

    graph = nx.DiGraph([(step, target) for step, targets in trapped.items() for target in targets])
    graph.add_nodes_from(trapped)
    order = {step: number for number, step in enumerate(process.steps)}
    for component in nx.strongly_connected_components(graph):
        first = min(component, key=order.__getitem__)
        cycle = _cycle(first, {s: tuple(t for t in trapped[s] if t in component) for s in component})
        if cycle:
            yield cycle, component


def _cycle(step: str, links: _Links) -> list[str]:
    """The shortest path from ``step`` back to itself, without the return ([] when there is none)."""
    before: dict[str, str] = {}
    queue = deque([step])
    while queue:
        current = queue.popleft()
        for target in links[current]:
            if target == step:
                path = [current]
                while path[-1] != step:
                    path.append(before[path[-1]])
                return path[::-1]
            if target not in before:
                before[target] = current
                queue.append(target)
    return []


def _targets_known(process: Process, step_id: str) -> bool:
    """Steps whose branches name unknown steps were reported already."""
    branches = process.steps[step_id].next
    return bool(branches) and all(b.to in process.steps for b in branches)


def _closest(word: str, known: Collection[str]) -> str:
    hint = suggest(word, known, "place")
    return hint if hint.startswith("; did you mean") else ""
