"""The command line.  Thin: each command lives in ``processwalk.commands.<name>`` as a
``click.Command`` named ``command`` that parses options and calls one function.

Command modules import only click and the standard library at the top; heavy
imports stay inside the functions, so that ``processwalk --help`` starts fast.
"""
from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from processwalk import __version__

COMMANDS = ("init", "validate", "analyze", "walk", "check", "diff", "report", "diagram", "rules", "schema",
            "discover", "calibrate", "convert", "whatif", "staff", "import", "export")
#: commands whose module name is not theirs (a Python keyword)
MODULES = {"import": "import_"}


class _Group(click.Group):
    """Loads commands on demand and turns an unexpected exception into one line and exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self.get_command(ctx, name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        try:
            name = f"processwalk.commands.{MODULES.get(cmd_name, cmd_name)}"
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                return None
            raise
        command: click.Command = module.command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # pragma: no cover - the reader went away (| head)
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # noqa: BLE001  # pragma: no cover - the one place that catches everything
            click.echo(f"processwalk: internal error: {type(exc).__name__}: {exc}\n"
                       "This is a bug; please report it with the command you ran.", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="processwalk")
def main() -> None:
    """Walk customer-service processes stop by stop and ask "why?" at every stop.

    Exit codes: 0 ok, 1 findings or invalid input, 2 usage or internal error.
    """
