"""Stage an XES file (``.xes`` or ``.xes.gz``): the source of its rows for :mod:`.staging`.

The file is streamed, never held whole: first with the fast scan of
:mod:`.xesscan` (in two processes for a large file, :mod:`.xeshalves`), and when the file is not in its plain form, with expat, the C
parser behind ``xml.etree``, holding only the current trace's and event's
wanted attributes.  (``ElementTree.iterparse`` measured no faster than expat
callbacks, and builds elements we would throw away.)  Rows go to a temporary
CSV that DuckDB loads in one scan: several times faster than inserting from
Python, and memory stays flat however large the log.  The expat parse keeps
the line of each ``<event>`` for error messages; after a fast scan, lines are
found by parsing again, only when some event is at fault.
"""
from __future__ import annotations

import csv
import gzip
import xml.parsers.expat
import zlib
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Protocol, cast

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.eventlog import xeshalves, xesscan
from processwalk.eventlog.columns import ROLES, Columns
from processwalk.eventlog.progress import tracked
from processwalk.eventlog.staging import STAGED_COLUMNS, Staged

_OUTSIDE = -1  # depth marker: not inside a trace / an event


def stage(path: Path, columns: Columns, folder: Path) -> Staged:
    """The events of the XES file at ``path``, written as rows to CSV files in ``folder``."""
    rows, second = folder / "events.csv", folder / "events-2.csv"
    with open(rows, "w", newline="", encoding="utf-8") as out:
        delimiter, halves, lines = _rows(path, columns, out, second)
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in STAGED_COLUMNS)
    source = (f"SELECT * FROM read_csv($p, header = false, auto_detect = false, delim = '{delimiter}',"
              f" quote = '\"', escape = '\"', columns = {{{types}}})")
    return Staged(source=source, params={"p": [str(rows), str(second)] if halves else str(rows)},
                  where={role: _where(columns, role) for role in columns.named()}, lines=lines)


def _rows(path: Path, columns: Columns, out: IO[str], second: Path
          ) -> tuple[str, bool, Callable[[Sequence[int]], Mapping[int, int]] | None]:
    """Write the rows, fast when the file is plain (the second half of a large one to ``second``);
    their delimiter, whether they are in two files, and how to find their lines.

    The fast scan's rows are tab-separated text (:func:`.xesscan.tabbed`); an attribute an event
    lacks is an empty field, read as NULL as in the quoted CSV of the full parse."""
    spec = [_source(getattr(columns, role)) for role in ROLES]
    try:
        at = xeshalves.cut(path)
        if at is not None and xeshalves.scan(path, at, spec, out, second):
            return "\t", True, partial(_lines, path, columns)
        out.seek(0)
        out.truncate()
        _read(path, lambda stream: xesscan.scan(stream, spec, partial(xesscan.tabbed, out), ""))
        return "\t", False, partial(_lines, path, columns)
    except xesscan.NotPlain:
        out.seek(0)
        out.truncate()
        _parse(path, columns, csv.writer(out))
        return ",", False, None


def _lines(path: Path, columns: Columns, seqs: Sequence[int]) -> Mapping[int, int]:
    """The line of the ``<event>`` of each wanted row (rows counted from 0)."""
    recorder = _LineRecorder(set(seqs))
    _parse(path, columns, recorder)
    return recorder.lines


def _where(columns: Columns, role: str) -> str:
    name = str(getattr(columns, role))
    if name.startswith("case:"):
        return f"trace attribute '{name[5:]}'"
    return f"event attribute '{name}'"


def _parse(path: Path, columns: Columns, writer: _Writer) -> None:
    handler = _Handler(columns, writer)
    try:
        _read(path, handler.parser.ParseFile)
    except xml.parsers.expat.ExpatError as exc:
        where = Location(str(path), exc.lineno, exc.offset + 1)
        message = xml.parsers.expat.ErrorString(exc.code)
        raise ProcessWalkError(Problem(where, f"not well-formed XML: {message}")) from None
    except _Text as text:
        shown = text.text if len(text.text) <= 40 else text.text[:37] + "..."
        raise ProcessWalkError(Problem(Location(str(path), text.line, text.column),
                                       f"text '{shown}' between elements, where XES allows only white"
                                       " space")) from None


def _read(path: Path, use: Callable[[IO[bytes]], object]) -> None:
    """Give the (unzipped) byte stream to ``use``, with a progress bar on a terminal for a long
    read; a file that cannot be read or unzipped is our error."""
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb")) if gzipped else raw
            with tracked(stream, raw, path.stat().st_size, f"reading {path.name}") as read:
                use(read)
    except (OSError, EOFError, zlib.error) as exc:
        raise ProcessWalkError(Problem(Location(str(path)), f"cannot read the XES file: {exc}")) from None


def _source(name: str | None) -> tuple[bool, str | None]:
    """(is a trace attribute, attribute key) for a column name."""
    if name is not None and name.startswith("case:"):
        return True, name[5:]
    return False, name


class _Text(Exception):
    """Text between elements, which XES does not allow (its values are in attributes): at the
    1-based ``line`` and ``column`` of its first character that is not white space."""

    def __init__(self, text: str, line: int, column: int) -> None:
        super().__init__(text)
        self.text, self.line, self.column = text, line, column


class _Writer(Protocol):
    """The part of a ``csv.writer`` that is used."""

    def writerow(self, row: list[object], /) -> object: ...  # pragma: no cover


class _LineRecorder:
    """A writer that only notes the lines of the wanted rows."""

    def __init__(self, wanted: set[int]) -> None:
        self.wanted = wanted
        self.rows = 0
        self.lines: dict[int, int] = {}

    def writerow(self, row: list[object]) -> None:
        if self.rows in self.wanted:
            self.lines[self.rows] = int(str(row[-1]))
        self.rows += 1


class _Handler:
    """expat callbacks: one CSV row per ``<event>`` of a ``<trace>``.

    Depths tell a trace's or event's own attributes from nested ones (XES
    attributes may hold attributes), which are ignored.  A trace's events are
    written when the trace ends, as its attributes may follow them.
    """

    def __init__(self, columns: Columns, writer: _Writer) -> None:
        self.spec = [_source(getattr(columns, role)) for role in ROLES]
        self.trace_keys = {key for on_trace, key in self.spec if on_trace and key is not None}
        self.event_keys = {key for on_trace, key in self.spec if not on_trace and key is not None}
        self.writer = writer
        self.depth = 0
        self.trace_depth = _OUTSIDE
        self.event_depth = _OUTSIDE
        self.trace: dict[str, str] = {}
        self.event: dict[str, str] = {}
        self.events: list[tuple[dict[str, str], int]] = []  # of this trace, with their lines
        self.line = 0
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.buffer_text = False  # text comes a line at a time, each piece where it starts
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == self.event_depth + 1:
            self._keep(self.event, self.event_keys, attrs)
        elif self.depth == self.trace_depth + 1:
            if tag.rpartition(":")[2] == "event":
                self.event_depth = self.depth
                self.event = {}
                self.line = self.parser.CurrentLineNumber
            else:
                self._keep(self.trace, self.trace_keys, attrs)
        elif self.trace_depth == _OUTSIDE and tag.rpartition(":")[2] == "trace":
            self.trace_depth = self.depth
            self.trace = {}
            self.events = []

    @staticmethod
    def _keep(into: dict[str, str], keys: set[str], attrs: dict[str, str]) -> None:
        key = attrs.get("key")
        if key in keys:
            into[key] = attrs.get("value", "")

    def end(self, tag: str) -> None:
        if self.depth == self.event_depth:
            self.events.append((self.event, self.line))
            self.event_depth = _OUTSIDE
        elif self.depth == self.trace_depth:
            self._write_trace()
            self.trace_depth = _OUTSIDE
        self.depth -= 1

    def text(self, data: str) -> None:
        """Refuse text between elements.  Unbuffered, expat hands text over a piece at a time
        (each line's on its own) while the parser stands where the piece starts."""
        if not data.strip(xesscan.WHITE):
            return
        at = len(data) - len(data.lstrip(xesscan.WHITE))
        before = data.rfind("\n", 0, at)
        line = self.parser.CurrentLineNumber + data.count("\n", 0, at)
        column = self.parser.CurrentColumnNumber + at if before < 0 else at - before - 1
        raise _Text(data[at:].splitlines()[0].rstrip(xesscan.WHITE), line, column + 1)

    def _write_trace(self) -> None:
        """Write the trace's events, now that all its attributes are known."""
        for event, line in self.events:
            row: list[object] = [(self.trace if on_trace else event).get(key) if key else None
                                 for on_trace, key in self.spec]
            row.append(line)
            self.writer.writerow(row)
