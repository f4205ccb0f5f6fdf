"""The calibrated copy: what ``calibrate --write`` changes in a copy of the process, and the note it
carries (:mod:`.roundtrip` writes the edits into the owner's text)."""
from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from processwalk.eventlog.calibrate import BranchFit, Calibration
from processwalk.eventlog.roundtrip import Edits, Wait
from processwalk.formatting import format_share
from processwalk.yamltext import count, duration_text, short_p


def observed_branches(calibration: Calibration) -> dict[str, list[Decimal]]:
    """Per step with branches seen, the probabilities to write, in the order of its ``next``: the
    observed shares among the declared branches; a declared branch never taken keeps its declared
    p and the others share the rest.  Short decimals that sum to exactly 1."""
    by_step: dict[str, list[BranchFit]] = defaultdict(list)
    for branch in calibration.branches:
        by_step[branch.source].append(branch)
    written = {}
    for step, branches in by_step.items():
        seen = sum(b.count for b in branches)
        if len(branches) > 1 and seen > 0:
            rest = 1.0 - sum(b.declared_p for b in branches if b.count == 0)
            ps = _exact([b.count * rest / seen if b.count else b.declared_p for b in branches],
                        [b.count > 0 for b in branches])
            if ps is not None:
                written[step] = ps
    return written


def _exact(weights: Sequence[float], rounded: Sequence[bool]) -> list[Decimal] | None:
    """``weights`` as decimals that sum to exactly 1: the ``rounded`` ones short, the largest of them
    taking the remainder, the others as they are; None when no remainder is left for it."""
    ps = [short_p(w) if r else Decimal(repr(w)) for w, r in zip(weights, rounded)]
    largest = max((i for i, r in enumerate(rounded) if r), key=lambda i: (weights[i], -i))
    ps[largest] = Decimal(1) - sum(p for i, p in enumerate(ps) if i != largest)
    return ps if ps[largest] > 0 else None


def edits(c: Calibration) -> Edits:
    """What ``calibrate --write`` changes in a copy of the process: branch p (see
    :func:`observed_branches`), each seen step's wait as the observed mean (a distribution keeps its
    cv), demand as the cases arriving per day; and a note saying so."""
    waits = {s.step: Wait(duration_text(s.wait_h.observed), c.process.steps[s.step].wait.cv)
             for s in c.steps if s.recorded and s.wait_h.observed is not None}
    return Edits(c.demand_per_day.observed, waits, observed_branches(c), note(c))


def note(c: Calibration) -> list[str]:
    """The comment a calibrated copy carries above the process, as lines without '#'."""
    undeclared = (f" Not added: {count(len(c.undeclared), 'transition')} seen but not declared (see the "
                  "calibration report)." if c.undeclared else "")
    text = (f"Calibrated by 'processwalk calibrate' from {Path(c.log).name}: {count(c.cases, 'case')} "
            f"up to {c.as_of:%Y-%m-%d}, of which {pct_text(c.fit)} fit. Branch p: the shares seen among the "
            "declared branches (a branch never taken keeps its p); wait: the observed mean; demand: cases "
            f"arriving per day.{undeclared}")
    # 76: with its '#   ' a line of the note is at most 80 characters long, yamllint's default
    return textwrap.wrap(text, 76, break_on_hyphens=False)


def pct_text(share: float) -> str:
    return format_share(share)
