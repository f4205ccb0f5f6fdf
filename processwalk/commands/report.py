"""``processwalk report PATH... -o DIR``: a page per process and a portfolio index.

Exit 0 when the report is written (findings never fail a report), 1 when an
input is invalid (its problems are printed as ``validate`` prints them and
nothing is written), 2 for a usage error or when Graphviz is missing.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from processwalk.commands import common

if TYPE_CHECKING:
    from processwalk.assess import Assessment
    from processwalk.suggest import Suggestion
    from processwalk.whatif import Evaluation

FORMATS = ("html", "markdown")
#: an event log to calibrate against: its path, a mapping file, a columns file
Log = tuple[str, "str | None", "str | None"]


def report(paths: Sequence[str], out: str, *, fmt: str = "html", config_path: str | None = None,
           today: dt.date | None = None, seed: int = 0, log: Log | None = None, force: bool = False) -> int:
    """``log``: an event log (path, mapping file, columns file) to calibrate every process against."""
    from processwalk.project import shared_scenarios
    from processwalk.render.atomic import write_all
    from processwalk.render.html import priced
    from processwalk.suggest import suggestion

    assessment = common.assess(paths, config_path, today, seed, simulated=True)
    shared, more = shared_scenarios(paths)
    problems = [*assessment.loaded.problems, *(p for p in more if p not in assessment.loaded.problems)]
    if problems:
        for problem in problems:
            click.echo(str(problem))
        files = len({p.location.file for p in problems})
        click.echo(f"{len(problems)} problem(s) in {files} file(s); no report written", err=True)
        return 1
    calibrations = common.calibration_sections(assessment.walks, *log) if log is not None and fmt == "html" else {}
    evaluation = common.evaluate(assessment, shared, seed=seed)
    moves = suggestion([w.process for w in assessment.walks], priced(assessment), assessment.config,
                       walks=assessment.walks_by_id, seed=seed, base=evaluation.baseline) if fmt == "html" else None
    pages = render(assessment, fmt, calibrations, evaluation, moves)
    common.guard([(fmt, os.path.join(out, name)) for name in pages], paths, config_path, *(log or ()), force=force)
    write_all(out, dict(pages))
    click.echo(f"wrote {len(pages)} page(s) for {len(assessment.walks)} process(es) to {out}", err=True)
    return 0


def render(assessment: Assessment, fmt: str, calibrations: dict[str, str] | None = None,
           evaluation: Evaluation | None = None, moves: Suggestion | None = None) -> dict[str, str]:
    """Every page, in memory: nothing is written before all of them rendered; ``moves``: the ranked
    moves, evaluated once for the whole report (html)."""
    if fmt == "markdown":
        from processwalk.render import markdown

        return markdown.render(assessment, evaluation)
    from processwalk.render import html

    return html.render(assessment, calibrations, evaluation, moves)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the pages into (created when missing).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="html: self-contained pages; markdown: for wikis and pull requests, with Mermaid charts.")
@common.config_options
@common.seed_option
@click.option("--log", "log_path", type=click.Path(exists=True, dir_okay=False),
              help="Event log (CSV or XES) to calibrate the processes against: adds a 'declared vs actual' "
                   "section to each page (html).")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False),
              help="With --log: mapping file of log activities to steps.")
@click.option("--columns", "columns_path", type=click.Path(exists=True, dir_okay=False),
              help="With --log: mapping file naming the log's columns.")
@common.force_option
def command(paths: tuple[str, ...], out: str, fmt: str, config_path: str | None, today: dt.date | None,
            seed: int, log_path: str | None, map_path: str | None, columns_path: str | None, force: bool) -> None:
    """Write a report: one page per process and an index of the portfolio."""
    log = (log_path, map_path, columns_path) if log_path else None
    sys.exit(report(paths, out, fmt=fmt, config_path=config_path, today=today, seed=seed, log=log, force=force))
