"""``processwalk discover LOG -o FILE``: draft a process file from an event log."""
from __future__ import annotations

import os
import re
import sys

import click

from processwalk.commands import common

LOG_SUFFIXES = (".xes.gz", ".csv.gz", ".xes", ".csv", ".parquet")


def discover(log_path: str, output: str | None, columns_path: str | None, min_p: float,
             ends: tuple[str, ...], threshold: float, team_by: str | None, process_id: str | None,
             title: str | None, force: bool, engine: str = "duckdb") -> int:
    from processwalk.commands.common import log_engine
    from processwalk.errors import ProcessWalkError
    from processwalk.eventlog import discover as mining
    from processwalk.eventlog import load_columns, read_log
    from processwalk.eventlog.columns import DEFAULT
    from processwalk.eventlog.draft import Options
    from processwalk.eventlog.draft_yaml import to_yaml
    from processwalk.eventlog.roundtrip import check_text, write_checked
    from processwalk.slugs import slugify

    if output is not None and os.path.exists(output) and not force:
        raise ProcessWalkError(f"{output} exists; discover drafts a new file: choose another name, or add "
                               "--force to replace it", exit_code=2)
    if process_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", process_id):
        raise ProcessWalkError(f"--id '{process_id}' is not a process id; use lowercase letters, digits and "
                               f"'-', e.g. '{slugify(process_id, 'my-process')}'", exit_code=2)
    if output is not None:
        from processwalk.commands import common

        common.guard([("yaml", output)], [log_path], None, columns_path, force=True)
    columns = load_columns(columns_path) if columns_path else DEFAULT
    options = Options(
        process=process_id or slugify(_stem(output or log_path), "discovered"),
        title=title, min_p=min_p, threshold=threshold, ends=ends or None,
        team_by="group" if team_by == "group" else "resource" if team_by == "resource" else None)
    with read_log(log_path, columns, **log_engine(log_path, engine)) as log:
        draft = mining.discover(log, options)
    text = to_yaml(draft)
    if output is None:
        check_text(text, "<stdout>")
        click.echo(text, nl=False)
    else:
        write_checked(output, text)
    steps = sum(1 for s in draft.steps if s.activity is not None)
    click.echo(f"{output or 'drafted'}: process '{options.process}' with {steps} steps from {draft.log} "
               f"({draft.counts.cases:,} cases), {len(draft.teams)} teams; it validates", err=True)
    return 0


def _stem(path: str) -> str:
    name = os.path.basename(path)
    for suffix in (*LOG_SUFFIXES, ".yaml", ".yml"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return re.sub(r"\.[^.]*$", "", name)


@click.command()
@click.argument("log", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Process file to write (atomically, only if it validates there); default: standard "
                   "output.")
@click.option("--columns", "columns_path", type=click.Path(exists=True, dir_okay=False),
              help="Mapping file naming the log's case, activity, timestamp, ... columns (default: XES "
                   "names).")
@click.option("--min-p", type=click.FloatRange(0, 1, max_open=True), default=0.0, show_default=True,
              help="Fold branches taken less than this share of the time from their step into its other "
                   "branches; 0 keeps every path seen, so that the whole log fits the file.")
@click.option("--end", "ends", multiple=True, metavar="ACTIVITY",
              help="An activity after which a case is finished (repeat for several); default: those that "
                   "end at least --threshold of the cases they are in.")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=0.5, show_default=True,
              help="Finality that makes an activity an end activity, when no --end is given.")
@click.option("--teams", "team_by", type=click.Choice(["group", "resource"]),
              help="Teams from the log's groups or its resources (default: groups when the log has them).")
@click.option("--id", "process_id", help="Process id (default: from the output file's name, else the log's).")
@click.option("--title", help="Process title (default: says which log it was discovered from).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@common.engine_option
def command(log: str, output: str | None, columns_path: str | None, min_p: float, ends: tuple[str, ...],
            threshold: float, team_by: str | None, process_id: str | None, title: str | None,
            force: bool, engine: str) -> None:
    """Draft a process file from an event log (CSV, XES or Parquet): steps from its activities, branch
    probabilities from directly-follows counts, waits from timestamps, teams from groups or
    resources, demand from case arrivals, backlogs from the cases still open.  A starting point for
    a process owner; the header says how it was made."""
    sys.exit(discover(log, output, columns_path, min_p, ends, threshold, team_by, process_id, title, force,
                      engine))
