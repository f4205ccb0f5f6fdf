"""The command line.  Thin: each command parses its options and calls one function.

Heavy imports stay inside the commands so that ``processwalk --help`` starts fast.
"""
from __future__ import annotations

import sys
from typing import Any

import click

from processwalk import __version__

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))


class _Group(click.Group):
    """Turns an unexpected exception into one line and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:  # pragma: no cover - by definition not expected
            click.echo(f"processwalk: internal error: {type(exc).__name__}: {exc}\n"
                       "This is a bug; please report it with the command you ran.", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="processwalk")
def main() -> None:
    """Walk customer-service processes stop by stop and ask "why?" at every stop.

    Exit codes: 0 ok, 1 findings or invalid input, 2 usage or internal error.
    """


@main.command()
@PATHS
def validate(paths: tuple[str, ...]) -> None:
    """Check process files (or folders, recursively) against the format."""
    from processwalk.commands.validate import validate as run

    sys.exit(run(paths))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the process format (for editor completion)."""
    from processwalk.commands.schema import schema as run

    sys.exit(run())
