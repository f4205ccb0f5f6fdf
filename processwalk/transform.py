"""Processes made from processes: a step bypassed, a policy taken away.

``without_policy(process, p)`` follows the contract's "Policy friction" section
(``spec/analysis.md``); :mod:`processwalk.analysis.friction` measures what the
difference costs, and the what-if changes ``remove`` and ``remove-policy``
(:mod:`processwalk.changes`) use the same two transformations:

1. every branch caused by ``p`` (``policy: p``) is removed and the remaining
   branches of its step renormalized.  A step whose *every* branch is caused by
   ``p`` keeps them: there is no other declared way on.  **Refinement**: a branch
   caused by ``p`` that leads into a step governed by ``p`` is not removed but
   bypassed with that step, as a plain pass (no refusal, no policy): the policy
   is why the case detours, and the bypass says exactly where it goes without
   the detour.  Removing it would instead spread those cases over the step's
   other branches in proportion (e.g. "credit over 50 EUR -> team leader" would
   partly become "request incomplete -> ask the customer"), which can make a
   policy's friction negative.
2. every step governed by ``p`` is bypassed (:func:`bypass`): a branch entering it
   is replaced by branches to where the step would have passed the case along its
   non-refusal branches (renormalized), transitively through chains and loops of
   governed steps (solved exactly as a small absorbing chain).  Each replacement
   keeps the entering branch's refusal flag, reason and policy.
3. a governed step with no non-refusal branch cannot be "passed along": without
   ``p`` nothing is declared about where the case would go, so it stays (minus
   the branches of step 1; a branch caused by ``p`` into it stays as a plain
   pass).  Governed steps that can only reach such steps stay too.  This never
   overstates friction.
4. if the start step is bypassed, the case starts where the bypass leads: the
   step itself when that is one step, otherwise a synthetic start step (same
   id, no team, no time) whose branches are the bypass.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping

import numpy as np

from processwalk import graph
from processwalk.model import Branch, Process, Step

_TINY = 1e-12


def used_policies(process: Process) -> list[str]:
    """Policies that govern a step or cause a branch of ``process``, in catalog order."""
    used = {p for s in process.steps.values() for p in s.policies}
    used |= {b.policy for s in process.steps.values() for b in s.next if b.policy}
    return [p for p in dict.fromkeys([*process.policies, *sorted(used)]) if p in used]


def without_policy(process: Process, policy: str) -> Process:
    """``process`` as if ``policy`` did not exist (see the module doc).

    A removal or bypass that would trap cases in a loop with no way out (the
    policy's branch was the loop's only exit) is undone step by step: first the
    caused branches of trapped steps are restored, then the governed steps that
    trapped steps lead into stay.
    """
    governed = {s for s, step in process.steps.items() if policy in step.policies and not step.is_end}
    restored: set[str] = set()
    while True:
        result = _without(process, policy, governed, restored)
        trapped = graph.trapped(result)
        if not trapped:
            return result
        before = (len(restored), len(governed))
        restored |= {s for s in trapped if any(b.policy == policy for b in process.steps[s].next)}
        if len(restored) == before[0]:
            governed -= {b.to for s in trapped if s in process.steps for b in process.steps[s].next}
        if (len(restored), len(governed)) == before:  # pragma: no cover - each round restores something
            return process


def _without(process: Process, policy: str, governed: set[str], restored: set[str]) -> Process:
    steps = {s: step if s in restored else _drop_caused(step, policy, governed) for s, step in process.steps.items()}
    return _bypassed(dataclasses.replace(process, steps=steps), _bypassable(steps, governed))


def bypass(process: Process, steps: set[str]) -> Process | None:
    """``process`` with ``steps`` bypassed as policy friction bypasses governed steps (step 2 and 4 of
    the module doc); None when one of them passes no case on (it has only refusal branches, or its
    passes lead only back into the bypassed steps)."""
    if _bypassable(process.steps, steps) != steps:
        return None
    return _bypassed(process, steps)


def _bypassed(process: Process, bypassed: set[str]) -> Process:
    steps = process.steps
    if not bypassed:
        return process
    leads = _bypass(steps, bypassed)
    kept = {s: _reroute(step, bypassed, leads) for s, step in steps.items() if s not in bypassed}
    start = process.start
    if start in bypassed:
        targets = leads[start]
        if len(targets) == 1:
            start = next(iter(targets))
        else:
            kept = {start: _synthetic_start(steps[start], targets), **kept}
    return dataclasses.replace(process, steps=kept, start=start)


def _drop_caused(step: Step, policy: str, governed: set[str]) -> Step:
    """Remove the branches ``policy`` causes; those into its governed steps become plain passes."""
    if all(b.policy != policy for b in step.next):
        return step
    left = [b if b.policy != policy else b._replace(refusal=False, policy=None)
            for b in step.next if b.policy != policy or b.to in governed]
    if not left:
        return step
    total = sum(b.p for b in left)
    return dataclasses.replace(step, next=tuple(b._replace(p=b.p / total) for b in left))


def _bypassable(steps: Mapping[str, Step], governed: set[str]) -> set[str]:
    """Governed steps whose pass branches lead, through governed steps, out of the governed set."""
    candidates = {s for s in governed if any(not b.refusal for b in steps[s].next)}
    while True:
        exits = {s for s in candidates if any(not b.refusal and b.to not in candidates for b in steps[s].next)}
        inside = {s: [b.to for b in steps[s].next if not b.refusal and b.to in candidates] for s in candidates}
        reaching = graph.reaching(exits, inside)
        if reaching == candidates:
            return candidates
        candidates = reaching


def _bypass(steps: Mapping[str, Step], bypassed: set[str]) -> dict[str, dict[str, float]]:
    """For each bypassed step, where a case entering it ends up: ``(I - Q_BB)^-1 Q_B,out``.

    Solved per strongly connected component of the bypassed steps, downstream
    components first, so chains are plain substitutions and only loops of
    governed steps need a (small) linear solve.
    """
    passing = {s: passes(steps[s]) for s in bypassed}
    if not any(t in bypassed for out in passing.values() for t in out):
        # no bypassed step leads into another (the usual case): each leads where its passes go
        return {s: {t: out[t] for t in sorted(out) if out[t] > _TINY} for s, out in passing.items()}
    leads: dict[str, dict[str, float]] = {}
    for members in graph.downstream_first(bypassed, ((s, t) for s, out in passing.items() for t in out
                                                     if t in bypassed)):
        leads.update(_solve_component(members, passing, leads))
    return leads


def passes(step: Step) -> dict[str, float]:
    """A step's non-refusal branches, renormalized, by target."""
    passing = [b for b in step.next if not b.refusal]
    total = sum(b.p for b in passing)
    out: dict[str, float] = defaultdict(float)
    for b in passing:
        out[b.to] += b.p / total
    return out


def _solve_component(members: list[str], passing: Mapping[str, Mapping[str, float]],
                     known: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Leads of one component, given the leads of the bypassed steps downstream (``known``)."""
    index = {s: i for i, s in enumerate(members)}
    exits: list[dict[str, float]] = []
    q = np.zeros((len(members), len(members)))
    for i, s in enumerate(members):
        row: dict[str, float] = defaultdict(float)
        for t, p in passing[s].items():
            if t in index:
                q[i, index[t]] += p
            else:
                for u, pu in (known[t].items() if t in known else ((t, 1.0),)):
                    row[u] += p * pu
        exits.append(row)
    targets = sorted({t for row in exits for t in row})
    r = np.array([[row.get(t, 0.0) for t in targets] for row in exits])
    leads = r if not q.any() else np.linalg.solve(np.eye(len(members)) - q, r)
    return {s: {t: float(leads[i, j]) for j, t in enumerate(targets) if leads[i, j] > _TINY}
            for i, s in enumerate(members)}


def _reroute(step: Step, bypassed: set[str], leads: Mapping[str, Mapping[str, float]]) -> Step:
    if not any(b.to in bypassed for b in step.next):
        return step
    branches: list[Branch] = []
    for b in step.next:
        if b.to in bypassed:
            branches.extend(b._replace(to=t, p=b.p * p) for t, p in leads[b.to].items())
        else:
            branches.append(b)
    return dataclasses.replace(step, next=_merge(branches))


def _merge(branches: list[Branch]) -> tuple[Branch, ...]:
    """Branches with the same target and the same flags add up (keeps processes small)."""
    merged: dict[tuple[str, bool, str | None, str | None, str | None], Branch] = {}
    for b in branches:
        key = (b.to, b.refusal, b.policy, b.reason, b.when)
        merged[key] = b._replace(p=merged[key].p + b.p) if key in merged else b
    return tuple(merged.values())


def _synthetic_start(original: Step, targets: Mapping[str, float]) -> Step:
    branches = tuple(Branch(to=t, p=p, location=original.location) for t, p in targets.items())
    return Step(id=original.id, name=f"{original.name} (bypassed)", kind="task", location=original.location,
                next=branches)

