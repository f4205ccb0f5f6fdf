"""The remedy of a case passed back and forth: the steps it returns into move to the team it returns
from, so that one team carries on where it would have handed the case back."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from processwalk.analysis.chain import build
from processwalk.analysis.figures import returns_into
from processwalk.model import Process


def moves(process: Process, team: str) -> dict[str, str]:
    """Each step of ``team`` that cases return into, and the team most of its returning flow comes
    from (the first such team in the file among equals)."""
    chain = build(process)
    visits = chain.visits_of()
    moved: dict[str, str] = {}
    for into in returns_into(chain, team):
        flows: dict[str, float] = {}
        for step in process.steps.values():
            for branch in step.next:
                if branch.to == into and step.team not in (None, team) and not step.is_end:
                    flows[step.team or ""] = flows.get(step.team or "", 0.0) + visits[step.id] * branch.p
        if flows:
            moved[into] = max(flows, key=lambda t: flows[t])
    return moved


def one_team(process: Process, team: str | None = None) -> dict[str, str]:
    """The moves that end the returns to ``team`` (None: to every team, the team with the most
    returns first), one step at a time on the process as the moves before left it, each step moved
    at most once."""
    original, moved = process, {}
    for _ in range(len(process.steps)):
        chain = build(process)
        teams = [team] if team else sorted({s.team for s in process.steps.values() if s.team})
        returns = {t: sum(returns_into(chain, t).values()) for t in teams}
        found = {s: t for team in sorted(returns, key=lambda t: -returns[t]) if returns[team] > 1e-12
                 for s, t in moves(process, team).items() if s not in moved}
        if not found:
            break
        first = next(iter(found))
        moved[first] = found[first]
        process = _moved(process, {first: found[first]})
    return {s: t for s, t in moved.items() if original.steps[s].team != t}


def _moved(process: Process, moved: Mapping[str, str]) -> Process:
    steps = {s: dataclasses.replace(step, team=moved[s]) if s in moved else step for s, step in process.steps.items()}
    return dataclasses.replace(process, steps=steps)
