"""``processwalk init DIR``: a starting folder to describe processes in.

It holds the configuration, a catalog and one commented process (which
validate), the JSON Schema of the format, and the editor settings that map the
schema onto the process files (each file also names it in a
``# yaml-language-server: $schema=`` modeline).  An existing file is never
replaced without ``--force``.
"""
from __future__ import annotations

import os
import sys

import click

#: Where each file of the starting folder goes (relative to DIR), and its source in ``processwalk/starter``
#: (None: the schema of the package).
FILES: dict[str, str | None] = {
    ".processwalk.yaml": "processwalk.yaml",
    ".vscode/settings.json": "settings.json",
    "process.schema.json": None,
    "processes/address-change.yaml": "address-change.yaml",
    "processes/catalog.yaml": "catalog.yaml",
}


def init(folder: str, force: bool = False) -> int:
    from processwalk.errors import ProcessWalkError
    from processwalk.render.atomic import guard, write_all

    targets = {os.path.join(folder, *name.split("/")): name for name in FILES}
    try:
        guard([("init", path) for path in targets], [], force=force)
    except ProcessWalkError as refused:
        raise ProcessWalkError(f"{refused.format_message()}\ninit wrote nothing: choose an empty folder, or add "
                               "--force to replace the files", exit_code=2) from None
    for path in write_all(folder, {name: _text(source) for name, source in FILES.items()}):
        click.echo(f"wrote {path}", err=True)
    click.echo(f"next: describe a process in {os.path.join(folder, 'processes', 'address-change.yaml')}, then run "
               f"'processwalk validate {folder}'", err=True)
    return 0


def _text(source: str | None) -> str:
    from importlib import resources

    if source is None:
        from processwalk.schema import text

        return text()
    return resources.files("processwalk").joinpath("starter", source).read_text(encoding="utf-8")


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace the files of the starting folder that exist already.")
def command(folder: str, force: bool) -> None:
    """Write a starting folder: the configuration, a catalog, one commented process, the schema and
    the editor settings for it."""
    sys.exit(init(folder, force))
