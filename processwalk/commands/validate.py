"""``processwalk validate PATH...``: check process files against the format."""
from __future__ import annotations

import sys
from collections.abc import Sequence

import click


def validate(paths: Sequence[str]) -> int:
    from processwalk.project import load_paths

    loaded = load_paths(paths, records=False)
    for problem in loaded.problems:
        click.echo(str(problem))
    files = len({p.location.file for p in loaded.problems})
    if loaded.problems:
        click.echo(f"{len(loaded.problems)} problem(s) in {files} file(s)", err=True)
        return 1
    click.echo(f"{loaded.built} process(es) valid in {len(loaded.files)} file(s)", err=True)
    return 0


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def command(paths: tuple[str, ...]) -> None:
    """Check process files (or folders, recursively) against the format."""
    sys.exit(validate(paths))
