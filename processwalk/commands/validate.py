"""``processwalk validate PATH...``: check process files against the format."""
from __future__ import annotations

from typing import Sequence

import click

from processwalk.project import load_paths


def validate(paths: Sequence[str]) -> int:
    loaded = load_paths(paths)
    for problem in loaded.problems:
        click.echo(str(problem))
    files = len({p.location.file for p in loaded.problems})
    if loaded.problems:
        click.echo(f"{len(loaded.problems)} problem(s) in {files} file(s)", err=True)
        return 1
    click.echo(f"{len(loaded.processes)} process(es) valid in {len(loaded.files)} file(s)", err=True)
    return 0
