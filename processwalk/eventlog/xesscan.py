"""A fast scan of XES files in the plain form that ProM, OpenXES and pm4py write.

A general XML parser calls back into Python for every element, which makes
the parse, not the analysis, the slow part of reading a log.  Most XES files
are plain: ``<trace>`` and ``<event>`` elements holding self-closing
attributes such as ``<string key="concept:name" value="Check"/>``.  Such a
file is cut with C-speed string operations and regular expressions, a chunk of
whole traces at a time (:mod:`.xeschunk`).

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
from collections.abc import Callable, Iterable, Sequence
from typing import IO, cast

from processwalk.eventlog import xeschunk
from processwalk.eventlog.xeschunk import WHITE, NotPlain

ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
CHUNK = 1 << 24
HEADER_LIMIT = 1 << 24  # a log's header (extensions, globals, classifiers) is far smaller

Rows = Callable[[Iterable[tuple[object, ...]]], object]

__all__ = ["WHITE", "NotPlain", "scan", "tabbed"]


def scan(stream: IO[bytes], spec: Sequence[tuple[bool, str | None]], write: Rows, missing: str | None = None,
         *, first: bool = True, last: bool = True) -> None:
    """Write the rows of the events, a chunk of traces at a time (see :mod:`.xeschunk`): the values
    picked by ``spec`` (trace attribute?, key), then ``missing`` for the line;
    ``missing`` also stands for an attribute an event does not have.  A part of
    a file (see :mod:`.xeshalves`) that is not its ``first`` starts after a
    ``</trace>``, without the header; one that is not its ``last`` ends with a
    ``</trace>``, without the closing ``</log>``."""
    shape, layouts = xeschunk.shape(spec, missing), True
    data = _header(stream) if first else b""
    while True:
        more = stream.read(CHUNK)
        data += more
        cut = data.rfind(b"</trace>") + len(b"</trace>")
        if cut >= len(b"</trace>"):
            text = _decoded(data[:cut])
            rows = xeschunk.by_layout(text, shape) if layouts else None
            if rows is None:  # events of many layouts: likely so in the chunks to come
                layouts, rows = False, xeschunk.one_by_one(text, shape)
            write(rows)
            data = data[cut:]
        if not more:
            break
    if data.strip(WHITE.encode()) != (b"</log>" if last else b""):
        raise NotPlain("unexpected content after the last trace")


def tabbed(out: IO[str], rows: Iterable[tuple[object, ...]]) -> None:
    """Write the rows of a scan with ``missing=""`` as tab-separated lines: plain values hold no
    tab, line break, quote or ``<``, so no value needs quoting, and each line is one join in C."""
    if lines := "\n".join(map("\t".join, cast(Iterable[tuple[str, ...]], rows))):
        out.write(lines + "\n")


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


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotPlain(str(exc)) from None
