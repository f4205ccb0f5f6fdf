"""``processwalk whatif PATH...``: the baseline and each scenario side by side (``spec/scenarios.md``).

The scenarios are those the process files declare, those of the scenario files that apply to them,
those of ``--scenario FILE`` and, when ``--change`` is given, one more made of those changes (in
the vocabulary of a scenario file: a team change as it is, any other with its ``process:``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from processwalk.commands import common

if TYPE_CHECKING:
    from processwalk.assess import Assessment
    from processwalk.errors import Problem
    from processwalk.model import Change, Scenario

COMMAND_LINE = "<--change>"


def whatif(paths: Sequence[str], scenario_files: Sequence[str], changes: Sequence[str], fmt: str,
           config_path: str | None, today: dt.date | None, seed: int, suggest: bool = False,
           top: int = 5) -> int:
    from processwalk.errors import ProcessWalkError
    from processwalk.project import shared_scenarios, team_change_problems
    from processwalk.render import whatif as render

    assessment = common.assess(paths, config_path, today, seed)
    shared, problems = shared_scenarios(paths, scenario_files)
    extra, more = _command_line(changes)
    problems = [*assessment.loaded.problems, *problems, *more]
    if problems:
        raise ProcessWalkError(problems)
    processes = [w.process for w in assessment.walks]
    if suggest:
        return _suggest(assessment, fmt, seed, top)
    if extra:
        teams = {t: team for p in processes for t, team in p.teams.items()}
        known = team_change_problems(extra[0], dataclasses.replace(processes[0].catalog, teams=teams))
        if known:
            raise ProcessWalkError(known)
    evaluation = common.evaluate(assessment, shared, extra, seed)
    if fmt == "json":
        click.echo(json.dumps(render.to_json(evaluation), indent=2, allow_nan=False))
    else:
        display = assessment.config.display
        click.echo((render.markdown if fmt == "markdown" else render.text)(evaluation, display.currency, display.unit),
                   nl=False)
    return 0


def _suggest(assessment: Assessment, fmt: str, seed: int, top: int) -> int:
    """Every suggested remedy evaluated and ranked, the best ``top`` together (``--suggest``)."""
    from processwalk.render import suggest as render
    from processwalk.suggest import suggestion

    found = suggestion([w.process for w in assessment.walks], assessment.findings, assessment.config,
                       walks=assessment.walks_by_id, seed=seed, top=top)
    if fmt == "json":
        click.echo(json.dumps(render.to_json(found), indent=2, allow_nan=False))
    else:
        display = assessment.config.display
        shown = (render.markdown if fmt == "markdown" else render.text)(found, currency=display.currency,
                                                                        unit=display.unit)
        click.echo(shown, nl=False)
    return 0


def _command_line(changes: Sequence[str]) -> tuple[list[Scenario], list[Problem]]:
    """The scenario of ``--change`` (none without it), and the problems of its changes; the n-th
    change is read as the file ``<--change> n``."""
    from processwalk.errors import Location, ProcessWalkError
    from processwalk.load import load
    from processwalk.model import Scenario
    from processwalk.read import Reader
    from processwalk.scenarios import read_change

    found: list[Change] = []
    problems: list[Problem] = []
    for number, change in enumerate(changes, 1):
        name = f"{COMMAND_LINE} {number}"
        try:
            root = load(name, change.encode("utf-8")).root
        except ProcessWalkError as exc:
            problems.extend(exc.problems)
            continue
        reader = Reader(name)
        made = read_change(reader, root, None) if root is not None else None
        if root is None:
            reader.problem(Location(name, 1, 1), "an empty --change; write e.g. --change 'staff: {back-office: +1}'")
        problems.extend(reader.problems)
        if made is not None and not reader.problems:
            found.append(made)
    if problems or not found:
        return [], problems
    return [Scenario("command-line", "; ".join(c.strip() for c in changes), Location(COMMAND_LINE), tuple(found))], []


@click.command("whatif")
@common.paths_argument
@click.option("--scenario", "scenario_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A scenario file to evaluate too (repeat for several).")
@click.option("--change", "changes", multiple=True, metavar="YAML",
              help="A one-off change, e.g. --change 'staff: {back-office: +1}' (repeat: one scenario of them all).")
@click.option("--suggest", is_flag=True,
              help="Evaluate the remedy of every finding, ranked by customer-days a year saved, and the best together.")
@click.option("--top", type=click.IntRange(1), default=5, show_default=True,
              help="With --suggest: how many of the best remedies are evaluated together.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@common.config_options
@common.seed_option
def command(paths: tuple[str, ...], scenario_files: tuple[str, ...], changes: tuple[str, ...], suggest: bool,
            top: int, fmt: str, config_path: str | None, today: dt.date | None, seed: int) -> None:
    """What if: the baseline and each scenario side by side, with the differences; with --suggest, the
    remedy of every finding, priced and ranked."""
    raise SystemExit(whatif(paths, scenario_files, changes, fmt, config_path, today, seed, suggest, top))
