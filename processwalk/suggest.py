"""Ranked moves: every suggested remedy evaluated as a scenario, and the best of them together.

Each remedy (:mod:`processwalk.remedies`) is evaluated by the what-if engine beside the baseline,
over every process at once (a staffing remedy reaches every process that uses the team).  A
**move** is a remedy with its worth: the customer-days and staff-hours a year it saves over the
portfolio, the yearly cost of the work it saves and of the staff it adds, the lead time it saves per
case in its own process, and the findings it closes and opens.  Moves are ranked by customer-days
a year saved (an unbounded one, whose queue grows without bound, last).

The **combined** move applies the best remedies together as one scenario: the best move of each
finding, in rank order, that saves customer-days and applies after those before it (a remedy whose
step an earlier one removed is left out), up to ``top``.  Effects are not additive: two remedies
may save the same wait twice over when counted alone, or one may make the other's queue longer.

Choices: remedies with the same scenario (``without-P`` for a policy both stale and without a why)
are one move, first found first; the cost figures are None where no team declares an hourly cost.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from processwalk import changes
from processwalk.analysis.walk import Walk
from processwalk.config import Config
from processwalk.errors import Location
from processwalk.findings import Finding
from processwalk.model import Change, Process, Scenario
from processwalk.remedies import Context, Remedy, suggest
from processwalk.whatif import Side, baseline, evaluate, gone_and_new, totals

COMBINED = "best-together"
#: how many remedies the combined move takes at most, unless told
TOP = 5


@dataclass(frozen=True)
class Move:
    """One remedy (or the best together) and what it is worth a year, against the baseline."""

    remedies: tuple[Remedy, ...]
    side: Side
    customer_days_saved: float | None
    staff_hours_saved: float | None
    work_cost_saved: float | None
    staffing_cost_added: float | None
    #: in the finding's own process (None for the combined move, or an unbounded side)
    lead_time_saved_h: float | None
    closed: tuple[Finding, ...]
    opened: tuple[Finding, ...]

    @property
    def remedy(self) -> Remedy:
        return self.remedies[0]

    @property
    def key(self) -> str:
        return self.side.key

    @property
    def unbounded(self) -> tuple[str, ...]:
        return tuple(sorted({t for teams in self.side.unbounded.values() for t in teams}))


@dataclass(frozen=True)
class Suggestion:
    baseline: Side
    moves: tuple[Move, ...]
    combined: Move | None
    #: each finding's remedies, by the finding's key: their scenarios' keys (two findings may share one)
    remedies_of: Mapping[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict)


def suggestion(processes: Sequence[Process], findings: Sequence[Finding], config: Config, *,
               walks: Mapping[str, Walk], seed: int = 0, cases: int = 10_000, top: int = TOP,
               base: Side | None = None) -> Suggestion:
    """Every remedy of ``findings`` evaluated and ranked, and the best ``top`` together; ``base``: the
    what-if baseline of the same processes, walks and configuration, when it is at hand."""
    base = base or baseline(processes, walks, config)
    found: dict[str, Remedy] = {}
    remedies_of: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for remedy in suggest(findings, Context(walks, base, config)):
        found.setdefault(remedy.scenario.key, remedy)
        remedies_of[remedy.finding.key] = (*remedies_of.get(remedy.finding.key, ()), remedy.scenario.key)
    evaluation = evaluate(processes, [r.scenario for r in found.values()], config, seed=seed, cases=cases,
                          base=base)
    assert not evaluation.problems, evaluation.problems  # a remedy is made to apply to its baseline
    moves = ranked([move((r,), side, base) for r, side in zip(found.values(), evaluation.scenarios)])
    chosen = best_together(processes, moves, top)
    if len(chosen) < 2:
        return Suggestion(base, tuple(moves), None, remedies_of)
    together = Scenario(COMBINED, f"The best {len(chosen)} remedies together", Location("<suggest>"),
                        tuple(c for r in chosen for c in r.scenario.changes))
    [side] = evaluate(processes, [together], config, seed=seed, cases=cases, base=base).scenarios
    return Suggestion(base, tuple(moves), move(tuple(chosen), side, base), remedies_of)


def move(remedies: tuple[Remedy, ...], side: Side, base: Side) -> Move:
    before, after = totals(base, base), totals(side, base)
    closed: list[Finding] = []
    opened: list[Finding] = []
    for pid in side.changed:
        gone, new = gone_and_new(base.findings[pid], side.findings[pid])
        closed += gone
        opened += new
    pid, lead = remedies[0].finding.process, None
    if len(remedies) == 1 and pid in side.walks and not side.is_unbounded(pid):
        lead = base.walks[pid].figures.lead_time_h - side.walks[pid].figures.lead_time_h
    return Move(remedies, side, _less(before["customer_days_per_year"], after["customer_days_per_year"]),
                _less(before["staff_hours_per_year"], after["staff_hours_per_year"]),
                _less(before["work_cost_per_year"], after["work_cost_per_year"]),
                _less(after["staffing_cost_per_year"], before["staffing_cost_per_year"]),
                lead, tuple(closed), tuple(opened))


def _less(before: float | None, after: float | None) -> float | None:
    return before - after if before is not None and after is not None else None


def saves(move: Move) -> bool:
    """Whether the move saves customer-days a year (an unbounded one saves none)."""
    return (move.customer_days_saved or 0.0) > 0


def best_of_each(suggestion: Suggestion) -> dict[tuple[str, str, str], Move]:
    """The best-ranked move of each finding that has a remedy, by the finding's key."""
    rank = {m.key: m for m in suggestion.moves}
    order = {m.key: n for n, m in enumerate(suggestion.moves)}
    return {finding: rank[min(keys, key=order.__getitem__)] for finding, keys in suggestion.remedies_of.items()}


def ranked(moves: Sequence[Move]) -> list[Move]:
    """By customer-days a year saved, the most first; unbounded ones last; then by staff-hours saved."""
    return sorted(moves, key=lambda m: (m.customer_days_saved is None, -(m.customer_days_saved or 0.0),
                                        -(m.staff_hours_saved or 0.0), m.key))


def best_together(processes: Sequence[Process], moves: Sequence[Move], top: int) -> list[Remedy]:
    """The best move of each finding, in rank order, that saves customer-days and still applies after
    the ones chosen before it, up to ``top``."""
    chosen: list[Remedy] = []
    answered: set[tuple[str, str, str]] = set()
    for candidate in moves:
        remedy = candidate.remedy
        if len(chosen) >= top or not saves(candidate) or remedy.finding.key in answered:
            continue
        if _applies(processes, [c for r in chosen for c in r.scenario.changes] + list(remedy.scenario.changes)):
            chosen.append(remedy)
            answered.add(remedy.finding.key)
    return chosen


def _applies(processes: Sequence[Process], together: list[Change]) -> bool:
    return all(not changes.apply(p, together)[1] for p in processes)


