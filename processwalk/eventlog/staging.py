"""From the staged text rows to the typed ``events`` table, or to clear errors.

Both readers stage their rows as text in a table ``raw`` (columns
:data:`STAGED_COLUMNS`, in file order).  Here timestamps are parsed, every row
that lacks a case, an activity or a readable timestamp is reported with its line
(at most :data:`SHOWN` of them, and how many more), and the rows become::

    events(case_id VARCHAR, activity VARCHAR, ts TIMESTAMP, resource VARCHAR,
           grp VARCHAR, lifecycle VARCHAR, seq BIGINT)

``ts`` is UTC without a zone: an offset in the file is applied, a time without
an offset is taken as UTC.  ``seq`` is the row's place in the file, which
orders events with equal timestamps, as pm4py's stable sort does.  Two views
select the events the summaries use: ``steps`` (the ``complete`` events and
those without a lifecycle; every event when no event says ``complete``) and
``starts`` (the ``start`` events matched to steps for service times); the
table ``ordered_steps`` adds to each step its place in its case and its
neighbours (see :mod:`.queries`), sorted once for all the figures.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.eventlog.columns import Columns
from processwalk.eventlog.queries import ORDERED_STEPS

if TYPE_CHECKING:
    import duckdb

STAGED_COLUMNS = (
    ("case_id", "VARCHAR"),
    ("activity", "VARCHAR"),
    ("ts", "VARCHAR"),
    ("resource", "VARCHAR"),
    ("grp", "VARCHAR"),
    ("lifecycle", "VARCHAR"),
    ("line", "BIGINT"),
)
SHOWN = 10
ISO_EXAMPLES = "'2011-10-11 13:45:40' or '2011-10-11T13:45:40.276+02:00'"


@dataclass(frozen=True)
class Staged:
    """How a reader staged its rows: what to call each role's source in messages
    (``column 'x'``), how to say that a value is missing, and, when ``raw.line``
    is not filled in, how to find the lines of some rows (by ``seq``)."""

    where: Mapping[str, str]
    absent: str = "is missing or empty"
    lines: Callable[[Sequence[int]], Mapping[int, int]] | None = None


def build_events(con: duckdb.DuckDBPyConnection, source: str, columns: Columns, staged: Staged) -> None:
    """Turn ``raw`` into ``events`` (and its views), or raise every bad row."""
    total = _one(con, "SELECT COUNT(*) FROM raw")
    if total == 0:
        raise ProcessWalkError(Problem(Location(source), "the log holds no events"))
    con.execute(
        f"CREATE TABLE events AS SELECT case_id, activity, {_parse(con, columns)} AS ts,"
        " resource, grp, lifecycle, rowid AS seq FROM raw"
    )
    _check(con, source, columns, staged)
    con.execute("DROP TABLE raw")
    _views(con)
    con.execute(ORDERED_STEPS)


def _parse(con: duckdb.DuckDBPyConnection, columns: Columns) -> str:
    fmt = columns.timestamp_format
    if fmt is None:
        return "CAST(TRY_CAST(ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)"
    import duckdb

    literal = "'" + fmt.replace("'", "''") + "'"
    try:
        con.execute(f"SELECT TRY_STRPTIME('2000-01-01', {literal})")
    except duckdb.Error as exc:
        raise ProcessWalkError(f"timestamp_format '{fmt}' is not a valid strptime format: "
                               f"{_first_line(str(exc))}")
    return f"CAST(CAST(TRY_STRPTIME(ts, {literal}) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)"


def _check(con: duckdb.DuckDBPyConnection, source: str, columns: Columns, staged: Staged) -> None:
    bad = "case_id IS NULL OR activity IS NULL OR ts IS NULL"
    first = [row[0] for row in con.execute(
        f"SELECT seq FROM events WHERE {bad} ORDER BY seq LIMIT {SHOWN + 1}").fetchall()]
    if not first:
        return
    rows = con.execute(
        "SELECT e.seq, r.line, e.case_id IS NULL, e.activity IS NULL, r.ts, e.ts IS NULL"
        f" FROM events e JOIN raw r ON r.rowid = e.seq WHERE e.seq IN ({', '.join(map(str, first))})"
        " ORDER BY e.seq"
    ).fetchall()
    lines = _lines(rows, staged)
    problems = [
        Problem(Location(source, lines[row[0]]), message)
        for row in rows[:SHOWN]
        for message in _messages(row, columns, staged)
    ]
    if len(rows) > SHOWN:
        more = _one(con, f"SELECT COUNT(*) FROM events WHERE {bad}") - SHOWN
        where = Location(source, lines[rows[SHOWN][0]])
        problems.append(Problem(where, f"{more} more events from here on have problems like the ones above"))
    raise ProcessWalkError(problems)


def _lines(rows: list[tuple[object, ...]], staged: Staged) -> Mapping[int, int]:
    if staged.lines is None:
        return {int(str(row[0])): int(str(row[1])) for row in rows}
    return staged.lines([int(str(row[0])) for row in rows])


def _messages(row: tuple[object, ...], columns: Columns, staged: Staged) -> list[str]:
    _, _, no_case, no_activity, text, no_time = row
    where = staged.where
    found = []
    if no_case:
        found.append(f"{where['case']} {staged.absent}; every event needs a case id")
    if no_activity:
        found.append(f"{where['activity']} {staged.absent}; every event needs an activity")
    if text is None:
        found.append(f"{where['timestamp']} {staged.absent}; every event needs a timestamp")
    elif no_time:
        found.append(_bad_time(str(text), where["timestamp"], columns.timestamp_format))
    return found


def _bad_time(text: str, where: str, fmt: str | None) -> str:
    text = text if len(text) <= 60 else text[:57] + "..."
    if fmt is None:
        return (f"{where} holds '{text}', which is not a date and time; expected ISO 8601 such as "
                f"{ISO_EXAMPLES}, or name the format with timestamp_format")
    return f"{where} holds '{text}', which does not match the timestamp format '{fmt}'"


def _views(con: duckdb.DuckDBPyConnection) -> None:
    if _one(con, "SELECT COUNT(*) FROM events WHERE LOWER(lifecycle) = 'complete'"):
        con.execute("CREATE VIEW steps AS SELECT * FROM events"
                    " WHERE lifecycle IS NULL OR LOWER(lifecycle) = 'complete'")
        con.execute("CREATE VIEW starts AS SELECT * FROM events WHERE LOWER(lifecycle) = 'start'")
    else:
        con.execute("CREATE VIEW steps AS SELECT * FROM events")
        con.execute("CREATE VIEW starts AS SELECT * FROM events WHERE 1 = 0")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def _first_line(text: str) -> str:
    """The first line of a DuckDB error, without its kind."""
    return text.strip().splitlines()[0].removeprefix("Invalid Input Error: ")
