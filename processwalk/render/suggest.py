"""Ranked moves (``whatif --suggest``): text, JSON and Markdown.

Each move: the remedy's action and worth (per case in its own process, per year over the
portfolio), the findings it closes and opens, what it assumes; then the best remedies together,
beside the sum of their figures alone, with the reminder that effects are not additive; then the
ready YAML of the best moves.  An unbounded move (a team it meets is loaded to 100% or more) has
no customer-days, never a number.
"""
from __future__ import annotations

import math
from typing import Any, NamedTuple

from processwalk.formatting import LEAD, UNBOUNDED, PageUnits, whole
from processwalk.render.whatif import named
from processwalk.suggest import Move, Suggestion

JSON = dict[str, Any]
NOT_ADDITIVE = ("effects are not additive: remedies alone may save the same wait twice over, and one may "
                "lengthen another's queue")


def page_units(suggestion: Suggestion, unit: str | None = None) -> PageUnits:
    """One unit for every lead time a move saves per case: the one that suits the largest, or ``unit``."""
    return PageUnits.of({LEAD: [m.lead_time_saved_h for m in suggestion.moves]}, unit)


def text(suggestion: Suggestion, top: int = 3, currency: str | None = None, unit: str | None = None) -> str:
    """The moves ranked, the best together and the YAML of the ``top`` ones; each cost in ``currency``,
    the lead times saved in one unit (``unit``, else the one that suits the largest)."""
    moves, units = suggestion.moves, page_units(suggestion, unit)
    lines = [f"{len(moves)} suggested move(s) over {len(suggestion.baseline.walks)} process(es), "
             "ranked by customer-days a year saved"]
    for rank, move in enumerate(moves, 1):
        lines += ["", f"{rank:>3}. {move.key}: {move.remedy.scenario.title}", f"     {worth(move, currency, units)}"]
        lines += _details(move)
    combined = suggestion.combined
    if combined is not None:
        lines += ["", f"Together: {', '.join(r.scenario.key for r in combined.remedies)}",
                  f"     {worth(combined, currency, units)}", f"     {alone(suggestion)}"]
        lines += _details(combined)
    for rank, move in enumerate(moves[:top], 1):
        lines += ["", f"# {rank}. {move.key}, to paste into {_where(move)}:", move.remedy.yaml.rstrip("\n")]
    return "\n".join(lines) + "\n"


def markdown(suggestion: Suggestion, top: int = 3, currency: str | None = None, unit: str | None = None) -> str:
    """The moves of :func:`text` as a Markdown table."""
    units = page_units(suggestion, unit)
    lines = ["## Suggested moves", "",
             f"{len(suggestion.moves)} move(s) over {len(suggestion.baseline.walks)} process(es), ranked by "
             "customer-days a year saved.", "",
             "| # | move | worth | closes | note |", "|---|---|---|---|---|"]
    for rank, move in enumerate(suggestion.moves, 1):
        lines.append(f"| {rank} | {_cell(move.remedy.scenario.title)} (`{move.key}`) | {_cell(worth(move, currency, units))} | "
                     f"{_cell(closes(move))} | {_cell(move.remedy.note or '')} |")
    combined = suggestion.combined
    if combined is not None:
        lines += ["", f"**Together** ({', '.join(f'`{r.scenario.key}`' for r in combined.remedies)}): "
                  f"{_cell(worth(combined, currency, units))}; alone they add up to {_days(sum_alone(suggestion))} customer-days a "
                  f"year: {NOT_ADDITIVE}."]
    for rank, move in enumerate(suggestion.moves[:top], 1):
        lines += ["", f"{rank}. `{move.key}`, to paste into {_where(move)}:", "", "```yaml",
                  move.remedy.yaml.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def worth(move: Move, currency: str | None = None, units: PageUnits | None = None) -> str:
    """'remove this approval: -2.0d per case, 88,000 customer-days a year, ...' (a cost with ``currency``,
    the lead time in the page's ``units``)"""
    shown = figures(move, currency, units)
    parts = []
    if shown.per_case:
        parts.append(f"{shown.per_case} per case")
    if move.customer_days_saved is None:
        parts.append(f"unbounded: {', '.join(move.unbounded) or 'a team'} loaded to 100% or more")
    else:
        parts.append(f"{shown.customer_days} customer-days a year")
    if move.staff_hours_saved:
        parts.append(f"{shown.staff_hours} staff-hours a year")
    cost = cost_saved(move)
    if cost:  # a staffing move costs more than the work it saves: "added", never a negative "saved"
        parts.append(f"{_cost(abs(cost), currency)} a year of cost {'saved' if cost > 0 else 'added'}")
    action = move.remedy.action if len(move.remedies) == 1 else f"{len(move.remedies)} remedies"
    return f"{action}: {', '.join(parts)}"


class Figures(NamedTuple):
    """A move's figures as every output shows them ("" where it has none, "unbounded" for its
    customer-days when a team it meets is loaded to 100% or more)."""

    per_case: str
    customer_days: str
    staff_hours: str
    cost: str


def figures(move: Move, currency: str | None = None, units: PageUnits | None = None) -> Figures:
    """The lead time saved per case in the page's ``units`` (each move's own unit without them)."""
    per_case = (units or PageUnits()).signed(-move.lead_time_saved_h, LEAD) \
        if move.lead_time_saved_h is not None and len(move.remedies) == 1 else ""
    cost = cost_saved(move)
    staff = move.staff_hours_saved
    return Figures(per_case, _days(move.customer_days_saved), _days(staff) if staff is not None else "",
                   _cost(cost, currency) if cost is not None else "")


def cost_saved(move: Move) -> float | None:
    """The cost of the work saved less the cost of the staff added, a year."""
    saved, added = move.work_cost_saved, move.staffing_cost_added
    if saved is None and added is None:
        return None
    return (saved or 0.0) - (added or 0.0)


def alone(suggestion: Suggestion) -> str:
    """What the combined move's remedies save each alone, added up, and why that is not its figure."""
    return f"alone they add up to {_days(sum_alone(suggestion))} customer-days a year; {NOT_ADDITIVE}"


def sum_alone(suggestion: Suggestion) -> float | None:
    """The customer-days a year the combined move's remedies save, each alone, added up."""
    combined = suggestion.combined
    if combined is None:
        return None
    keys = {r.scenario.key for r in combined.remedies}
    values = [m.customer_days_saved for m in suggestion.moves if m.key in keys]
    return None if any(v is None for v in values) else sum(v or 0.0 for v in values)


def _details(move: Move) -> list[str]:
    lines = []
    if move.closed:
        lines.append(f"     closes: {closes(move)}")
    if move.opened:
        lines.append(f"     opens: {', '.join(named(f) for f in move.opened)}")
    notes = [r.note for r in move.remedies if r.note]
    lines += [f"     {note}" for note in dict.fromkeys(notes)]
    return lines


def closes(move: Move) -> str:
    """The findings the move closes, in words; one closed by projection with its date."""
    return ", ".join(named(f, move.side) for f in move.closed)


def _where(move: Move) -> str:
    scenario = move.remedy.scenario
    return "a scenario file beside the processes" if scenario.process is None else \
        f"'scenarios:' of {scenario.process}"


def _days(value: float | None) -> str:
    return UNBOUNDED if value is None else whole(value)


def _cost(value: float, currency: str | None) -> str:
    """A cost a year, whole, with the configured ``currency`` beside it."""
    return f"{whole(value)} {currency}" if currency else whole(value)


# -- JSON ----------------------------------------------------------------------------------------


def to_json(suggestion: Suggestion) -> JSON:
    combined = suggestion.combined
    return {
        "moves": [dict(rank=rank, **_move_json(m)) for rank, m in enumerate(suggestion.moves, 1)],
        "combined": None if combined is None else {
            **_move_json(combined), "remedies": [r.scenario.key for r in combined.remedies],
            "customer_days_saved_alone_per_year": _finite(sum_alone(suggestion)), "note": NOT_ADDITIVE},
    }


def _move_json(move: Move) -> JSON:
    remedy = move.remedy
    single = len(move.remedies) == 1
    return {
        "key": move.key, "title": move.side.title,
        "rule": remedy.finding.rule if single else None, "process": remedy.finding.process if single else None,
        "at": remedy.finding.at if single else None, "action": remedy.action if single else None,
        "note": remedy.note if single else None, "yaml": remedy.yaml if single else None,
        "lead_time_saved_h": _finite(move.lead_time_saved_h) if single else None,
        "customer_days_saved_per_year": _finite(move.customer_days_saved),
        "staff_hours_saved_per_year": _finite(move.staff_hours_saved),
        "work_cost_saved_per_year": _finite(move.work_cost_saved),
        "staffing_cost_added_per_year": _finite(move.staffing_cost_added),
        "unbounded": list(move.unbounded),
        "closes": [named(f, move.side) for f in move.closed],
        "opens": [named(f) for f in move.opened],
    }


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
