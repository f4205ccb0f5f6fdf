"""The calibration of a process against an event log, as text and as an HTML section.

Both are drawn from one :class:`View`: headline facts, then tables whose cells are
already formatted here (numbers are never formatted in a template).  The HTML
section (:func:`calibration_section_html`, ``templates/calibration.html.j2``) uses
the report's Jinja environment and classes, so the report can include it as is;
:func:`page_html` (``templates/calibration-page.html.j2``) wraps it in a page of
its own for ``processwalk calibrate --format html``.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from processwalk.eventlog.calibrate import BAND_NAMES, UNMAPPED, Calibration, Pair
from processwalk.formatting import NO_FIGURE, NOT_DECLARED, format_hours, format_in, format_share
from processwalk.model import Backlog


@dataclass(frozen=True)
class Table:
    """A titled table of formatted cells; ``numeric`` says which columns align right."""

    id: str
    title: str
    note: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    empty: str = "Nothing to show."


@dataclass(frozen=True)
class View:
    title: str
    facts: tuple[str, ...]
    tables: tuple[Table, ...]
    notes: tuple[str, ...]


def view(c: Calibration) -> View:
    """What the text and the HTML show, formatted."""
    return View(
        title=f"{c.process.id}: declared against {Path(c.log).name}",
        facts=tuple(_facts(c)),
        tables=(_per_case(c), _steps(c), _branches(c), _open_work(c), _undeclared(c)),
        notes=tuple(_notes(c)),
    )


# -- formatting ---------------------------------------------------------------------------------


def pct(share: float | None) -> str:
    return NO_FIGURE if share is None else format_share(share)


def number(x: float | None, places: int = 2) -> str:
    return NO_FIGURE if x is None else f"{x:,.{places}f}"


def hours(h: float | None) -> str:
    return NO_FIGURE if h is None else format_hours(h)


def days(h: float | None) -> str:
    """An age, in days as every age of the table: '0.4d', '12.0d', '1,355.0d'."""
    return NO_FIGURE if h is None else format_in(h, "d")


def place(node: str | None) -> str:
    """A step id, an activity that maps to no step, or the beginning of a case."""
    if node is None:
        return "(case begins)"
    if node.startswith(UNMAPPED):
        return f"'{node[len(UNMAPPED):]}' (no step)"
    return node or "(no step)"


# -- the parts ----------------------------------------------------------------------------------


def _facts(c: Calibration) -> Iterator[str]:
    c_from = f"{c.process.file} against {c.log}"
    yield c_from
    yield (f"{c.cases:,} cases, {c.events:,} events up to {c.as_of:%Y-%m-%d %H:%M}: {c.closed:,} closed, "
           f"{c.open:,} open at the end of the log")
    mapped = len(c.mapping.steps)
    steps = len(set(c.mapping.steps.values()))
    yield f"{mapped} activities map to {steps} steps" + (
        f"; not in the log, taken as unrecorded: {', '.join(c.unrecorded)}" if c.unrecorded else "")
    yield (f"fit: {pct(c.fit)} of cases ({c.fitting:,} of {c.cases:,}) begin at the start step and take "
           "only declared branches")


def _compare(label: str, pair: Pair, show: str = "number") -> tuple[str, str, str]:
    if show == "hours":
        return label, hours(pair.declared), hours(pair.observed)
    if show == "pct":
        return label, pct(pair.declared), pct(pair.observed)
    return label, number(pair.declared), number(pair.observed)


def _per_case(c: Calibration) -> Table:
    declared, observed = c.lead_time
    rows = [
        _compare("lead time, mean", Pair(declared.mean_h, observed.mean_h), "hours"),
        _compare("lead time p50", Pair(declared.p50_h, observed.p50_h), "hours"),
        _compare("lead time p85", Pair(declared.p85_h, observed.p85_h), "hours"),
        _compare("lead time p95", Pair(declared.p95_h, observed.p95_h), "hours"),
    ]
    if c.process.sla_h is not None:
        rows.append(_compare(f"over the sla ({format_hours(c.process.sla_h)})",
                             Pair(declared.over_sla, observed.over_sla), "pct"))
    rows += [
        _compare("handoffs", c.handoffs),
        _compare("ping-pong: returns to a team", c.ping_pong),
        _compare("refusals", c.refusals),
        _compare("repeat contacts", c.repeat_contacts),
        ("demand per day", NOT_DECLARED if c.demand_per_day.declared is None else number(c.demand_per_day.declared),
         number(c.demand_per_day.observed)),
        ("ping-pong cases (X, Y, X)", NO_FIGURE, pct(c.pingpong_cases)),
        ("cases returning to a team", NO_FIGURE, pct(c.return_cases)),
    ]
    return Table("per-case", "Per case", "Declared: exact (lead-time percentiles simulated); observed: the "
                 f"{c.closed:,} closed cases. Handoffs and returns use the declared team of each step.",
                 ("figure", "declared", "observed"), tuple(rows), (False, True, True))


def _steps(c: Calibration) -> Table:
    """Visits and waits always; work only when declared or measured; refusals only when declared."""
    work = any(s.work_h.declared or s.work_h.observed is not None for s in c.steps)
    refusals = any(s.refusal is not None for s in c.steps)
    headers = ["step", "visits declared", "observed", "wait declared", "observed"]
    headers += ["work declared", "observed"] if work else []
    headers += ["refusals declared", "observed"] if refusals else []
    rows = []
    for s in c.steps:
        row = [s.step if s.recorded else f"{s.step} (not in the log)", number(s.visits.declared, 3),
               number(s.visits.observed, 3), hours(s.wait_h.declared), hours(s.wait_h.observed)]
        row += [hours(s.work_h.declared), hours(s.work_h.observed)] if work else []
        refusal = s.refusal or Pair(None, None)
        row += [pct(refusal.declared), pct(refusal.observed)] if refusals else []
        rows.append(tuple(row))
    note = "Visits per closed case; mean wait" + (" and work" if work else "")
    note += (" (work only where the log has start events)" if work else "") + (
        "; refusals: the share of departures sent back" if refusals else "") + "."
    return Table("steps", "Steps", note, tuple(headers), tuple(rows), (False,) + (True,) * (len(headers) - 1))


def _branches(c: Calibration) -> Table:
    rows = tuple((b.source, b.target + (" (refusal)" if b.refusal else ""), f"{b.declared_p:.4f}",
                  NO_FIGURE if b.observed_p is None else f"{b.observed_p:.4f}", f"{b.count:,.0f}")
                 for b in c.branches)
    return Table("branches", "Branches", "Observed p: the share of the step's departures seen (transitions "
                 "out of it, and closed cases that ended there), undeclared ones included.",
                 ("from", "to", "declared p", "observed p", "taken"), rows, (False, False, True, True, True))


def _open_work(c: Calibration) -> Table:
    rows = tuple((place(w.step), f"{w.open:,}", days(w.median_age_h), days(w.p90_age_h), days(w.oldest_h),
                  *(f"{n:,}" for n in w.bands), _declared_backlog(w.declared)) for w in c.open_work)
    return Table("open-cases", f"Open at the end of the log ({c.as_of:%Y-%m-%d})",
                 "Cases not closed, by the step they last passed; age from their first event; the declared "
                 "backlog snapshot beside them.",
                 ("step", "open", "median age", "p90 age", "oldest", *BAND_NAMES, "declared backlog"), rows,
                 (False,) + (True,) * (4 + len(BAND_NAMES)) + (False,), "No case is open.")


def _declared_backlog(b: Backlog | None) -> str:
    if b is None:
        return NOT_DECLARED
    parts = [f"{b.open:,} open"]
    if b.oldest_h is not None:
        parts.append(f"oldest {days(b.oldest_h)}")
    if b.as_of is not None:
        parts.append(f"as of {b.as_of}")
    return ", ".join(parts)


def _undeclared(c: Calibration) -> Table:
    rows = tuple((place(t.source), place(t.target), f"{t.count:,}", f"{t.cases:,}", ", ".join(t.examples))
                 for t in c.undeclared)
    return Table("undeclared", "Transitions seen but not declared",
                 "Each keeps the cases that take it from fitting the process.",
                 ("from", "to", "times", "cases", "for example"), rows, (False, False, True, True, False),
                 "none: every transition seen is a declared branch.")


def _notes(c: Calibration) -> Iterator[str]:
    yield "Steps declared but never seen: " + (", ".join(c.never_seen) or "none") + "."
    if c.mapping.unmapped:
        yield "Activities that map to no step: " + ", ".join(c.mapping.unmapped) + "."
    if c.mapping.ignored:
        yield "Activities left out by the mapping: " + ", ".join(c.mapping.ignored) + "."
    p = c.performers
    if p.pairs and c.cases:
        who = "groups" if p.by == "group" else "resources"
        indirect = sum(e.indirect for e in p.edges if e.source != e.target)
        yield (f"In the log, between {who}: {p.handoffs / c.cases:.2f} handoffs per case (direct), "
               f"{indirect / c.cases:.2f} with one step between (indirect); ping-pong cases (X, Y, X) "
               f"{pct(p.pingpong_cases / c.cases)}, cases returning to a {p.by} {pct(p.return_cases / c.cases)}.")


# -- text ---------------------------------------------------------------------------------------


#: rows of a table shown in text at most (JSON has them all)
TEXT_ROWS = 30


def text(c: Calibration) -> str:
    """The calibration as aligned plain text."""
    v = view(c)
    lines = [v.title, *(f"  {fact}" for fact in v.facts)]
    for table in v.tables:
        lines += ["", f"{table.title}" + ("" if table.rows else f": {table.empty}")]
        if table.rows:
            lines += textwrap.wrap(table.note, 100, initial_indent="  ", subsequent_indent="  ")
            lines += _aligned(table)
    lines.append("")
    lines += [line for note in v.notes for line in textwrap.wrap(note, 100, subsequent_indent="  ")]
    return "\n".join(lines) + "\n"


def _aligned(table: Table) -> list[str]:
    shown = table.rows[:TEXT_ROWS]
    cells = [table.headers, *shown]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.headers))]
    lines = ["  " + "  ".join(cell.rjust(w) if right else cell.ljust(w)
                              for cell, w, right in zip(row, widths, table.numeric)).rstrip()
             for row in cells]
    if len(table.rows) > len(shown):
        lines.append(f"  ... and {len(table.rows) - len(shown):,} more (--format json lists them all)")
    return lines


# -- HTML ---------------------------------------------------------------------------------------


def calibration_section_html(calibration: Calibration) -> str:
    """The calibration as a ``<section>`` of the HTML report (autoescaped, the report's classes)."""
    from processwalk.render.jinja import get_env

    return get_env().get_template("calibration.html.j2").render(view=view(calibration))


def page_html(calibration: Calibration) -> str:
    """A self-contained page holding only the calibration section, styled as the report."""
    from processwalk import __version__
    from processwalk.render.jinja import get_env

    env = get_env()
    return env.get_template("calibration-page.html.j2").render(
        page_title=f"Calibration of {calibration.process.id}",
        css=Markup(env.get_template("report.css").render()),  # static: no user text
        generator=f"processwalk {__version__}",
        title=view(calibration).title,
        section=Markup(calibration_section_html(calibration)),  # rendered autoescaped above
    )
