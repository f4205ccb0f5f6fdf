"""``processwalk convert LOG -o LOG.parquet``: an event log (CSV, XES or Parquet) as a Parquet file."""
from __future__ import annotations

import os
import sys

import click


def convert(log_path: str, output: str, columns_path: str | None, force: bool) -> int:
    from processwalk.errors import ProcessWalkError
    from processwalk.eventlog import load_columns
    from processwalk.eventlog.columns import DEFAULT
    from processwalk.eventlog.convert import to_parquet

    if not output.lower().endswith(".parquet"):
        raise ProcessWalkError(f"{output}: convert writes Parquet; name the output file '*.parquet'", exit_code=2)
    if os.path.realpath(output) == os.path.realpath(log_path) or (
            os.path.exists(output) and os.path.samefile(output, log_path)):
        raise ProcessWalkError(f"{output} is the log itself; convert never changes its input: name another "
                               "file", exit_code=2)
    if os.path.exists(output) and not force:
        raise ProcessWalkError(f"{output} exists: choose another name, or add --force to replace it",
                               exit_code=2)
    if os.path.isdir(output):
        raise ProcessWalkError(f"{output} is a folder; name a file", exit_code=2)
    events = to_parquet(log_path, output, load_columns(columns_path) if columns_path else DEFAULT)
    click.echo(f"{output}: {events:,} events from {log_path}", err=True)
    return 0


@click.command()
@click.argument("log", type=click.Path(exists=True))
@click.option("-o", "--output", required=True, type=click.Path(), help="Parquet file to write (atomically).")
@click.option("--columns", "columns_path", type=click.Path(exists=True, dir_okay=False),
              help="Mapping file naming the log's case, activity, timestamp, ... columns (default: XES "
                   "names).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists (never the log itself).")
def command(log: str, output: str, columns_path: str | None, force: bool) -> None:
    """Write an event log (CSV or XES, optionally gzipped, or Parquet) as one Parquet file with the XES
    column names and typed UTC timestamps: the form Spark and DuckDB read fastest."""
    sys.exit(convert(log, output, columns_path, force))
