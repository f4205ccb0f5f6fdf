"""``processwalk diff``: what a change does to the processes; exit 1 when it breaks a budget.

``processwalk diff --base REF [PATH...]`` compares the files as they were at the
git ref with the working tree (read through git; the working tree and the index
are never touched).  ``processwalk diff OLD NEW`` compares two files or folders.
"""
from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from processwalk.commands import common
from processwalk.commands.common import config_options
from processwalk.render.atomic import write_outputs

if TYPE_CHECKING:
    from processwalk.compare import Diff

FORMATS = ("text", "json", "markdown")


def diff(paths: Sequence[str], *, base: str | None, config_path: str | None = None,
         today: dt.date | None = None, fmt: str = "text", outputs: Sequence[tuple[str, str]] = (),
         force: bool = False) -> int:
    from processwalk import compare
    from processwalk.commands.common import load
    from processwalk.render import diff as views

    if base is None and len(paths) != 2:
        raise click.UsageError("give --base REF to compare with a git ref, or exactly two paths: OLD NEW")
    common.guard(outputs, paths, config_path, force=force)
    config = load([paths[1]] if base is None else (paths[:1] or ["."]), config_path, today)
    found = (compare.against_ref(base, paths, config) if base is not None
             else compare.between([paths[0]], [paths[1]], config))
    click.echo(write_outputs(fmt, outputs, lambda f: [functools.partial(render, f, found)]), nl=False)
    click.echo(views.summary(found), err=True)
    return found.exit_code


def render(fmt: str, found: Diff) -> str:
    from processwalk.render import diff as views

    if fmt == "json":
        return views.to_json(found)
    if fmt == "markdown":
        return views.markdown(found)
    return views.text(found)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--base", metavar="REF", help="Compare with the files at this git ref (branch, tag, commit).")
@config_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Format on standard output; markdown is a pull-request comment with Mermaid flowcharts.")
@click.option("--output", "outputs", metavar="FORMAT=PATH", multiple=True,
              callback=lambda ctx, param, values: common.parse_pairs(ctx, param, values, FORMATS),
              help="Also write FORMAT to PATH (repeatable, written atomically), e.g. --output markdown=comment.md.")
@common.force_option
def command(paths: tuple[str, ...], base: str | None, config_path: str | None, today: dt.date | None, fmt: str,
            outputs: list[tuple[str, str]], force: bool) -> None:
    """Compare process files with a git ref (--base REF [PATH...]) or two files or folders (OLD NEW).

    Shows processes and steps added or removed, each headline figure before and
    after, new approvals, handoffs and refusal branches, findings new and fixed,
    and the teams, systems and policies changed in the catalogs (a team with its
    staff, capacity, utilization and backlog growth before and after).  Exits 1 when the change breaks a budget (config 'diff:'): lead time up
    by more than 'lead-time-increase', a new approval step, a new refusal loop.
    """
    sys.exit(diff(paths, base=base, config_path=config_path, today=today, fmt=fmt, outputs=outputs, force=force))
