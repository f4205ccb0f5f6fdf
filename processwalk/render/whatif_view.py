"""The report's view of what if (``spec/scenarios.md``): a process page's "What if" section, the
index's portfolio table, and the baseline's declared waits taken apart.

The tables are the rows of :mod:`processwalk.render.whatif`, the ones ``processwalk whatif`` prints:
one source for text, Markdown and HTML.  The charts are inline SVG (:mod:`.charts`): lead time and
p85 per side, and the simulated lead times of the baseline and of the best scenario (the fewest
customer-days a year) overlaid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from processwalk.analysis.walk import Walk
from processwalk.formatting import LEAD, NOT_DECLARED, UNBOUNDED, WAIT, PageUnits
from processwalk.model import Process
from processwalk.render import charts
from processwalk.render import whatif as tables
from processwalk.render.whatif import Cell
from processwalk.whatif import Evaluation, Side, customer_days_per_year


@dataclass(frozen=True)
class Table:
    heads: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]


@dataclass(frozen=True)
class ScenarioRow:
    head: str
    key: str
    title: str
    owner: str
    #: the teams loaded to 100% or more that the process meets on this side ("" when bounded)
    unbounded: str


@dataclass(frozen=True)
class WhatIf:
    """A process page's "What if" section; ``sides`` and ``process_id`` for the charts."""

    process_id: str
    scenarios: tuple[ScenarioRow, ...]
    table: Table
    #: the head of the scenario with the fewest customer-days a year ("" when every one is unbounded)
    best: str
    sides: tuple[Side, ...]
    #: the page's unit of each kind of duration, for the charts
    units: PageUnits = PageUnits()


@dataclass(frozen=True)
class WaitRow:
    """A declared wait taken apart at the baseline: its queueing part and its policy part."""

    step: str
    team: str
    declared: str
    predicted: str
    queueing: str
    policy: str


def _table(sides: tuple[Side, ...], rows: list[tuple[str, list[Cell]]]) -> Table:
    return Table(tuple(tables.heads(sides)), tuple((label, tuple(cells)) for label, cells in rows))


def process_whatif(evaluation: Evaluation, process_id: str, units: PageUnits | None = None,
                   currency: str | None = None) -> WhatIf | None:
    """The section of ``process_id``, when a scenario changes it; its durations in the page's ``units``
    (else those of the section alone), each cost labelled with ``currency``."""
    if process_id not in tables.shown(evaluation):
        return None
    sides = tables.sides_of(evaluation)
    names = tables.heads(sides)
    scenarios = tuple(ScenarioRow(names[i], s.key, s.title, (s.scenario.owner or "") if s.scenario else "",
                                  ", ".join(s.unbounded.get(process_id, ())))
                      for i, s in enumerate(sides) if i)
    best = _best(sides, process_id)
    units = units or tables.page_units(evaluation, pids=[process_id])
    return WhatIf(process_id, scenarios, _table(sides, tables.priced(tables.process_rows(process_id, sides, units),
                                                                   currency)),
                  names[sides.index(best)] if best else "", sides, units)


def _best(sides: tuple[Side, ...], process_id: str) -> Side | None:
    """The scenario changing the process with the fewest customer-days a year (the shortest lead time
    without demand); never an unbounded one."""
    def key(side: Side) -> tuple[float, float]:
        walk = side.walks[process_id]
        days = customer_days_per_year(walk)
        return (days if days is not None else math.inf, walk.figures.lead_time_h)
    found = [s for s in sides[1:] if process_id in s.changed and not s.is_unbounded(process_id)]
    return min(found, key=key, default=None)


def portfolio(evaluation: Evaluation, currency: str | None = None) -> Table | None:
    """The portfolio's totals a year on each side (each cost labelled with ``currency``), and the teams
    and backlogs that some scenario changes."""
    if not evaluation.scenarios:
        return None
    sides = tables.sides_of(evaluation)
    return _table(sides, tables.priced(tables.total_rows(sides), currency) + tables.team_rows(sides, changed_only=True))


def wait_rows(base: Side, process: Process, units: PageUnits | None = None) -> tuple[WaitRow, ...]:
    """Each declared wait of a step with a team, taken apart at the baseline's summed loads; all of
    them waits, in the page's ``units`` of waits."""
    waits, shown = base.waits.get(process.id, {}), units or PageUnits()
    return tuple(
        WaitRow(step.name, process.teams[step.team].name if step.team in process.teams else step.team or "",
                *(shown.show(h, WAIT) for h in (w.declared_h, w.predicted_h, w.queueing_h, w.policy_h)))
        for s, step in process.steps.items()
        if step.team is not None and step.wait.mean > 0 and (w := waits.get(s)) is not None)


# -- charts --------------------------------------------------------------------------------------


def lead_chart(view: WhatIf) -> str:
    """Lead time and simulated p85 of each side; an unbounded side has no bar, only the word."""
    rows = []
    for head, side in zip(view.table.heads, view.sides):
        walk, unbounded = side.walks[view.process_id], side.is_unbounded(view.process_id)
        for name, value, tone in (("lead time", walk.figures.lead_time_h, "ok"),
                                  ("p85", walk.simulation.p85_h, "muted")):
            shown_value = 0.0 if unbounded or not math.isfinite(value) else value
            text = UNBOUNDED if unbounded else view.units.show(value, LEAD) if math.isfinite(value) else NOT_DECLARED
            rows.append(charts.Bar(f"{head}: {name}", shown_value, text, "bad" if unbounded else tone))
    sla = view.sides[0].walks[view.process_id].process.sla_h
    markers = [charts.Marker(sla, f"promise {view.units.show(sla, LEAD)}", "bad")] if sla is not None else []
    return charts.bars(rows, title="Lead time and p85 per scenario", markers=markers)


def overlay_chart(view: WhatIf) -> str:
    """The baseline's simulated lead times and the best scenario's, on one axis."""
    base = view.sides[0].walks[view.process_id]
    best = (view.sides[view.table.heads.index(view.best)].walks[view.process_id] if view.best else None)
    shown_walks = [(view.table.heads[0], base, "ok"), *([(view.best, best, "good")] if best else [])]
    def lead(hours: float) -> str:
        return view.units.show(hours, LEAD)

    series = [charts.Series(f"{head}: p85 {lead(walk.simulation.p85_h)}", _bins(walk), tone)
              for head, walk, tone in shown_walks if walk.simulation.histogram]
    if not series:
        return ""
    markers = [charts.Marker(walk.simulation.p85_h, f"{head} p85", tone) for head, walk, tone in shown_walks
               if walk.simulation.histogram]
    sla = base.process.sla_h
    if sla is not None:
        markers.append(charts.Marker(sla, f"promise {lead(sla)}", "bad"))
    return charts.overlay(series, title="Simulated lead time: baseline and best scenario", markers=markers,
                          fmt=lead)


def _bins(walk: Walk) -> list[charts.Bin]:
    return [charts.Bin(lo, hi, n) for lo, hi, n in walk.simulation.histogram]
