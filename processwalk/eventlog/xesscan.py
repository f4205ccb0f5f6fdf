"""A fast scan of XES files in the plain form that ProM, OpenXES and pm4py write.

A general XML parser calls back into Python for every element, which makes
the parse, not the analysis, the slow part of reading a log.  Most XES files
are plain: ``<trace>`` and ``<event>`` elements holding self-closing
attributes such as ``<string key="concept:name" value="Check"/>``.  Such a
file is cut with C-speed string operations, a chunk of whole traces at a time.

The scan proves the file plain as it goes: a chunk must be ``<trace>``,
``</trace>``, ``<event>`` and ``</event>`` tags, properly nested, and attribute
elements of that form, with nothing but XML's white space between them.
Anything else (comments, CDATA, nested or list attributes, namespace prefixes,
entities, control characters, other encodings, malformed tags, text between
elements) raises :class:`NotPlain` and the reader starts over with the full
expat parse, which reports whatever is wrong at its line and column.  Both
give the same rows in the same order.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import IO, cast

# Keys and values with entities, raw white space other than blanks (an XML parser would
# rewrite them) or characters XML does not allow are not plain: such files take the full parse.
_TEXT = r'[^"<&\x00-\x1f\ufffe\uffff]*'
ATTRIBUTE = re.compile(rf'<(?:string|date|int|float|boolean|id) key="({_TEXT})" value="({_TEXT})"[ \t\r\n]*/>')
WHITE = " \t\r\n"  # XML's white space: the only text XES allows between elements
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
    if data.strip(WHITE.encode()) != (b"</log>" if last else b""):
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
    parser.CharacterDataHandler = _no_text
    try:
        parser.Parse(data[:start], False)
    except xml.parsers.expat.ExpatError as exc:
        raise NotPlain(str(exc)) from None
    return data[start:]


def _no_trace_or_event(tag: str, attrs: dict[str, str]) -> None:
    if tag.rpartition(":")[2] in ("trace", "event"):
        raise NotPlain(f"<{tag}> before the first plain <trace>")


def _no_text(data: str) -> None:
    if data.strip(WHITE):
        raise NotPlain("text between elements")


def _block(data: bytes, spec: Sequence[tuple[bool, str | None]], write: Rows, missing: str | None) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotPlain(str(exc)) from None
    # Each row is read from one dict by one itemgetter, both in C: event
    # attributes under their key, trace attributes under (True, key), so that
    # a trace's attributes go into the dict its events' rows start from.
    keys = [(True, key) if on_trace else key for on_trace, key in spec] + [_LINE]
    blank, row_of, rows = dict.fromkeys(keys, missing), itemgetter(*keys), []
    pieces = text.split("<trace>")
    _blank(pieces[0])
    for piece in pieces[1:]:
        body, closed, after = piece.partition("</trace>")
        if not closed:
            raise NotPlain("a <trace> inside a trace")
        _blank(after)
        sections = body.split("<event>")
        outside, events = [sections[0]], []
        for section in sections[1:]:
            inside, closed, rest = section.partition("</event>")
            if not closed:
                raise NotPlain("an <event> inside an event")
            events.append(_attributes(inside))
            outside.append(rest)
        trace = blank.copy()  # trace attributes, before or after events
        trace.update([((True, key), value) for key, value in _attributes("".join(outside))])
        for event in events:
            values = trace.copy()
            values.update(event)
            rows.append(row_of(values))
    write(rows)


def _attributes(text: str) -> list[tuple[str, str]]:
    """The (key, value) pairs of the attribute elements that ``text`` holds, with nothing else
    between them but white space."""
    parts = ATTRIBUTE.split(text)
    _blank("".join(parts[::3]))
    return list(zip(parts[1::3], parts[2::3]))


def _blank(text: str) -> None:
    if text.strip(WHITE):
        raise NotPlain("markup other than plain traces, events and attributes, or text between elements")
