"""Read an event log (CSV or XES) into an embedded DuckDB database.

>>> with read_log("receipt.xes.gz") as log:          # doctest: +SKIP
...     print(counts(log).cases)
1434

The database lives in memory (spilling to a temporary folder when a log is
larger than the memory DuckDB may use) and holds the table ``events``, the
views ``steps`` and ``starts`` and the tables ``ordered_steps`` and ``cases``,
described in :mod:`.staging`.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from processwalk import files
from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.eventlog import csvlog, xeslog
from processwalk.eventlog.columns import DEFAULT, Columns
from processwalk.eventlog.staging import Staged, build_events

if TYPE_CHECKING:
    import duckdb

    Stage = Callable[[Path, Columns, Path], Staged]

FORMATS: dict[str, Stage] = {
    ".csv": csvlog.stage,
    ".csv.gz": csvlog.stage,
    ".xes": xeslog.stage,
    ".xes.gz": xeslog.stage,
}


@dataclass(frozen=True)
class EventLog:
    """A log read into DuckDB: ``source`` is the file, ``connection`` holds the
    ``events`` table.  Close it (or use it in a ``with`` block) when done."""

    source: str
    connection: duckdb.DuckDBPyConnection

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def read_log(path: str | Path, columns: Columns = DEFAULT, *, memory_limit: str = "1GB") -> EventLog:
    """Read the CSV (``.csv``, ``.csv.gz``) or XES (``.xes``, ``.xes.gz``) log at ``path``.

    ``columns`` names the case, activity, timestamp, ... columns (XES names by
    default).  ``memory_limit`` caps DuckDB's memory; past it DuckDB spills to
    disk.  Any problem with the file raises :class:`ProcessWalkError` listing
    the rows at fault by line.
    """
    import duckdb

    file = Path(path)
    stage = _stage(file)
    files.regular(str(file))  # a FIFO or a device would be read forever
    con = duckdb.connect(config={"memory_limit": memory_limit})
    try:
        con.execute("SET TimeZone = 'UTC'")
        with tempfile.TemporaryDirectory(prefix="processwalk-") as folder:
            build_events(con, str(file), columns, stage(file, columns, Path(folder)))
    except BaseException:
        con.close()
        raise
    return EventLog(str(file), con)


def _stage(file: Path) -> Stage:
    suffix = "".join(file.suffixes[-2:]).lower()
    stage = FORMATS.get(suffix) or FORMATS.get(file.suffix.lower())
    if stage is None:
        kinds = ", ".join(FORMATS)
        raise ProcessWalkError(Problem(Location(str(file)), f"unknown log format; expected a file ending in {kinds}"))
    if not file.is_file():
        raise ProcessWalkError(Problem(Location(str(file)), "no such file"))
    return stage
