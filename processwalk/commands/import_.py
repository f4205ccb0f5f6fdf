"""``processwalk import MODEL.bpmn -o DIR``: process files from a BPMN 2.0 model."""
from __future__ import annotations

import os
import sys

import click

from processwalk.commands import common


def import_model(model: str, output: str, force: bool) -> int:
    from processwalk.bpmn import importer
    from processwalk.render.atomic import write_all

    if read_back(model, output, force):
        return 0
    imported = importer.read(model)
    made = importer.texts(imported)
    common.guard([("yaml", os.path.join(output, name)) for name in made], [model], None, force=force)
    write_all(output, dict(made))
    for note in imported.notes:
        click.echo(str(note))
    steps = sum(len(d.steps) for d in imported.drafts)
    click.echo(f"{output}: {len(imported.drafts)} process file(s) and a catalog from {model}: {steps} steps, "
               f"{len(imported.teams)} team(s), {len(imported.notes)} note(s) on what was approximated; "
               "it validates", err=True)
    return 0


def read_back(model: str, output: str, force: bool) -> bool:
    """Write the process back when ``model`` is an unchanged ``processwalk export`` (True), else nothing."""
    from processwalk.bpmn import importer, readback, xmltree
    from processwalk.render.atomic import write_all

    back = readback.read_back(model, xmltree.parse(model))
    # an export whose figures were edited so that they no longer make a valid process (branches that
    # no longer add up to 1) is imported as any model is, as one changed in a modeller
    if back is None or importer.problems_of(back.files):
        return False
    common.guard([("yaml", os.path.join(output, name)) for name in back.files], [model], None, force=force)
    write_all(output, dict(back.files))
    click.echo(f"{output}: a process file and a catalog read back from {model}, which 'processwalk export' "
               f"wrote: {back.steps} steps, {back.teams} team(s); it validates", err=True)
    return True


@click.command(name="import")
@click.argument("model", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="Folder to write the process files and their catalog into (made if needed).")
@click.option("--force", is_flag=True, help="Replace files of the folder that have the same names.")
def command(model: str, output: str, force: bool) -> None:
    """Draft process files from a BPMN 2.0 model (Camunda, Signavio, Bizagi, ...): one per pool,
    lanes as teams, tasks as steps, gateways as branches, timers as waits, and a catalog of the
    teams.  Every construct that is approximated is printed with its place in the model."""
    sys.exit(import_model(model, output, force))
