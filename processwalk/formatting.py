"""Numbers and units for people: durations, shares, counts, yearly totals and money, and the
words for a figure that is missing.  Every page and message formats its figures here, so that one
idea reads one way everywhere (parsing what the files say is :mod:`processwalk.units`).

A missing figure reads :data:`NOT_DECLARED` when the files do not declare it or what it is
computed from (no demand, no staff, no owner), :data:`NO_FIGURE` when the figure does not exist
(a share of no contacts, a team the scenario does not meet), and :data:`UNBOUNDED` when it does not
exist because it grows without bound (a wait behind a team loaded to 100% or more); never as zero.
A share always reads as :func:`format_share` writes it.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

#: a value the files do not declare, or a figure computed from one
NOT_DECLARED = "not declared"
#: a figure that does not exist: a share of nothing (failure demand without contacts), a team a
#: scenario does not meet, a figure of a team that was removed, a staff out of reach
NO_FIGURE = "n/a"
#: a figure that does not exist because it grows without bound (a team loaded to 100% or more)
UNBOUNDED = "unbounded"


def format_share(share: float) -> str:
    """A share for people: '98%', with one decimal below 1% so that small is not shown as '0%'."""
    return f"{share:.1%}" if 0 < abs(share) < 0.01 else f"{share:.0%}"


def format_hours(hours: float) -> str:
    """A duration alone, for people: '45s', '12m', '3.5h', '2.1d', '44.9d'."""
    if hours == 0:
        return "0"
    if hours < 0:
        return f"-{format_hours(-hours)}"
    if hours < SECOND:
        return UNDER_A_SECOND
    if hours < 1 / 60:
        return f"{hours * 3600:.0f}s"
    if hours < 1:
        return f"{hours * 60:.0f}m"
    if hours < 24:
        return f"{hours:.1f}h"
    # days from a day on, never weeks: "44.9d" reads beside a "45.0d" lead time, "6.4w" does not
    return f"{hours / 24:,.1f}d"


#: a second, in hours: the finest time a log or a process file holds; a duration under it (a queue's
#: predicted wait at a low load can be 1e-46 days) reads :data:`UNDER_A_SECOND` in every unit, not
#: as a string of zeros, and never as 0, which only nothing reads
SECOND = 1 / 3600
UNDER_A_SECOND = "<1s"

#: the units a duration is shown in, hours each
DISPLAY_UNITS = {"m": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}


def unit_for(hours: float) -> str:
    """The unit a duration of this size reads best in: minutes under an hour, hours under a day,
    else days (weeks only when configured: "44.4d" reads better than "6.3w" next to a "10.0d" promise)."""
    size = abs(hours)
    if size < 1:
        return "m"
    return "h" if size < 24 else "d"


def format_in(hours: float, unit: str) -> str:
    """A duration in one given unit: ``format_in(1080, 'd')`` -> '45.0d'; minutes are whole,
    a figure too small for the unit keeps two significant digits ('0.0021d'), and one under a
    second reads '<1s'."""
    if hours == 0:
        return "0"
    if hours < 0:
        return f"-{format_in(-hours, unit)}"
    if hours < SECOND:
        return UNDER_A_SECOND
    value = hours / DISPLAY_UNITS[unit]
    if unit == "m":
        return f"{value:,.0f}m" if value >= 0.5 else f"{hours * 3600:.0f}s"
    if value >= 0.05:
        return f"{value:,.1f}{unit}"
    # two significant digits, never an exponent: '0.0021d', '0.00013d'
    return f"{value:.2g}{unit}" if value >= 1e-4 else f"{value:.{1 - math.floor(math.log10(value))}f}{unit}"


def format_together(*hours: float, unit: str | None = None) -> tuple[str, ...]:
    """Durations compared in one sentence, all in one unit: ``unit``, else the one that suits the
    largest (``format_together(48, 1080)`` -> ('2.0d', '45.0d'))."""
    chosen = unit or unit_for(max((abs(h) for h in hours), default=0.0))
    return tuple(format_in(h, chosen) for h in hours)


def format_against(hours: float, promise_h: float, unit: str | None = None) -> tuple[str, str]:
    """A duration and the promise it is held against, both in the promise's unit (or ``unit``), with
    one more decimal until they read apart: ``format_against(177.6, 168)`` -> ('7.4d', '7.0d'),
    ``format_against(168.7, 168)`` -> ('7.03d', '7.00d'); never '720.7h' beside '7.0d'."""
    chosen = unit or unit_for(promise_h)
    scale = DISPLAY_UNITS[chosen]
    shown = ("", "")
    for decimals in (0, 1, 2) if chosen == "m" else (1, 2, 3):
        shown = (f"{hours / scale:,.{decimals}f}{chosen}", f"{promise_h / scale:,.{decimals}f}{chosen}")
        if shown[0] != shown[1]:
            break
    return shown


def whole(value: float) -> str:
    """A count or a yearly figure to the unit: '1,872,608'; '0', never '-0'."""
    shown = f"{value:,.0f}"
    return "0" if shown == "-0" else shown


def signed_whole(value: float) -> str:
    """A change to the unit with its sign: '+7,305', '-12', '0'."""
    shown = whole(abs(value))
    return "0" if shown == "0" else ("+" if value > 0 else "-") + shown


def added(value: float, shown: str, verbs: tuple[str, str] = ("adds", "saves")) -> str:
    """A friction figure in words: ``'adds 2.4h'``, or ``'saves 2.4h'`` for a policy whose removal
    lengthens the walk (without it, cases take 2.4h longer); ``shown`` is ``abs(value)`` formatted.
    Never a bare minus sign."""
    return f"{verbs[value < 0]} {shown}"


# -- figures that may be missing ----------------------------------------------------------------


def hours(value: float | None) -> str:
    """``format_hours``, "not declared" for a figure that cannot be computed and "unbounded" for one
    that grows without bound."""
    if value == math.inf:
        return UNBOUNDED
    if value is None or not math.isfinite(value):
        return NOT_DECLARED
    return format_hours(value)


def pct(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return NOT_DECLARED
    return format_share(value)


def share(value: float | None) -> str:
    """A share that may not exist (flow efficiency of no lead time, failure demand of no contacts): "n/a"."""
    return NO_FIGURE if value is None else format_share(value)


def per_case(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return NOT_DECLARED
    if round(value, 2) == 0:
        return "0.00"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:,.1f}"


def money(value: float | None, currency: str | None) -> str:
    """A cost a year as :func:`added_by` shows it, with the configured ``currency`` beside it."""
    shown = added_by(value, big)
    return f"{shown} {currency}" if currency and value is not None and math.isfinite(value) else shown


def added_by(value: float | None, fmt: Callable[[float | None], str]) -> str:
    """A figure a policy adds, formatted by ``fmt``; one it takes away reads "saves 2.4h" (without
    the policy, cases would take 2.4h longer), never a bare minus sign."""
    if value is None or not math.isfinite(value) or value >= 0:
        return fmt(value)
    shown = fmt(-value)
    return fmt(0.0) if shown == fmt(0.0) else added(value, shown)


def big(value: float | None) -> str:
    """Yearly totals: ``1.87 M``, ``12,345``, ``0.4``."""
    if value is None or not math.isfinite(value):
        return NOT_DECLARED
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.2f} M"
    if abs(value) >= 10:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def days(value_d: float | None) -> str:
    return hours(value_d * 24 if value_d is not None else None)


# -- one unit per figure kind on a page -----------------------------------------------------------

#: the kinds of duration a page shows, each in one unit (docs/figures.md, "How figures are shown")
LEAD = "lead time"
WAIT = "wait"
WORK = "work"
AGE = "age"


@dataclass(frozen=True)
class PageUnits:
    """The unit of each kind of duration on one page: the configured ``display: {unit: ...}`` for
    every kind, else the unit that suits the largest figure of the kind on the page
    (:func:`unit_for`), so that "45.0d" never stands beside "6.4w" or "720.7h" in one column.

    A kind the page did not announce takes the unit that suits each figure alone."""

    units: Mapping[str, str] = field(default_factory=dict)
    configured: str | None = None

    @classmethod
    def of(cls, figures: Mapping[str, Iterable[float | None]], configured: str | None = None) -> PageUnits:
        """``figures``: for each kind, every duration of that kind the page shows (hours; None and
        unbounded ones are left out of the choice)."""
        chosen = {}
        for kind, values in figures.items():
            finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
            chosen[kind] = configured or unit_for(max(finite, default=0.0))
        return cls(chosen, configured)

    def unit(self, kind: str, hours: float = 0.0) -> str:
        return self.units.get(kind) or self.configured or unit_for(hours)

    def show(self, hours: float | None, kind: str) -> str:
        """``hours`` in the page's unit of ``kind``: '45.0d'; "not declared" for None, "unbounded" for
        a duration that grows without bound."""
        if hours == math.inf:
            return UNBOUNDED
        if hours is None or not math.isfinite(hours):
            return NOT_DECLARED
        return format_in(hours, self.unit(kind, hours))

    def signed(self, hours: float, kind: str) -> str:
        """A change of a duration in the page's unit of its kind, with its sign: '-1.0d', '+0.5h', '0'."""
        if not abs(hours) >= 1e-9:  # no change (or not a number)
            return "0"
        return ("-" if hours < 0 else "+") + format_in(abs(hours), self.unit(kind, abs(hours)))
