"""``processwalk export PROCESS -o MODEL.bpmn``: the process as BPMN 2.0, for the modellers' tools.

The model has a pool with a lane per team, laid out from Graphviz's swimlane layout,
and the walk's figures as documentation; ``--bpsim`` adds BPSim simulation
parameters.  An existing file is replaced only with ``--force``.  Exit 0 when
written, 1 when the process file is invalid (nothing written), 2 for a usage error
or when Graphviz is missing.
"""
from __future__ import annotations

import sys

import click

from processwalk.commands import common


def export(path: str, out: str, *, bpsim: bool = False, force: bool = False) -> int:
    from processwalk.analysis.walk import analyze
    from processwalk.bpmn.write import document
    from processwalk.render.atomic import write_atomic

    common.guard([("bpmn", out)], [path], None, force=force)
    process = common.one_process(path, "export")
    write_atomic(out, document(analyze(process), bpsim=bpsim))
    click.echo(f"wrote {out}", err=True)
    return 0


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False),
              help="The BPMN file to write (.bpmn).")
@click.option("--bpsim", is_flag=True, help="Add BPSim simulation parameters (work, waits, probabilities, arrivals).")
@common.force_option
def command(path: str, out: str, bpsim: bool, force: bool) -> None:
    """Write one process as BPMN 2.0 with its diagram and the walk's figures."""
    sys.exit(export(path, out, bpsim=bpsim, force=force))
