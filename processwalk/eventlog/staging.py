"""From the rows a reader stages to the typed ``events`` table, or to clear errors.

Each reader gives a SQL *source* of its rows as text (columns
:data:`STAGED_COLUMNS`, in file order): DuckDB's CSV scan of the log or of the
rows the XES reader wrote.  One statement parses the timestamps and stores the
rows in the table ``loaded`` (with ``ts_text``, the timestamp as written, or as
a typed Parquet column holds it, turned into text only for a message, and
``line``, for messages only); every row that lacks a case, an activity or a
readable timestamp is then reported with its line (at most :data:`SHOWN` of
them, and how many more).  The view over it that everything else reads is::

    events(case_id VARCHAR, activity VARCHAR, ts TIMESTAMP, resource VARCHAR,
           grp VARCHAR, lifecycle VARCHAR, seq BIGINT)

(on DuckDB, activity, resource and group are ENUM types that read as this
text: see :func:`code`).  ``ts`` is UTC without a zone: an offset in the file
is applied, a time without an offset is taken as UTC.  ``seq`` is the row's
place in the file (its ``rowid``: DuckDB keeps insertion order), which orders
events with equal timestamps, as pm4py's stable sort does.  Two more views
select the events the summaries use: ``steps`` (the ``complete`` events and those without a
lifecycle; every event when no event says ``complete``) and ``starts`` (the
``start`` events matched to steps for service times); the table ``case_spans``
holds each case's first and last time, its number of events and its key (an
integer standing for the case id in every grouping by case), ``ordered_steps``
adds to each step its case's key, its place in its case and its neighbours,
sorted once for all the figures, and ``cases`` is ``case_spans`` with each
case's last step (see :mod:`.queries`).
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.eventlog.columns import Columns
from processwalk.eventlog.queries import CASE_SPANS, CASES, ORDERED_STEPS

if TYPE_CHECKING:
    import duckdb

    from processwalk.eventlog.engine import Engine

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
    """How a reader staged its rows: the SQL ``source`` of them (with its ``params``); what to call
    each role's source in messages (``column 'x'``) and how to say that a value is missing; how to
    find the lines of some rows by ``seq`` (``lines``, when the source leaves ``line`` empty); and
    how to word a DuckDB error in reading the source (``failure``)."""

    source: str
    where: Mapping[str, str]
    params: Mapping[str, object] = field(default_factory=dict)
    absent: str = "is missing or empty"
    lines: Callable[[Sequence[int]], Mapping[int, int]] | None = None
    failure: Callable[[str], Problem] | None = None
    #: the source's ``ts`` is already a TIMESTAMP (a typed Parquet column), not text
    typed: bool = False
    #: the source is a columnar file (Parquet), whose columns' distinct values DuckDB reads without
    #: scanning every row: its text columns are coded as they load (see :func:`code`)
    columnar: bool = False


#: a NUL byte: in a text log, the mark of a binary or corrupt file, never part of a name
NUL = "chr(0)"
TEXTS = ("case_id", "activity", "resource", "grp")


def bad_rows(unchecked: Collection[str] = ()) -> str:
    """The test of a row at fault: no case, activity or time, or a NUL byte in a text column (but
    those ``unchecked``)."""
    return "case_id IS NULL OR activity IS NULL OR ts IS NULL OR " + " OR ".join(
        f"contains(coalesce({column}, ''), {NUL})" for column in TEXTS if column not in unchecked)


BAD = bad_rows()


def _bad(con: duckdb.DuckDBPyConnection, kinds: Mapping[str, str]) -> str:
    """:data:`BAD`, looking for a NUL byte in a coded column (``kinds``: column -> ENUM type) among
    its type's few values instead of in every row; the whole of :data:`BAD` when one holds a NUL."""
    for kind in kinds.values():
        row = con.execute(f"SELECT bool_or(contains(value, {NUL})) FROM"
                          f" (SELECT unnest(enum_range(NULL::{kind})) AS value) kind").fetchone()
        assert row is not None
        if row[0]:
            return BAD
    return bad_rows(kinds)


#: the times a log may hold: the years 1 to 9999 (DuckDB reads years to 294247 and before 1,
#: which no date in Python, in a report or in a process file can hold)
EARLIEST, LATEST = "TIMESTAMP '0001-01-01'", "TIMESTAMP '9999-12-31 23:59:59.999999'"


def build_events(con: duckdb.DuckDBPyConnection, source: str, columns: Columns, staged: Staged,
                 *, coded: bool = False) -> bool:
    """Make ``loaded`` from ``staged``, or raise every bad row; whether any event says ``complete``.
    With ``coded``, its activity, resource and group columns are ENUM types (:func:`code`)."""
    import duckdb

    ts = "ts" if staged.typed else _parse(con, columns)
    kinds = code(con, f"({staged.source}) staged") if coded and staged.columnar else {}
    picked = {column: f"CAST({column} AS {kinds[column]})" if column in kinds else column
              for column, _ in CODED}
    try:
        con.execute(f"CREATE TABLE loaded AS SELECT case_id, {picked['activity']} AS activity,"
                    f" CASE WHEN parsed BETWEEN {EARLIEST} AND {LATEST} THEN parsed END AS ts,"
                    f" {picked['resource']} AS resource, {picked['grp']} AS grp,"
                    f" lifecycle, ts_text, line, parsed IS NOT NULL AS readable"
                    f" FROM (SELECT *, {ts} AS parsed, ts AS ts_text FROM ({staged.source}) staged) parsed",
                    dict(staged.params))
    except duckdb.Error as exc:
        if staged.failure is None:  # pragma: no cover - our own staged rows always read
            raise
        raise ProcessWalkError(staged.failure(str(exc))) from None
    row = con.execute(f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {_bad(con, kinds)}),"
                      " COUNT(*) FILTER (WHERE LOWER(lifecycle) = 'complete'),"
                      " COUNT(*) FILTER (WHERE LOWER(lifecycle) = 'start') FROM loaded").fetchone()
    assert row is not None
    total, bad, complete, started = row
    if total == 0:
        raise ProcessWalkError(Problem(Location(source), "the log holds no events"))
    if bad:
        _check(con, source, columns, staged, bad)
    if complete and started:
        _check_starts(con, source, staged)
    if coded and not staged.columnar:
        for column, kind in code(con, "loaded").items():
            con.execute(f"ALTER TABLE loaded ALTER {column} SET DATA TYPE {kind}")
    return bool(complete > 0)


#: the k-th start of an activity in a case opens its k-th completion (as the summaries match them)
LATE_STARTS = f"""
WITH c AS (SELECT rowid AS id, line, case_id, activity, ts,
                  ROW_NUMBER() OVER (PARTITION BY case_id, activity ORDER BY ts, rowid) AS k
           FROM loaded WHERE LOWER(lifecycle) = 'complete'),
     s AS (SELECT rowid AS id, line, case_id, activity, ts, ts_text,
                  ROW_NUMBER() OVER (PARTITION BY case_id, activity ORDER BY ts, rowid) AS k
           FROM loaded WHERE LOWER(lifecycle) = 'start')
SELECT s.id, s.line, c.id, c.line, s.activity, s.case_id, CAST(s.ts_text AS VARCHAR)
FROM s JOIN c ON c.case_id = s.case_id AND c.activity = s.activity AND c.k = s.k
WHERE s.ts > c.ts ORDER BY s.id LIMIT {SHOWN + 1}"""


def _check_starts(con: duckdb.DuckDBPyConnection, source: str, staged: Staged) -> None:
    """Refuse a start event later than the completion it opens: its work would be negative."""
    rows = con.execute(LATE_STARTS).fetchall()
    if not rows:
        return
    starts = _lines([(r[0], r[1]) for r in rows], staged)
    completes = _lines([(r[2], r[3]) for r in rows], staged)
    problems = [Problem(Location(source, starts[int(str(r[0]))]),
                        f"the start of '{r[4]}' in case '{r[5]}' ({r[6]}) comes after the completion it opens "
                        f"(line {completes[int(str(r[2]))]}); a start event comes before its complete event")
                for r in rows[:SHOWN]]
    if len(rows) > SHOWN:
        problems.append(Problem(Location(source, starts[int(str(rows[SHOWN][0]))]),
                                "more start events from here on come after their completions"))
    raise ProcessWalkError(problems)


#: The events as every engine holds them, from the DuckDB table ``loaded``.
EVENTS = "SELECT case_id, activity, ts, resource, grp, lifecycle, rowid AS seq FROM loaded"

#: On DuckDB the activity, resource and group columns of ``loaded`` are ENUM types: each value a
#: small code into the column's sorted distinct values, which the window, the groupings and the
#: joins of the summaries read faster than text (about a third less time in all on the generated
#: 10,000,000-event log, and a third less memory), while the queries see the same text: values
#: come back as strings, compare with strings and sort as text sorts.  A Parquet log's columns are
#: coded as they load (the file hands DuckDB each column's distinct values nearly for free); a
#: text log's once its rows are checked.  A column with more distinct values than this stays text.
CODED_LIMIT = 1 << 16
CODED = (("activity", "pw_activity"), ("resource", "pw_resource"), ("grp", "pw_group"))


def code(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """The ENUM type of each column named in :data:`CODED` with at most :data:`CODED_LIMIT`
    distinct values in ``relation`` (a table, or a subquery with its alias), created from them."""
    counts = con.execute("SELECT " + ", ".join(f"COUNT(DISTINCT {column})" for column, _ in CODED)
                         + f" FROM {relation}").fetchone()
    assert counts is not None
    kinds = {}
    for (column, kind), distinct in zip(CODED, counts):
        if 0 < distinct <= CODED_LIMIT:
            con.execute(f"CREATE TYPE {kind} AS ENUM (SELECT DISTINCT {column} FROM {relation}"
                        f" WHERE {column} IS NOT NULL ORDER BY {column})")
            kinds[column] = kind
    return kinds


def derive(engine: Engine, has_complete: bool) -> None:
    """The views ``steps`` and ``starts`` and the tables ``case_spans``, ``ordered_steps`` and ``cases``
    over ``events``."""
    if has_complete:
        engine.run("CREATE VIEW steps AS SELECT * FROM events"
                   " WHERE lifecycle IS NULL OR LOWER(lifecycle) = 'complete'")
        engine.run("CREATE VIEW starts AS SELECT * FROM events WHERE LOWER(lifecycle) = 'start'")
    else:
        engine.run("CREATE VIEW steps AS SELECT * FROM events")
        engine.run("CREATE VIEW starts AS SELECT * FROM events WHERE 1 = 0")
    engine.run(CASE_SPANS)
    engine.run(ORDERED_STEPS)
    engine.run(CASES)


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
                               f"{_first_line(str(exc))}") from None
    return f"CAST(CAST(TRY_STRPTIME(ts, {literal}) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)"


def _check(con: duckdb.DuckDBPyConnection, source: str, columns: Columns, staged: Staged, bad: int) -> None:
    rows = con.execute(
        f"SELECT rowid, line, case_id IS NULL, activity IS NULL, CAST(ts_text AS VARCHAR), ts IS NULL, readable,"
        f" [c FOR c IN [case_id, activity, resource, grp] IF contains(coalesce(c, ''), {NUL})] != []"
        f" FROM loaded WHERE {BAD}"
        f" ORDER BY rowid LIMIT {SHOWN + 1}"
    ).fetchall()
    lines = _lines(rows, staged)
    problems = [
        Problem(Location(source, lines[row[0]]), message)
        for row in rows[:SHOWN]
        for message in _messages(row, columns, staged)
    ]
    if len(rows) > SHOWN:
        where = Location(source, lines[rows[SHOWN][0]])
        more = f"{bad - SHOWN} more events from here on have problems like the ones above"
        problems.append(Problem(where, more))
    raise ProcessWalkError(problems)


def _lines(rows: list[tuple[object, ...]], staged: Staged) -> Mapping[int, int]:
    if staged.lines is None:
        return {int(str(row[0])): int(str(row[1])) for row in rows}
    return staged.lines([int(str(row[0])) for row in rows])


def _messages(row: tuple[object, ...], columns: Columns, staged: Staged) -> list[str]:
    _, _, no_case, no_activity, text, no_time, readable, nul = row
    where = staged.where
    found = ["the row holds a NUL byte (\\x00), which no text of a log may hold; is the file binary "
             "or corrupt?"] if nul else []
    if no_case:
        found.append(f"{where['case']} {staged.absent}; every event needs a case id")
    if no_activity:
        found.append(f"{where['activity']} {staged.absent}; every event needs an activity")
    if text is None:
        found.append(f"{where['timestamp']} {staged.absent}; every event needs a timestamp")
    elif no_time and readable:
        found.append(f"{where['timestamp']} holds '{_cut(str(text))}', outside the years 1 to 9999 a log's "
                     "times may fall in")
    elif no_time:
        found.append(_bad_time(str(text), where["timestamp"], columns.timestamp_format))
    return found


def _cut(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _bad_time(text: str, where: str, fmt: str | None) -> str:
    text = _cut(text)
    if fmt is None:
        return (f"{where} holds '{text}', which is not a date and time; expected ISO 8601 such as "
                f"{ISO_EXAMPLES}, or name the format with timestamp_format")
    return f"{where} holds '{text}', which does not match the timestamp format '{fmt}'"


def _first_line(text: str) -> str:
    """The first line of a DuckDB error, without its kind."""
    return text.strip().splitlines()[0].removeprefix("Invalid Input Error: ")
