"""Inline SVG charts written by hand: horizontal bars and a histogram.

No script and no external file: each chart is one ``<svg>`` element with a
``viewBox``, so it scales with the page, prints, and reads from ``file://``.
Every label is XML-escaped here; the result is markup for the page as is.
Numbers are rounded to two decimals so that output is byte-stable.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 960
BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 340
VALUE_WIDTH = 130
INK, MUTED, GRID = "#1f2933", "#616e7c", "#d9dee4"
TONES = {"bad": "#c53030", "warn": "#dd6b20", "ok": "#2f6f9f", "muted": "#9aa5b1"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: the value as shown at the end of the bar
    text: str
    tone: str = "ok"
    note: str = ""


@dataclass(frozen=True)
class Marker:
    """A vertical line at ``value`` with a short label (a percentile, a promise, 100 %)."""

    value: float
    label: str
    tone: str = "muted"


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def bars(rows: Sequence[Bar], *, title: str, markers: Sequence[Marker] = (), maximum: float | None = None) -> str:
    """A horizontal bar chart; ``markers`` draw reference lines across every bar."""
    top = max([maximum or 0.0, *(r.value for r in rows), *(m.value for m in markers)]) or 1.0
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = 28 + len(rows) * (BAR_HEIGHT + GAP)
    out = [(f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_esc(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_esc(title)}</title>')]
    for i, row in enumerate(rows):
        y = 8 + i * (BAR_HEIGHT + GAP)
        width = max(0.0, row.value) / top * plot
        label = row.label if len(row.label) <= 44 else row.label[:42] + "\u2026"
        out.append(f'<text x="{LABEL_WIDTH - 10}" y="{_n(y + BAR_HEIGHT * 0.68)}" text-anchor="end" '
                   f'font-size="13" fill="{INK}">{_esc(label)}<title>{_esc(row.label)}</title></text>')
        out.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{_n(plot)}" height="{BAR_HEIGHT}" fill="#f1f3f5" rx="3"/>')
        out.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{_n(width)}" height="{BAR_HEIGHT}" '
                   f'fill="{TONES.get(row.tone, TONES["ok"])}" rx="3"><title>{_esc(row.note or row.text)}</title></rect>')
        out.append(f'<text x="{LABEL_WIDTH + plot + 8}" y="{_n(y + BAR_HEIGHT * 0.68)}" font-size="13" '
                   f'font-weight="600" fill="{INK}">{_esc(row.text)}</text>')
    bottom = 8 + len(rows) * (BAR_HEIGHT + GAP) - GAP
    for marker in markers:
        x = LABEL_WIDTH + marker.value / top * plot
        color = TONES.get(marker.tone, MUTED)
        out.append(f'<line x1="{_n(x)}" y1="2" x2="{_n(x)}" y2="{bottom + 4}" stroke="{color}" '
                   f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{_n(x)}" y="{bottom + 17}" text-anchor="middle" font-size="11" '
                   f'fill="{color}">{_esc(marker.label)}</text>')
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int


def histogram(bins: Sequence[Bin], *, title: str, markers: Sequence[Marker] = (),
              axis: Sequence[tuple[float, str]] = (), overflow: str = "") -> str:
    """Columns for ``bins``, dashed lines for ``markers``, ticks at ``axis`` ``(value, label)``;
    ``overflow`` labels the last column, which also counts every case beyond it."""
    height, left, right, top_pad, bottom_pad = 260, 16, 16, 34, 34
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom_pad
    low = bins[0].low if bins else 0.0
    high = bins[-1].high if bins else 1.0
    span = (high - low) or 1.0
    tallest = max((b.count for b in bins), default=1) or 1
    out = [(f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_esc(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_esc(title)}</title>'),
           (f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{WIDTH - right}" y2="{top_pad + plot_h}" '
            f'stroke="{GRID}"/>')]
    for b in bins:
        x = left + (b.low - low) / span * plot_w
        w = max(0.5, (b.high - b.low) / span * plot_w - 1)
        h = b.count / tallest * plot_h
        out.append(f'<rect x="{_n(x)}" y="{_n(top_pad + plot_h - h)}" width="{_n(w)}" height="{_n(h)}" '
                   f'fill="{TONES["ok"]}" opacity="0.85"/>')
    if overflow and bins:
        last = bins[-1]
        x = left + (last.high - low) / span * plot_w
        y = top_pad + plot_h - last.count / tallest * plot_h - 4
        out.append(f'<text x="{_n(x)}" y="{_n(max(y, top_pad + 10))}" text-anchor="end" font-size="11" '
                   f'fill="{INK}">{_esc(overflow)}</text>')
    for value, text in axis:
        x = left + (value - low) / span * plot_w
        out.append(f'<text x="{_n(x)}" y="{height - 14}" text-anchor="middle" font-size="11" '
                   f'fill="{MUTED}">{_esc(text)}</text>')
    for i, marker in enumerate(sorted(markers, key=lambda m: m.value)):
        x = left + min(max(marker.value - low, 0.0), span) / span * plot_w
        color = TONES.get(marker.tone, MUTED)
        anchor = "end" if x > WIDTH * 0.8 else "start"
        dx = -4 if anchor == "end" else 4
        out.append(f'<line x1="{_n(x)}" y1="{top_pad - 6}" x2="{_n(x)}" y2="{top_pad + plot_h}" stroke="{color}" '
                   f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{_n(x + dx)}" y="{12 + 11 * (i % 2)}" text-anchor="{anchor}" font-size="11" '
                   f'font-weight="600" fill="{color}">{_esc(marker.label)}</text>')
    out.append("</svg>")
    return "".join(out)


def spread(*, p50: float, p85: float, p95: float, title: str, markers: Sequence[Marker] = (),
           fmt: dict[float, str] | None = None) -> str:
    """The lead-time spread without a sample: a band from p50 to p95, with p85 and the markers."""
    top = max([p95, *(m.value for m in markers)]) * 1.1 or 1.0
    height, left, plot = 120, 16, WIDTH - 32
    x = {name: left + value / top * plot for name, value in (("p50", p50), ("p85", p85), ("p95", p95))}
    out = [(f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_esc(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_esc(title)}</title>'),
           f'<line x1="{left}" y1="60" x2="{left + plot}" y2="60" stroke="{GRID}" stroke-width="2"/>',
           f'<rect x="{_n(left)}" y="48" width="{_n(x["p50"] - left)}" height="24" fill="{TONES["ok"]}" opacity="0.35"/>',
           (f'<rect x="{_n(x["p50"])}" y="48" width="{_n(x["p95"] - x["p50"])}" height="24" '
            f'fill="{TONES["ok"]}" opacity="0.7"/>')]
    labels = fmt or {}
    for name, value in (("p50", p50), ("p85", p85), ("p95", p95)):
        out.append(f'<line x1="{_n(x[name])}" y1="44" x2="{_n(x[name])}" y2="76" stroke="{INK}" stroke-width="2"/>')
        out.append(f'<text x="{_n(x[name])}" y="94" text-anchor="middle" font-size="12" fill="{INK}">'
                   f'{name} {_esc(labels.get(value, ""))}</text>')
    for marker in markers:
        mx = left + marker.value / top * plot
        color = TONES.get(marker.tone, MUTED)
        out.append(f'<line x1="{_n(mx)}" y1="30" x2="{_n(mx)}" y2="80" stroke="{color}" stroke-width="1.5" '
                   f'stroke-dasharray="4 3"/>')
        out.append(f'<text x="{_n(mx)}" y="24" text-anchor="middle" font-size="11" font-weight="600" '
                   f'fill="{color}">{_esc(marker.label)}</text>')
    out.append("</svg>")
    return "".join(out)
