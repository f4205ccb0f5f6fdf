"""The report's view of the ranked moves (``whatif --suggest``): the worth on each hotspot card and
the index's table of the portfolio's best moves, with the best together below it.

Every figure is the one ``whatif --suggest`` prints, formatted by :mod:`processwalk.render.suggest`
(:func:`~processwalk.render.suggest.worth`, :func:`~processwalk.render.suggest.figures`): one
source for text, JSON, Markdown and HTML.  The moves are evaluated once per report
(:func:`processwalk.suggest.suggestion`) and handed to the view builders.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from processwalk.formatting import NOT_DECLARED, UNBOUNDED, PageUnits
from processwalk.portfolio import Portfolio
from processwalk.render import suggest as words
from processwalk.suggest import Move, Suggestion, best_of_each, saves

#: the moves the index ranks
INDEX_MOVES = 10
#: a hotspot card's line where the finding's rule has no remedy, or its best remedy saves nothing
NO_REMEDY = "No priced remedy: this rule has none, or its remedy saves no customer-days."
#: the process column of a move on a team shared by several processes
EVERY_PROCESS = "every process using the team"
#: the process column of the best together
EVERY_MOVE = "the processes they change"


@dataclass(frozen=True)
class MoveRow:
    rank: int
    #: (page, process title) of the finding's process; ("", EVERY_PROCESS) for a portfolio finding
    process: tuple[str, str]
    title: str
    per_case: str
    customer_days: str
    staff_hours: str
    cost: str
    #: how many findings the move closes, and which
    closes: int
    closed: str


@dataclass(frozen=True)
class Moves:
    """The index's "Best moves" section."""

    rows: tuple[MoveRow, ...]
    #: of all the moves ranked
    total: int
    #: the best together (its title names the ranks it takes), and its remedies' figures alone added
    #: up beside it, with why they are not its figure
    together: MoveRow | None = None
    alone: str = ""


def worths(suggestion: Suggestion, currency: str | None = None,
           units: PageUnits | None = None) -> dict[tuple[str, str, str], str]:
    """What the best remedy of each finding is worth, by the finding's key, in the words of
    ``whatif --suggest``; a finding whose rule has no remedy, or whose best remedy saves nothing, is
    left out (its card says :data:`NO_REMEDY`); the lead times saved in the page's ``units``."""
    return {key: words.worth(move, currency, units) for key, move in best_of_each(suggestion).items() if saves(move)}


def moves(suggestion: Suggestion, pages: Mapping[str, tuple[str, str]], currency: str | None = None,
          top: int = INDEX_MOVES, units: PageUnits | None = None) -> Moves:
    """The best ``top`` moves as rows; ``pages`` maps a process id to its (page, title); the lead times
    saved per case in one unit (``units``, else the one that suits the largest of the rows)."""
    units = units or words.page_units(suggestion)
    rows = tuple(row(rank, m, pages, currency, units) for rank, m in enumerate(suggestion.moves[:top], 1))
    combined = suggestion.combined
    if combined is None:
        return Moves(rows, len(suggestion.moves))
    ranks = {m.key: rank for rank, m in enumerate(suggestion.moves, 1)}
    taken = ", ".join(f"#{ranks[r.scenario.key]}" for r in combined.remedies if r.scenario.key in ranks)
    together = dataclasses.replace(row(0, combined, pages, currency, units), process=("", EVERY_MOVE),
                                   title=f"{combined.side.title} ({taken})")
    alone = words.alone(suggestion)
    return Moves(rows, len(suggestion.moves), together, alone[:1].upper() + alone[1:])


def row(rank: int, move: Move, pages: Mapping[str, tuple[str, str]], currency: str | None = None,
        units: PageUnits | None = None) -> MoveRow:
    pid = move.remedy.finding.process
    process = ("", EVERY_PROCESS) if pid == Portfolio.ID else pages.get(pid, ("", pid))
    shown = words.figures(move, currency, units)
    per_case = shown.per_case or (UNBOUNDED if move.customer_days_saved is None else "")
    return MoveRow(rank, process, move.remedy.scenario.title, per_case, shown.customer_days, shown.staff_hours,
                   shown.cost or NOT_DECLARED, len(move.closed), words.closes(move))
