"""A log (CSV, XES or Parquet) as one Parquet file with the XES column names.

The rows are checked as for any read (a bad row is an error with its line) and
written in file order: ``case:concept:name``, ``concept:name``,
``time:timestamp`` (a Parquet TIMESTAMP, UTC), ``org:resource``, ``org:group``
and ``lifecycle:transition``, so the file reads back with the default columns
on either engine.  The file is written beside its destination under a scratch
name and moved into place only when complete: a failed run leaves nothing.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from processwalk.eventlog.columns import DEFAULT, Columns
from processwalk.eventlog.read import stage_log

NAMES = (("case_id", "case:concept:name"), ("activity", "concept:name"), ("ts", "time:timestamp"),
         ("resource", "org:resource"), ("grp", "org:group"), ("lifecycle", "lifecycle:transition"))


def to_parquet(source: str | Path, output: str | Path, columns: Columns = DEFAULT) -> int:
    """Write the log at ``source`` to ``output`` (Parquet); the number of events written."""
    con, _ = stage_log(Path(source), columns)
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    handle, scratch = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(handle)
    try:
        select = ", ".join(f'{column} AS "{name}"' for column, name in NAMES)
        literal = "'" + scratch.replace("'", "''") + "'"
        con.execute(f"COPY (SELECT {select} FROM loaded ORDER BY rowid) TO {literal} (FORMAT parquet)")
        row = con.execute("SELECT COUNT(*) FROM loaded").fetchone()
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    finally:
        con.close()
    assert row is not None
    return int(row[0])
