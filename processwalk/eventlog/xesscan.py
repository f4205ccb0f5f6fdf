"""A fast scan of XES files in the plain form that ProM, OpenXES and pm4py write.

A general XML parser calls back into Python for every element, which makes
the parse, not the analysis, the slow part of reading a log.  Most XES files
are plain: ``<trace>`` and ``<event>`` elements holding self-closing
attributes such as ``<string key="concept:name" value="Check"/>``.  Such a
file is cut with C-speed string operations, a chunk of whole traces at a time.

The scan proves the file plain as it goes: every ``<`` of a chunk must open a
``<trace>``, ``</trace>``, ``<event>``, ``</event>`` or one attribute element
of that form.  Anything else (comments, CDATA, nested or list attributes,
namespace prefixes, entities, other encodings, malformed tags) raises :class:`NotPlain`
and the reader starts over with the full expat parse, which also points at
the line of any error.  Both give the same rows in the same order.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import IO, cast

# Values with entities or raw white space other than blanks are not plain: an
# XML parser would rewrite them, so such files take the full parse.
ATTRIBUTE = re.compile(r'<(?:string|date|int|float|boolean|id) key="([^"<&]*)" value="([^"<&\t\n\r]*)"\s*/>')
ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
CHUNK = 1 << 24
HEADER_LIMIT = 1 << 24  # a log's header (extensions, globals, classifiers) is far smaller

Rows = Callable[[list[tuple[object, ...]]], object]
_LINE = ("line",)  # the row's last value: no line (lines are found by expat when needed)


class NotPlain(Exception):
    """The file is not in the plain form; read it with the full parser."""


def scan(stream: IO[bytes], spec: Sequence[tuple[bool, str | None]], write: Rows, missing: str | None = None,
         *, first: bool = True, last: bool = True) -> None:
    """Write the rows of the events, a chunk of traces at a time: the values
    picked by ``spec`` (trace attribute?, key), then ``missing`` for the line;
    ``missing`` also stands for an attribute an event does not have.  A part of
    a file (see :mod:`.xeshalves`) that is not its ``first`` starts after a
    ``</trace>``, without the header; one that is not its ``last`` ends with a
    ``</trace>``, without the closing ``</log>``."""
    data = _header(stream) if first else b""
    while True:
        more = stream.read(CHUNK)
        data += more
        cut = data.rfind(b"</trace>") + len(b"</trace>")
        if cut >= len(b"</trace>"):
            _block(data[:cut], spec, write, missing)
            data = data[cut:]
        if not more:
            break
    if data.strip() != (b"</log>" if last else b""):
        raise NotPlain("unexpected content after the last trace")


def tabbed(out: IO[str], rows: list[tuple[object, ...]]) -> None:
    """Write the rows of a scan with ``missing=""`` as tab-separated lines: plain values hold no
    tab, line break, quote or ``<``, so no value needs quoting, and each line is one join in C."""
    if rows:
        out.write("\n".join(map("\t".join, cast(list[tuple[str, ...]], rows))) + "\n")


def _header(stream: IO[bytes]) -> bytes:
    """Check everything before the first trace with expat; return the rest."""
    data = b""
    while (start := data.find(b"<trace>")) < 0:
        more = stream.read(1 << 16)
        if not more or len(data) > HEADER_LIMIT:
            raise NotPlain("no plain <trace> near the start")
        data += more
    encoding = ENCODING.search(data[:200])
    if encoding and encoding.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise NotPlain("not UTF-8")
    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = _no_trace_or_event
    try:
        parser.Parse(data[:start], False)
    except xml.parsers.expat.ExpatError as exc:
        raise NotPlain(str(exc)) from None
    return data[start:]


def _no_trace_or_event(tag: str, attrs: dict[str, str]) -> None:
    if tag.rpartition(":")[2] in ("trace", "event"):
        raise NotPlain(f"<{tag}> before the first plain <trace>")


def _block(data: bytes, spec: Sequence[tuple[bool, str | None]], write: Rows, missing: str | None) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotPlain(str(exc)) from None
    # Each row is read from one dict by one itemgetter, both in C: event
    # attributes under their key, trace attributes under (True, key), so that
    # a trace's attributes go into the dict its events' rows start from.
    keys = [(True, key) if on_trace else key for on_trace, key in spec] + [_LINE]
    blank, row_of, rows, tags = dict.fromkeys(keys, missing), itemgetter(*keys), [], 0
    for piece in text.split("<trace>")[1:]:
        sections = piece.partition("</trace>")[0].split("<event>")
        outside, events = [sections[0]], []
        for section in sections[1:]:
            inside, _, after = section.partition("</event>")
            events.append(ATTRIBUTE.findall(inside))
            outside.append(after)
            tags += 2 + len(events[-1])
        found = ATTRIBUTE.findall("".join(outside))  # trace attributes, before or after events
        trace, tags = blank.copy(), tags + 2 + len(found)
        trace.update([((True, key), value) for key, value in found])
        for event in events:
            values = trace.copy()
            values.update(event)
            rows.append(row_of(values))
    if text.count("<") != tags:
        raise NotPlain("markup other than plain traces, events and attributes")
    write(rows)
