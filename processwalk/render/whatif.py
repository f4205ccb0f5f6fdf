"""The baseline and each scenario side by side: text (a table per process), Markdown and JSON.

One source of rows (:func:`process_rows`, :func:`team_rows`, :func:`total_rows`) for text,
Markdown and the HTML report's "What if" section.

A figure of an unbounded side (a team it meets is loaded to 100% or more) is shown as
"unbounded" in text and ``null`` in JSON, with the teams in ``unbounded``: never as a number.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from processwalk import whatif
from processwalk.analysis.walk import Walk
from processwalk.findings import Finding
from processwalk.formatting import LEAD, NO_FIGURE, NOT_DECLARED, UNBOUNDED, WORK, PageUnits, format_share
from processwalk.whatif import Evaluation, Side
from processwalk.whatif import totals as totals_of

JSON = dict[str, Any]

#: (label, figure of a walk, how it is shown, whether an unbounded side has it)
_ROWS: tuple[tuple[str, Callable[[Walk], float | None], str, bool], ...] = (
    ("lead time", lambda w: w.figures.lead_time_h, LEAD, False),
    ("lead time p85 (simulated)", lambda w: w.simulation.p85_h, LEAD, False),
    ("touch time", lambda w: w.figures.touch_time_h, WORK, True),
    ("handoffs", lambda w: w.figures.handoffs, "count", True),
    ("approvals", lambda w: w.figures.approvals, "count", True),
    ("refusals", lambda w: w.figures.refusals, "count", True),
    ("first-pass yield", lambda w: w.figures.first_pass_yield, "share", True),
    ("customer-days a year", whatif.customer_days_per_year, "whole", False),
    ("staff-hours a year", whatif.staff_hours_per_year, "whole", True),
    ("cost of the work a year", whatif.work_cost_per_year, "whole", True),
)


def named(finding: Finding, side: Side | None = None) -> str:
    """A finding a side closes or opens in words: "long-wait at check-credit"; one ``side`` closes by
    projection with its date: "backlog-age at work-it by 2027-03-03 (projected)"."""
    clearing = side.projected.get(finding.key) if side is not None else None
    if clearing is None:
        return f"{finding.rule} at {finding.at}"
    date = clearing.promise_date
    when = f"by {date.isoformat()}" if date is not None else f"within {math.ceil(clearing.promise_days or 0.0)} days"
    return f"{finding.rule} at {finding.at} {when} (projected)"


class Cell(NamedTuple):
    """A figure as shown, and its difference from the baseline ("" where there is none)."""

    value: str
    delta: str = ""

    def __str__(self) -> str:
        return f"{self.value} ({self.delta})" if self.delta else self.value


#: a table row: its label and one cell per side (the baseline first)
Row = tuple[str, list[Cell]]


def page_units(evaluation: Evaluation, unit: str | None = None, pids: Iterable[str] | None = None) -> PageUnits:
    """One unit for the lead times (and p85) of every table of the processes ``pids`` (those some
    scenario changes), one for their touch times: those that suit the largest on any bounded side,
    or the configured ``unit``."""
    walks = [side.walks[pid] for side in sides_of(evaluation) for pid in (shown(evaluation) if pids is None else pids)
             if not side.is_unbounded(pid)]
    return PageUnits.of({LEAD: [h for w in walks for h in (w.figures.lead_time_h, w.simulation.p85_h)],
                         WORK: [w.figures.touch_time_h for w in walks]}, unit)


def text(evaluation: Evaluation, currency: str | None = None, unit: str | None = None) -> str:
    """The baseline and every scenario side by side; each cost's label names ``currency``; the lead
    times in one unit (``unit``, else the one :func:`page_units` chooses)."""
    sides, units = sides_of(evaluation), page_units(evaluation, unit)
    lines = [_count(evaluation)]
    for side in evaluation.scenarios:
        lines.append(f"  {side.key}: {_described(side)}")
    for pid in shown(evaluation):
        lines += ["", f"{pid}: {evaluation.baseline.walks[pid].process.title}"]
        lines += _table(priced(process_rows(pid, sides, units), currency), heads(sides))
    lines += ["", "teams and backlogs"]
    lines += _table(team_rows(sides), heads(sides))
    lines += ["", "portfolio a year"]
    lines += _table(priced(total_rows(sides), currency), heads(sides))
    return "\n".join(lines) + "\n"


def markdown(evaluation: Evaluation, currency: str | None = None, unit: str | None = None) -> str:
    """The tables of :func:`text` in Markdown, every label and cell escaped for it."""
    from processwalk.render.mdtext import md

    sides, units = sides_of(evaluation), page_units(evaluation, unit)
    lines = ["# What if", "", _count(evaluation) + ":", ""]
    lines += [f"- **{md(side.key)}**: {md(_described(side))}" for side in evaluation.scenarios]
    for pid in shown(evaluation):
        lines += ["", f"## {md(pid)}: {md(evaluation.baseline.walks[pid].process.title)}", ""]
        lines += _markdown_table(priced(process_rows(pid, sides, units), currency), heads(sides))
    lines += ["", "## Teams and backlogs", ""]
    lines += _markdown_table(team_rows(sides), heads(sides))
    lines += ["", "## Portfolio a year", ""]
    lines += _markdown_table(priced(total_rows(sides), currency), heads(sides))
    return "\n".join(lines) + "\n"


def priced(rows: list[Row], currency: str | None) -> list[Row]:
    """The rows with the currency in the label of each cost: 'cost of the work a year (EUR)'."""
    if not currency:
        return rows
    return [(f"{label} ({currency})" if label.startswith("cost") else label, cells) for label, cells in rows]


def _count(evaluation: Evaluation) -> str:
    return f"{len(evaluation.scenarios)} scenario(s) over {len(evaluation.baseline.walks)} process(es)"


def _described(side: Side) -> str:
    owner = f" ({side.scenario.owner})" if side.scenario and side.scenario.owner else ""
    return side.title + owner


def sides_of(evaluation: Evaluation) -> tuple[Side, ...]:
    return (evaluation.baseline, *evaluation.scenarios)


def shown(evaluation: Evaluation) -> list[str]:
    """The processes some scenario changes, in the baseline's order."""
    return [pid for pid in evaluation.baseline.walks if any(pid in s.changed for s in evaluation.scenarios)]


def heads(sides: tuple[Side, ...]) -> list[str]:
    """Each side's scenario id, or its key where two share an id."""
    ids = [s.scenario.id if s.scenario else "baseline" for s in sides]
    return [i if ids.count(i) == 1 else s.key for i, s in zip(ids, sides)]


def process_rows(pid: str, sides: tuple[Side, ...], units: PageUnits | None = None) -> list[Row]:
    """The figures of process ``pid`` on each side, the differences from the baseline marked; a
    duration and its difference in the ``units`` of the page."""
    units = units or PageUnits()
    base = sides[0].walks[pid]
    rows = []
    for label, figure, kind, bounded in _ROWS:
        before = figure(base)
        rows.append((label, [_cell(before, None, kind, units)] + [
            Cell(UNBOUNDED) if side.is_unbounded(pid) and not bounded else
            _cell(figure(side.walks[pid]), before, kind, units)
            for side in sides[1:]]))
    for side in sides[1:]:
        gone, new = whatif.gone_and_new(sides[0].findings[pid], side.findings[pid])
        side_rows = [Cell(f"{len(gone)} gone, {len(new)} new")]
        rows.append((f"findings ({heads(sides)[sides.index(side)]})", [Cell("")] * sides.index(side) + side_rows +
                     [Cell("")] * (len(sides) - sides.index(side) - 1)))
    return rows


def team_rows(sides: tuple[Side, ...], *, changed_only: bool = False) -> list[Row]:
    """Each team's utilization and when its backlogs clear on each side; ``changed_only``: the rows
    where some scenario differs from the baseline."""
    teams = sorted({t for side in sides for t in side.queues})
    rows = [(f"{t} utilization", [_utilization(side, t, sides[0]) for side in sides]) for t in teams]
    for team in sorted({t for side in sides for t in side.backlogs}):
        rows.append((f"{team} backlog clears", [Cell(_clearing(side, team)) for side in sides]))
    return [row for row in rows if not changed_only or any(cell != row[1][0] for cell in row[1][1:])]


def total_rows(sides: tuple[Side, ...]) -> list[Row]:
    """The portfolio's totals a year on each side."""
    totals = [totals_of(side, sides[0]) for side in sides]
    labels = (("customer_days_per_year", "customer-days"), ("staff_hours_per_year", "staff-hours"),
              ("work_cost_per_year", "cost of the work"), ("staffing_cost_per_year", "cost of the staff"))
    return [(label, [_cell(t[key], totals[0][key] if i else None, "whole") if t[key] is not None or
                     not t["unbounded"] else Cell(UNBOUNDED) for i, t in enumerate(totals)]) for key, label in labels]


def _utilization(side: Side, team: str, base: Side) -> Cell:
    if team not in side.queues:
        return Cell(NO_FIGURE)
    value = side.queues[team].utilization
    before = base.queues[team].utilization if side is not base and team in base.queues else None
    return _cell(value, before, "share")


def _clearing(side: Side, team: str) -> str:
    found = side.backlogs.get(team)
    if found is None or found.spare_h_per_day is None:
        return NOT_DECLARED
    if found.clear_days is None:
        growth = f", +{found.growth_per_day:,.0f} a day" if found.growth_per_day else ""
        return f"never{growth}"
    when = f" ({found.clear_date.isoformat()})" if found.clear_date else ""
    return f"{found.clear_days:,.0f}d{when}"


def _cell(value: float | None, before: float | None, kind: str, units: PageUnits | None = None) -> Cell:
    if value is None:
        return Cell(NOT_DECLARED)
    units = units or PageUnits()
    shown = _show(value, kind, units)
    delta = _delta(value - before, kind, units) if before is not None else ""
    if before is None or _same(value, before) or "0" in (delta, delta[1:]) or delta[1:] in ("0.00", "0.0 pt"):
        return Cell(shown)
    return Cell(shown, delta)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _show(value: float, kind: str, units: PageUnits) -> str:
    if kind in (LEAD, WORK):
        return units.show(value, kind)
    if kind == "share":
        return format_share(value)
    if kind == "whole":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _delta(change: float, kind: str, units: PageUnits) -> str:
    sign = "+" if change > 0 else "-"
    if kind == "share":
        return f"{sign}{abs(change) * 100:.1f} pt"
    if kind in (LEAD, WORK):
        return units.signed(change, kind)
    return sign + _show(abs(change), kind, units)


def _table(cells: Iterable[Row], heads: list[str]) -> list[str]:
    rows = [(label, [str(c) for c in row]) for label, row in cells]
    width = [max(len(r[0]) for r in rows + [("", [])])] + [
        max(len(h), *(len(r[1][i]) for r in rows)) for i, h in enumerate(heads)]
    line = "  ".join(["".ljust(width[0]), *(h.ljust(w) for h, w in zip(heads, width[1:]))]).rstrip()
    body = ["  ".join([label.ljust(width[0]), *(c.ljust(w) for c, w in zip(cells, width[1:]))]).rstrip()
            for label, cells in rows]
    return ["  " + line, *("  " + b for b in body)]


def _markdown_table(rows: Iterable[Row], heads: list[str]) -> list[str]:
    from processwalk.render.mdtext import md

    return ["| | " + " | ".join(md(h) for h in heads) + " |", "|---|" + "---:|" * len(heads),
            *("| " + " | ".join(md(c) for c in (label, *map(str, cells))) + " |" for label, cells in rows)]


# -- JSON ----------------------------------------------------------------------------------------


def to_json(evaluation: Evaluation) -> JSON:
    base = evaluation.baseline
    return {"baseline": _side_json(base, base), "scenarios": [_side_json(s, base) for s in evaluation.scenarios]}


def _side_json(side: Side, base: Side) -> JSON:
    scenario = side.scenario
    return {
        "key": side.key, "title": side.title, "owner": scenario.owner if scenario else None,
        "processes": {pid: _process_json(side, base, pid) for pid in side.changed},
        "teams": {t: {"load_h_per_day": q.load_h_per_day, "capacity_h_per_day": q.capacity_h_per_day,
                      "utilization": q.utilization, "staff": q.team.staff} for t, q in side.queues.items()},
        "backlogs": {t: {"open": c.open, "spare_h_per_day": c.spare_h_per_day, "clear_days": c.clear_days,
                         "clear_date": _date(c.clear_date), "promise_days": c.promise_days,
                         "promise_date": _date(c.promise_date), "growth_per_day": c.growth_per_day}
                     for t, c in side.backlogs.items()},
        "totals": totals_of(side, base),
    }


def _process_json(side: Side, base: Side, pid: str) -> JSON:
    walk, unbounded = side.walks[pid], side.is_unbounded(pid)
    figures = {key: None if unbounded and not bounded else _finite(figure(walk))
               for key, (_, figure, _, bounded) in zip(_KEYS, _ROWS)}
    gone, new = whatif.gone_and_new(base.findings[pid], side.findings[pid])
    return {
        "figures": figures,
        "unbounded": list(side.unbounded.get(pid, ())),
        "waits": {s: {"declared_h": w.declared_h, "predicted_h": _finite(w.predicted_h),
                      "queueing_h": w.queueing_h, "policy_h": w.policy_h, "mean_h": _finite(w.mean_h)}
                  for s, w in side.waits[pid].items()},
        "findings_gone": [named(f, side) for f in gone],
        "findings_new": [named(f) for f in new],
    }


_KEYS = ("lead_time_h", "lead_time_p85_h", "touch_time_h", "handoffs", "approvals", "refusals",
         "first_pass_yield", "customer_days_per_year", "staff_hours_per_year", "work_cost_per_year")


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _date(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def by_key(evaluation: Evaluation) -> Mapping[str, Side]:
    return {s.key: s for s in (evaluation.baseline, *evaluation.scenarios)}
