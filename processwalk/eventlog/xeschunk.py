"""A chunk of whole plain XES traces to rows, mostly in C: the core of the fast scan (:mod:`.xesscan`).

Events of one *layout* (the same attribute elements, tag and key, in the same
order, as the writers of plain files put them) are cut all at once by one
regular expression made for that layout, whose groups keep the wanted values:
``re.split`` hands back, in C, each event's values and the text between the
events.  Each event cut is replaced by a mark (a character XML does not allow,
so in no file the scan reads), the next layout is taken from the first event
left, and so on for up to ``len(MARKS)`` layouts; what is left, the traces with
their attributes and marks, gives each trace's attributes and the order of its
events: all at once too when every trace's attributes come in the first one's
layout, before its events, else trace by trace.  A chunk of more layouts than that (or than pays) is read one event at a
time.  Either way the chunk is proven plain (see :mod:`.xesscan`), or
:class:`NotPlain` raised.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import add, itemgetter
from typing import cast

# Keys and values with entities, raw white space other than blanks (an XML parser would
# rewrite them) or characters XML does not allow are not plain: such files take the full parse.
_TEXT = r'[^"<&\x00-\x1f\ufffe\uffff]*'
_SPACE = r"[ \t\r\n]*"
ATTRIBUTE = re.compile(rf'<(string|date|int|float|boolean|id) key="({_TEXT})" value="({_TEXT})"{_SPACE}/>')
WHITE = " \t\r\n"  # XML's white space: the only text XES allows between elements
#: the marks of the events cut by layout: characters XML does not allow, and that ``str.split``
#: does not take for white space (it does \x1c to \x1f)
MARKS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C)]))
PASSES = 3  # the text searched at most this many times over, in all, for its layouts
_BLANK = ("blank",)  # the key of a trace's missing value: no attribute has a tuple for key

Row = tuple[object, ...]
Key = str | tuple[str]  # an attribute's key, or _BLANK


class NotPlain(Exception):
    """The file is not in the plain form; read it with the full parser."""


@dataclass(frozen=True)
class Shape:
    """The values a row takes: the ``trace`` attributes, then ``missing`` (for any value not
    there), then the ``event`` attributes; ``picks`` takes from them a row's values in the
    order of the scan's spec, then ``missing`` for its line."""

    trace: tuple[str, ...]
    event: tuple[str, ...]
    missing: str | None
    picks: tuple[int, ...]

    def rows(self, columns: list[Sequence[object]]) -> Iterator[Row]:
        """The rows of ``columns`` (this shape's values, a column each)."""
        return zip(*map(columns.__getitem__, self.picks))


def shape(spec: Sequence[tuple[bool, str | None]], missing: str | None) -> Shape:
    """The shape of the rows of ``spec``: (trace attribute?, key) for each value."""
    trace = tuple(dict.fromkeys(key for on_trace, key in spec if on_trace and key is not None))
    event = tuple(dict.fromkeys(key for on_trace, key in spec if not on_trace and key is not None))
    blank = len(trace)
    picks = [blank if key is None else trace.index(key) if on_trace else blank + 1 + event.index(key)
             for on_trace, key in spec]
    return Shape(trace, event, missing, (*picks, blank))


def by_layout(text: str, shape: Shape) -> Iterable[Row] | None:
    """The rows of the events of ``text`` (whole traces, with white space between them), cut
    layout by layout; ``None`` when its events hold too many layouts for that to pay (read them
    :func:`one_by_one`).  The rows are made as they are read: a row's tuple may be the next
    row's, so keep its values, not it."""
    cut = _by_layout(text, shape)
    if cut is None:
        return None
    skeleton, layouts = cut
    traces, counts, order = _traces_by_layout(skeleton, shape) or _traces(skeleton, shape)
    if len(order) != sum(count for count, _ in layouts):  # a mark the file held, not one for an event
        raise NotPlain("a character XML does not allow")
    if not order:
        return []
    trace_columns = [list(chain.from_iterable(map(repeat, values, counts))) for values in traces]
    return shape.rows([*trace_columns, [shape.missing] * len(order), *_in_order(layouts, order)])


Layout = tuple[int, list[Sequence[str | None]]]  # the events of one layout: how many, and their values by key


def _by_layout(text: str, shape: Shape) -> tuple[str, list[Layout]] | None:
    """``text`` with each event replaced by the mark of its layout, and each layout's events;
    ``None`` when the events hold more layouts than there are marks, or so many that the
    passes would search more than :data:`PASSES` times the text (each searches what is left)."""
    skeleton, layouts, budget = text, list[Layout](), PASSES * len(text)
    for mark in MARKS:
        start = skeleton.find("<event>")
        if start < 0:
            return skeleton, layouts
        budget -= len(skeleton)
        if budget < 0:
            return None
        pattern, picks = _pattern("event", _layout(skeleton, start + len("<event>")), shape.event)
        parts: list[str | None] = pattern.split(skeleton)
        width = pattern.groups + 1
        skeleton = mark.join(cast(list[str], parts[::width]))
        count = (len(parts) - 1) // width  # parts: the text before each event, its values, ..., the text after
        layouts.append((count, [parts[pick::width] if pick else [shape.missing] * count for pick in picks]))
    return None if "<event>" in skeleton else (skeleton, layouts)


def _in_order(layouts: list[Layout], order: str) -> list[Sequence[str | None]]:
    """The events' values by key, in the ``order`` of their marks in the file."""
    if len(layouts) == 1:
        return layouts[0][1]
    taken = {mark: zip(*columns) if columns else repeat((), count) for mark, (count, columns) in zip(MARKS, layouts)}
    return list(zip(*map(next, map(taken.__getitem__, order))))


def _layout(skeleton: str, at: int) -> tuple[tuple[str, str], ...]:
    """The (tag, key) of each attribute of the event whose content starts at ``at``."""
    end = skeleton.find("</event>", at)
    if end < 0:
        raise NotPlain("an <event> without its </event>")
    parts = ATTRIBUTE.split(skeleton[at:end])
    _blank("".join(parts[::4]))
    return tuple(zip(parts[1::4], parts[2::4]))


@lru_cache(maxsize=256)
def _pattern(tag: str, layout: tuple[tuple[str, str], ...], wanted: tuple[str, ...]
             ) -> tuple[re.Pattern[str], tuple[int, ...]]:
    """The expression of a whole event (or a whole trace, its events marked) of ``layout``, and
    which of its groups holds each ``wanted`` key's value (0: none; a trace's last group holds
    its marks).  As in a dict, the last attribute of a key counts."""
    last = {key: i for i, (_, key) in enumerate(layout)}
    group = {i: n for n, i in enumerate(sorted(last[key] for key in wanted if key in last), 1)}
    elements = [f'<{kind} key="{re.escape(key)}" value="{f"({_TEXT})" if i in group else _TEXT}"{_SPACE}/>'
                for i, (kind, key) in enumerate(layout)]
    run = _RUN if tag == "trace" else ""
    pattern = re.compile(f"<{tag}>" + _SPACE + _SPACE.join(elements) + _SPACE + run + f"</{tag}>")
    return pattern, tuple(group[last[key]] if key in last else 0 for key in wanted)


_RUN = r"((?:[\x00-\x08\x0e-\x1b][ \t\r\n]*)*)"  # the marks of a trace's events, and white space
_HEAD = re.compile(r"[\x00-\x08\x0e-\x1b]|</trace>")  # the end of a trace's attributes before its events


def _traces_by_layout(skeleton: str, shape: Shape) -> Traces | None:
    """What :func:`_traces` returns, when every trace holds its attributes in the layout of the
    first one's, all before its events: cut all at once, as events are; else ``None``."""
    start = skeleton.find("<trace>") + len("<trace>")
    head = _HEAD.search(skeleton, start)
    if head is None:  # no trace closed: left to _traces to refuse
        return None
    parts = ATTRIBUTE.split(skeleton[start:head.start()])
    if "".join(parts[::4]).strip(WHITE):
        return None
    pattern, picks = _pattern("trace", tuple(zip(parts[1::4], parts[2::4])), shape.trace)
    parts = pattern.split(skeleton)
    width = pattern.groups + 1
    if "".join(parts[::width]).strip(WHITE):
        return None  # a trace of another form
    marks = list(map("".join, map(str.split, parts[width - 1::width])))
    columns: list[Sequence[str | None]] = [parts[pick::width] if pick else [shape.missing] * len(marks)
                                          for pick in picks]
    return columns, list(map(len, marks)), "".join(marks)


Traces = tuple[list[Sequence[str | None]], list[int], str]


def _traces(skeleton: str, shape: Shape) -> Traces:
    """The values of the shape's trace keys, trace by trace, each trace's number of events, and
    the marks of all events in order."""
    blank, values = _blank_of(shape.trace, shape.missing), _picker(shape.trace)
    traces, counts, order = [], [], []
    for body in _bodies(skeleton):
        parts = ATTRIBUTE.split(body)
        rest = "".join(parts[::4])
        if rest.strip(WHITE + MARKS):
            raise NotPlain("markup other than plain traces, events and attributes, or text between elements")
        marks = "".join(rest.split())
        trace = blank.copy()
        trace.update(zip(parts[2::4], parts[3::4]))
        traces.append(values(trace))
        counts.append(len(marks))
        order.append(marks)
    return list(zip(*traces)), counts, "".join(order)


def one_by_one(text: str, shape: Shape) -> list[Row]:
    """The rows of ``text``, read an event at a time."""
    trace_blank = _blank_of((*shape.trace, _BLANK), shape.missing)
    event_blank = _blank_of(shape.event, shape.missing)
    trace_values, event_values = _picker((*shape.trace, _BLANK)), _picker(shape.event)
    order, rows = itemgetter(*shape.picks), list[Row]()
    for body in _bodies(text):
        sections = body.split("<event>")
        outside, events = [sections[0]], []
        for section in sections[1:]:
            inside, closed, rest = section.partition("</event>")
            if not closed:
                raise NotPlain("an <event> inside an event")
            event = event_blank.copy()
            event.update(_attributes(inside))
            events.append(event_values(event))
            outside.append(rest)
        trace = trace_blank.copy()  # trace attributes, before or after events
        trace.update(_attributes("".join(outside)))
        rows.extend(map(order, map(add, repeat(trace_values(trace)), events)))
    return rows


def _bodies(text: str) -> Iterator[str]:
    """What each trace of ``text`` holds, with nothing but white space between the traces."""
    pieces = text.split("<trace>")
    _blank(pieces[0])
    for piece in pieces[1:]:
        body, closed, after = piece.partition("</trace>")
        if not closed:
            raise NotPlain("a <trace> inside a trace")
        _blank(after)
        yield body


def _attributes(text: str) -> list[tuple[str, str]]:
    """The (key, value) pairs of the attribute elements that ``text`` holds, with nothing else
    between them but white space."""
    parts = ATTRIBUTE.split(text)
    _blank("".join(parts[::4]))
    return list(zip(parts[2::4], parts[3::4]))


def _blank_of(keys: tuple[Key, ...], missing: str | None) -> dict[Key, str | None]:
    return dict.fromkeys(keys, missing)


def _picker(keys: tuple[Key, ...]) -> Callable[[dict[Key, str | None]], Row]:
    """The values of ``keys`` in a dict, as a tuple however many keys there are."""
    if len(keys) == 1:
        return lambda values: (values[keys[0]],)
    return itemgetter(*keys) if keys else lambda values: ()


def _blank(text: str) -> None:
    if text.strip(WHITE):
        raise NotPlain("markup other than plain traces, events and attributes, or text between elements")
