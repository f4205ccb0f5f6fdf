"""Stage a Parquet log (a ``.parquet`` file, or a folder of part files as Spark and DuckDB write
them): the source of its rows for :mod:`.staging`, with the column mapping of a CSV log.

A timestamp column may be a Parquet TIMESTAMP (taken as UTC, or converted to
UTC when it carries a zone) or text, read as in a CSV log.  Other columns are
read as text.  A row's position in messages is its row number in its file
(the first row is 1).
"""
from __future__ import annotations

from pathlib import Path

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.eventlog.columns import ROLES, Columns
from processwalk.eventlog.csvlog import header_positions
from processwalk.eventlog.staging import STAGED_COLUMNS, Staged

TEXT_TYPES = ("VARCHAR",)


def files(path: Path) -> str:
    """What DuckDB reads for ``path``: the file, or every ``.parquet`` file under the folder."""
    if path.is_dir():
        if not any(path.rglob("*.parquet")):
            raise ProcessWalkError(Problem(Location(str(path)), "the folder holds no .parquet files"))
        return str(path / "**" / "*.parquet")
    return str(path)


def schema(path: Path) -> list[tuple[str, str]]:
    """The column names and DuckDB types of the Parquet log at ``path``."""
    import duckdb

    try:
        with duckdb.connect() as con:
            rows = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [files(path)]).fetchall()
    except duckdb.Error as exc:
        raise ProcessWalkError(Problem(Location(str(path)), "cannot read the Parquet log: "
                                       f"{str(exc).strip().splitlines()[0]}")) from None
    return [(str(row[0]), str(row[1])) for row in rows]


def stage(path: Path, columns: Columns, folder: Path) -> Staged:
    """The rows of the Parquet log at ``path``, read by DuckDB (``folder`` is not needed)."""
    names = schema(path)
    positions = header_positions(str(path), [name for name, _ in names], columns)
    typed = "timestamp" in positions and names[positions["timestamp"]][1].startswith("TIMESTAMP")
    picked = [_pick(names, positions, role, typed) for role in ROLES]
    select = ", ".join(f"{expr} AS {name}" for expr, (name, _) in
                       zip([*picked, "file_row_number + 1"], STAGED_COLUMNS))
    where = {role: f"column '{names[index][0]}'" for role, index in positions.items()}
    # the path as a literal, not a parameter: DuckDB plans a bound path's scan as one stream, and
    # reads a named file's row groups in parallel
    literal = "'" + files(path).replace("'", "''") + "'"
    return Staged(source=f"SELECT {select} FROM read_parquet({literal}, file_row_number = true)",
                  where=where, absent="is empty", typed=typed, columnar=True)


def _pick(names: list[tuple[str, str]], positions: dict[str, int], role: str, typed: bool) -> str:
    if role not in positions:
        return "CAST(NULL AS TIMESTAMP)" if role == "timestamp" and typed else "NULL"
    name, kind = names[positions[role]]
    quoted = '"' + name.replace('"', '""') + '"'
    if role == "timestamp" and typed:
        return f"CAST({quoted} AT TIME ZONE 'UTC' AS TIMESTAMP)" if "TIME ZONE" in kind else quoted
    return f"NULLIF(CAST({quoted} AS VARCHAR), '')"
