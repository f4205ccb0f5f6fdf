"""``processwalk schema``: print the JSON Schema shipped in the package."""
from __future__ import annotations

import sys
from importlib import resources

import click


def text() -> str:
    return resources.files("processwalk").joinpath("process.schema.json").read_text(encoding="utf-8")


def schema() -> int:
    click.echo(text(), nl=False)
    return 0


@click.command()
def command() -> None:
    """Print the JSON Schema of the process format (for editor completion)."""
    sys.exit(schema())
