"""Structural rules that need the whole process: reachability and ways out of loops.

Keys, types, units, references and sums of probabilities are checked while the
process is built (:mod:`processwalk.build`).
"""
from __future__ import annotations

from typing import Collection, Iterator

import networkx as nx

from processwalk import graph as graphs
from processwalk.errors import Problem
from processwalk.model import Process
from processwalk.read import suggest


def check(process: Process, rule_ids: Collection[str] = ()) -> list[Problem]:
    """Every structural problem of ``process``, sorted by position.

    ``rule_ids`` are the known rules, against which ``answers`` are checked.
    """
    graph = graphs.build(process)
    return sorted([*_unreachable(process, graph), *_trapped(process, graph), *_answers(process, rule_ids)])


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


def _unreachable(process: Process, graph: nx.DiGraph) -> Iterator[Problem]:
    reached = nx.descendants(graph, process.start) | {process.start}
    for step in process.steps.values():
        if step.id not in reached:
            yield Problem(step.location, f"step '{step.id}' is never reached from the start step "
                                         f"'{process.start}'; send a branch to it or remove it")


def _trapped(process: Process, graph: nx.DiGraph) -> Iterator[Problem]:
    ends = [s.id for s in process.steps.values() if s.is_end]
    finishing: set[str] = set(ends)
    for end in ends:
        finishing |= nx.ancestors(graph, end)
    looped: set[str] = set()
    for component in nx.strongly_connected_components(graph.subgraph(set(graph) - finishing)):
        ordered = [s for s in process.steps if s in component]
        first = ordered[0]
        if len(component) > 1 or graph.has_edge(first, first):
            looped |= component
            cycle = " -> ".join([*ordered, first])
            yield Problem(process.steps[first].location,
                          f"the loop {cycle} has no way out; give one of its steps a branch that leads "
                          "to an end step")
    for step in process.steps.values():
        if step.id not in finishing and step.id not in looped and _targets_known(process, step.id):
            yield Problem(step.location, f"no path leads from step '{step.id}' to an end step; "
                                         "every step must be able to finish the case")


def _targets_known(process: Process, step_id: str) -> bool:
    """Steps whose branches name unknown steps were reported already."""
    branches = process.steps[step_id].next
    return bool(branches) and all(b.to in process.steps for b in branches)


def _closest(word: str, known: Collection[str]) -> str:
    hint = suggest(word, known, "place")
    return hint if hint.startswith("; did you mean") else ""
