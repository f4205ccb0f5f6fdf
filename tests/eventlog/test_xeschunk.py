"""A chunk of plain XES traces to rows (processwalk/eventlog/xeschunk.py)."""
from __future__ import annotations

from collections.abc import Sequence

import pytest

from processwalk.eventlog import xeschunk
from processwalk.eventlog.xeschunk import MARKS, NotPlain

# (trace attribute?, key) of each value, as the reader asks: case, activity, resource, then the line
SPEC = [(True, "concept:name"), (False, "concept:name"), (False, "org:resource")]


def event(*attributes: tuple[str, str]) -> str:
    return "<event>\n" + "".join(f'\t<string key="{k}" value="{v}"/>\n' for k, v in attributes) + "</event>\n"


def trace(name: str, *events: str) -> str:
    return f'<trace>\n<string key="concept:name" value="{name}"/>\n' + "".join(events) + "</trace>\n"


def rows(text: str, spec: Sequence[tuple[bool, str | None]] = SPEC) -> list[list[object]]:
    """The rows by layout, checked against those read an event at a time."""
    shape = xeschunk.shape(spec, None)
    cut = xeschunk.by_layout(text, shape)
    one_by_one = [list(row) for row in xeschunk.one_by_one(text, shape)]
    if cut is not None:
        assert [list(row) for row in cut] == one_by_one
    return one_by_one


def test_events_of_three_layouts_keep_their_order() -> None:
    # layouts: (concept:name, org:resource); (org:resource, concept:name); (concept:name) alone
    text = trace("c1", event(("concept:name", "a"), ("org:resource", "ann")),
                 event(("org:resource", "bob"), ("concept:name", "b")),
                 event(("concept:name", "c"))) + trace("c2", event(("concept:name", "d")),
                                                       event(("concept:name", "e"), ("org:resource", "eve")))
    assert rows(text) == [["c1", "a", "ann", None], ["c1", "b", "bob", None], ["c1", "c", None, None],
                          ["c2", "d", None, None], ["c2", "e", "eve", None]]


def test_more_layouts_than_marks_are_read_an_event_at_a_time() -> None:
    # event i holds an attribute of its own key x<i>: one layout an event, 30 > 23 marks
    assert len(MARKS) == 23
    text = trace("c", *(event(("concept:name", f"a{i}"), (f"x{i}", "y")) for i in range(30)))
    assert xeschunk._by_layout(text, xeschunk.shape(SPEC, None)) is None
    assert rows(text) == [["c", f"a{i}", None, None] for i in range(30)]


def test_more_layouts_than_marks_after_a_common_one() -> None:
    # 1,000 events of one layout, then 24 of a layout each: the first pass leaves a short text
    # that 22 more passes search cheaply, and 24 + 1 layouts are still more than the 23 marks
    common = [event(("concept:name", "a")) for _ in range(1000)]
    text = trace("c", *common, *(event(("concept:name", "b"), (f"x{i}", "y")) for i in range(24)))
    assert xeschunk._by_layout(text, xeschunk.shape(SPEC, None)) is None
    assert rows(text) == [["c", "a", None, None]] * 1000 + [["c", "b", None, None]] * 24


def test_layouts_that_do_not_pay_are_read_an_event_at_a_time() -> None:
    # 8 layouts, round robin: each pass cuts an eighth of the events, so the passes search the
    # whole chunk, then 7/8 of it, 6/8, ...: past 3 times it at the fifth (1 + 7/8 + 6/8 + 5/8 > 3)
    text = trace("c", *(event(("concept:name", f"a{i}"), (f"x{i % 8}", "y")) for i in range(40)))
    assert xeschunk._by_layout(text, xeschunk.shape(SPEC, None)) is None
    assert rows(text) == [["c", f"a{i}", None, None] for i in range(40)]


@pytest.mark.parametrize("layouts", [1, 30])
def test_the_last_attribute_of_a_key_counts(layouts: int) -> None:
    """As in expat's path, where each attribute of a key overwrites the one before."""
    others = [event(("concept:name", "x"), (f"x{i}", "y")) for i in range(layouts - 1)]
    text = trace("c", event(("concept:name", "first"), ("org:resource", "r"), ("concept:name", "last")), *others)
    assert rows(text)[0] == ["c", "last", "r", None]


def skeleton(text: str) -> str:
    cut = xeschunk._by_layout(text, xeschunk.shape(SPEC, None))
    assert cut is not None
    return cut[0]


def test_traces_of_two_layouts() -> None:
    """Traces in the first one's layout are cut at once; a trace in another makes them all be
    read one by one (rows() checks both ways)."""
    first = trace("c1", event(("concept:name", "a")))
    second = trace("c2", event(("concept:name", "b"))).replace("<trace>\n", '<trace>\n<int key="n" value="2"/>\n')
    shape = xeschunk.shape(SPEC, None)
    assert xeschunk._traces_by_layout(skeleton(first + first), shape) == ([["c1", "c1"]], [1, 1], "\x00\x00")
    assert xeschunk._traces_by_layout(skeleton(first + second), shape) is None
    assert rows(first + second) == [["c1", "a", None, None], ["c2", "b", None, None]]


def test_trace_attributes_after_the_events_and_a_trace_without_events() -> None:
    text = ("<trace>\n" + event(("concept:name", "a")) + '<string key="concept:name" value="late"/>\n</trace>\n'
            + trace("empty") + trace("c", event(("concept:name", "b"))))
    assert rows(text) == [["late", "a", None, None], ["c", "b", None, None]]


@pytest.mark.parametrize("spec, expected", [
    ([(True, "concept:name"), (False, None)], [["c", None, None], ["c", None, None]]),  # no event key
    ([(False, "org:resource"), (False, None)], [["r", None, None], [None, None, None]]),  # no trace key
])
def test_rows_without_event_or_trace_keys(spec: list[tuple[bool, str | None]], expected: list[list[object]]) -> None:
    text = trace("c", event(("concept:name", "a"), ("org:resource", "r")), event(("concept:name", "b")))
    assert rows(text, spec) == expected


def test_no_events() -> None:
    assert rows(trace("c") + trace("d")) == []


@pytest.mark.parametrize("text", [
    trace("c", event(("concept:name", "a"))).replace("<trace>\n", "<trace>\x01\n"),  # a mark in a trace
    trace("c", event(("concept:name", "a"))).replace("<event>\n", "<event>\x01\n"),  # and in an event
    trace("c", event(("concept:name", "a"))).replace("</event>", ""),  # an event never closed
    trace("c", "<event><event></event></event>"),
    "<trace>" + trace("c", event(("concept:name", "a"))) + "</trace>",  # a trace in a trace
    "<trace>\n",  # a trace never closed
    trace("c", event(("concept:name", "a"))).replace("<trace>\n", "<trace>junk\n"),  # text in a trace
    # an event in an event after 30 layouts, when the chunk is read an event at a time
    trace("c", *(event((f"x{i}", "y")) for i in range(30)), "<event><event></event></event>"),
])
def test_not_plain(text: str) -> None:
    with pytest.raises(NotPlain):
        rows(text)
