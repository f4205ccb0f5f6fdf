"""``processwalk calibrate PROCESS --log LOG``: the process as declared beside the process as logged."""
from __future__ import annotations

import json
import os
import sys

import click

from processwalk.commands import common


def calibrate(process_path: str, log_path: str, map_path: str | None, columns_path: str | None, fmt: str,
              write: str | None, seed: int, engine: str = "duckdb", force: bool = False) -> int:
    from processwalk.analysis.walk import analyze
    from processwalk.commands.common import log_engine, one_process
    from processwalk.eventlog import calibrate as calibration
    from processwalk.eventlog import load_columns, read_log
    from processwalk.eventlog.columns import DEFAULT
    from processwalk.eventlog.mapping import load_mapping, map_activities, stray_names

    if write is not None:
        _refuse_original(process_path, write)
        common.guard([("yaml", write)], [process_path], None, log_path, map_path, columns_path, force=force)
    process = one_process(process_path, "calibrate")
    given = load_mapping(map_path, process) if map_path else None
    columns = load_columns(columns_path) if columns_path else DEFAULT
    with read_log(log_path, columns, **log_engine(log_path, engine)) as log:
        activities = calibration.activities_of(log)
        for problem in stray_names(given, activities) if given else ():
            click.echo(str(problem), err=True)
        found = calibration.calibrate(process, log, map_activities(activities, process, given),
                                      analyze(process, seed=seed))
    click.echo(_render(found, fmt), nl=False)
    if write is not None:
        _write(process_path, write, found)
    return 0


def _refuse_original(process_path: str, write: str) -> None:
    from processwalk.errors import ProcessWalkError

    same = os.path.exists(write) and os.path.samefile(process_path, write)
    if same or os.path.realpath(process_path) == os.path.realpath(write):
        raise ProcessWalkError(f"--write {write} is the process file itself; calibrate never changes the "
                               "original: name a copy, e.g. --write calibrated.yaml", exit_code=2)


def _render(found: object, fmt: str) -> str:
    from processwalk.eventlog.calibrate import Calibration
    from processwalk.eventlog.calibration_json import to_json
    from processwalk.render import calibration as render

    assert isinstance(found, Calibration)
    if fmt == "json":
        return json.dumps(to_json(found), indent=2, allow_nan=False) + "\n"
    if fmt == "html":
        return render.page_html(found)
    return render.text(found)


def _write(process_path: str, write: str, found: object) -> None:
    from processwalk.eventlog.calibrate import Calibration
    from processwalk.eventlog.calibrated import edits
    from processwalk.eventlog.roundtrip import edit, write_checked

    assert isinstance(found, Calibration)
    with open(process_path, encoding="utf-8-sig") as source:
        text = source.read()
    write_checked(write, edit(text, edits(found)))
    click.echo(f"wrote {write}: a calibrated copy of {process_path}", err=True)


@click.command()
@click.argument("process", type=click.Path(exists=True, dir_okay=False))
@click.option("--log", "log_path", required=True, type=click.Path(exists=True),
              help="Event log (CSV or XES, optionally gzipped; Parquet: a file or a folder of files).")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False),
              help="Mapping file: 'activity: step-id' lines ('~' leaves an activity out); default: an "
                   "activity is the step with that id or that name.")
@click.option("--columns", "columns_path", type=click.Path(exists=True, dir_okay=False),
              help="Mapping file naming the log's case, activity, timestamp, ... columns (default: XES "
                   "names).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True)
@click.option("--write", type=click.Path(dir_okay=False),
              help="Write a calibrated copy of the process here (observed branch p, waits, demand; comments "
                   "and key order kept).  Never the process file itself.")
@click.option("--seed", type=common.SEED, default=0, show_default=True,
              help="Seed of the simulated lead-time distribution of the declared process.")
@common.engine_option
@click.option("--force", is_flag=True, help="With --write: replace an existing file (never an input of the run).")
def command(process: str, log_path: str, map_path: str | None, columns_path: str | None, fmt: str,
            write: str | None, seed: int, engine: str, force: bool) -> None:
    """Compare a process as declared with the same process in an event log: visits, branches, refusals,
    waits, lead times, handoffs, ping-pong, repeat contacts, open work and conformance."""
    sys.exit(calibrate(process, log_path, map_path, columns_path, fmt, write, seed, engine, force))
