"""``processwalk schema``: print the JSON Schema shipped in the package."""
from __future__ import annotations

import sys

import click


def schema() -> int:
    from processwalk.schema import text

    click.echo(text(), nl=False)
    return 0


@click.command()
def command() -> None:
    """Print the JSON Schema of the process format (for editor completion)."""
    sys.exit(schema())
