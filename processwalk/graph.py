"""The process as a networkx ``DiGraph``: steps are nodes, branches are edges.

Edge attributes: ``p`` (probability of going from the step to the target),
``refusal`` (any branch of the edge is a refusal), ``p_refusal`` (the part of
``p`` that is a refusal), ``policy`` (the policy causing it, or None) and
``branches`` (the declared branches behind the edge; two branches may share a
target).
"""
from __future__ import annotations

import networkx as nx

from processwalk.model import Process


def build(process: Process) -> nx.DiGraph:
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
