"""Structural rules that need the whole process: reachability and ways out of loops.

Keys, types, units, references and sums of probabilities are checked while the
process is built (:mod:`processwalk.build`).
"""
from __future__ import annotations

from collections.abc import Collection, Iterator

from processwalk.errors import Problem
from processwalk.graph import Links, finishing, links, loops, reach
from processwalk.model import Process
from processwalk.read import suggest


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


def _unreachable(process: Process, forward: Links) -> Iterator[Problem]:
    reached = reach([process.start], forward)
    if any(not process.steps[s].is_end and not _targets_known(process, s) for s in reached):
        return  # a broken 'next' was reported: the steps after it may well be the ones it meant
    for step in process.steps.values():
        if step.id not in reached:
            yield Problem(step.location, f"step '{step.id}' is never reached from the start step "
                                         f"'{process.start}'; send a branch to it or remove it")


def _trapped(process: Process, forward: Links) -> Iterator[Problem]:
    if not any(s.is_end for s in process.steps.values()):
        yield Problem(process.location, f"process '{process.id}' has no end step; add a step with "
                                        "'kind: end' where the case finishes")
        return
    finished = finishing(process, forward)
    trapped = {step: targets for step, targets in forward.items() if step not in finished}
    looped: set[str] = set()
    for loop, component in loops(process.steps, trapped) if trapped else ():
        looped |= component
        yield Problem(process.steps[loop[0]].location,
                      f"the loop {' -> '.join([*loop, loop[0]])} has no way out; give one of its steps a "
                      "branch that leads to an end step")
    for step in trapped:
        if step not in looped and _targets_known(process, step):
            yield Problem(process.steps[step].location, f"no path leads from step '{step}' to an end step; "
                                                        "every step must be able to finish the case")


def _targets_known(process: Process, step_id: str) -> bool:
    """Steps whose branches name unknown steps were reported already."""
    branches = process.steps[step_id].next
    return bool(branches) and all(b.to in process.steps for b in branches)


def _closest(word: str, known: Collection[str]) -> str:
    hint = suggest(word, known, "place")
    return hint if hint.startswith("; did you mean") else ""
