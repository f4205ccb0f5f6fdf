"""``processwalk diagram FILE -o OUT``: the process diagram alone, as SVG, PNG or DOT.

The format comes from the extension of ``OUT`` (``.svg``, ``.png``, ``.dot`` or
``.gv``), or from ``--format``.  Hotspots are shaded as in the report.  Exit 0
when written, 1 when the file is invalid (nothing written), 2 for a usage error
or when Graphviz is missing (the message says how to install it).
"""
from __future__ import annotations

import datetime as dt
import os
import sys

import click

from processwalk.commands import common

FORMATS = ("svg", "png", "dot")
EXTENSIONS = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot"}


def diagram(path: str, out: str, *, fmt: str | None = None, config_path: str | None = None,
            today: dt.date | None = None, seed: int = 0, force: bool = False) -> int:
    from processwalk.errors import ProcessWalkError
    from processwalk.render import diagram as diagrams
    from processwalk.render.atomic import write_atomic

    chosen = fmt or format_of(out)
    common.guard([(chosen, out)], [path], config_path, force=force)
    assessment = common.assess([path], config_path, today, seed)
    if assessment.loaded.problems:
        for problem in assessment.loaded.problems:
            click.echo(str(problem))
        click.echo(f"{len(assessment.loaded.problems)} problem(s); no diagram written", err=True)
        return 1
    if not assessment.processes:
        raise ProcessWalkError(common.no_process(path, "diagram"), exit_code=2)
    assessed = assessment.processes[0]
    walk = assessed.walk
    heat = diagrams.heat_of(walk.process, assessed.findings)
    flow = {s: f.visits for s, f in walk.steps.items()}
    write_atomic(out, diagrams.render(walk.process, chosen, heat, flow))
    click.echo(f"wrote {out}", err=True)
    return 0


def format_of(out: str) -> str:
    from processwalk.errors import ProcessWalkError

    extension = os.path.splitext(out)[1].lower()
    if extension not in EXTENSIONS:
        raise ProcessWalkError(f"cannot tell the format of '{out}'; name it .svg, .png or .dot, "
                               "or give --format", exit_code=2)
    return EXTENSIONS[extension]


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False),
              help="File to write: .svg, .png or .dot.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Override the format the extension implies.")
@common.config_options
@common.seed_option
@common.force_option
def command(path: str, out: str, fmt: str | None, config_path: str | None, today: dt.date | None,
            seed: int, force: bool) -> None:
    """Draw one process: swimlanes per team, hotspots shaded by impact."""
    sys.exit(diagram(path, out, fmt=fmt, config_path=config_path, today=today, seed=seed, force=force))
