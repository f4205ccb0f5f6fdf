"""``processwalk staff PATH... --target utilization=0.85``: the least staff per team that meets a
target, with the yearly staffing cost and what the customers gain (:mod:`processwalk.staff`)."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from processwalk.commands import common

if TYPE_CHECKING:
    from processwalk.staff import Staffing, Target


def staff(paths: Sequence[str], target_text: str, fmt: str, config_path: str | None, today: dt.date | None,
          seed: int) -> int:
    from processwalk.errors import ProcessWalkError
    from processwalk.staff import parse, staffing

    try:
        target = parse(target_text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--target'") from None
    assessment = common.assess(paths, config_path, today, seed)
    if assessment.loaded.problems:
        raise ProcessWalkError(list(assessment.loaded.problems))
    try:
        found = staffing([w.process for w in assessment.walks], assessment.config, target,
                         walks=assessment.walks_by_id, seed=seed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--target'") from None
    if fmt == "json":
        click.echo(json.dumps({"target": target_text, "teams": [_json(s) for s in found]}, indent=2, allow_nan=False))
    else:
        click.echo(text(target, found, assessment.config.display.currency), nl=False)
    return 0


def text(target: Target, found: Sequence[Staffing], currency: str | None = None) -> str:
    """The least staff of each team as a table; the staffing cost a year in ``currency``."""
    from processwalk.formatting import NO_FIGURE, format_share

    lines = [f"least staff for {target}"]
    if not found:
        return lines[0] + ": no team with declared staff that the target concerns\n"
    cost = f"staffing cost a year ({currency})" if currency else "staffing cost a year"
    rows = [("team", "staff", "least", "change", "utilization", cost, "customer-days a year")]
    for s in found:
        team = s.queue.team
        if s.least is None:
            rows.append((team.id, f"{team.staff:g}", NO_FIGURE, NO_FIGURE, NO_FIGURE, NO_FIGURE, f"out of reach: {s.why_not}"))
            continue
        change = s.least - (team.staff or 0)
        rows.append((team.id, f"{team.staff:g}", str(s.least), f"{change:+g}" if change else "0",
                     format_share(s.utilization or 0.0), _signed(s.staffing_cost_added),
                     _signed(-s.customer_days_gained if s.customer_days_gained is not None else None)))
    width = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines += ["  " + "  ".join([*(c.ljust(w) for c, w in zip(r[:-1], width)), r[-1]]).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def _signed(value: float | None) -> str:
    from processwalk.formatting import NOT_DECLARED, signed_whole

    return NOT_DECLARED if value is None else signed_whole(value)


def _json(s: Staffing) -> dict[str, Any]:
    return {"team": s.queue.team.id, "staff": s.queue.team.staff, "least": s.least, "why_not": s.why_not,
            "utilization": s.utilization, "staffing_cost_added_per_year": s.staffing_cost_added,
            "customer_days_gained_per_year": s.customer_days_gained}


@click.command("staff")
@common.paths_argument
@click.option("--target", "target_text", default="utilization=0.85", show_default=True,
              help="utilization=0.85, wait=STEP:4h (or PROCESS/STEP:4h), sla=0.9 (simulated) or backlog=90d.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@common.config_options
@common.seed_option
def command(paths: tuple[str, ...], target_text: str, fmt: str, config_path: str | None, today: dt.date | None,
            seed: int) -> None:
    """The least staff per team that meets a target, exact to one person, with its yearly cost and the
    customer-days gained."""
    raise SystemExit(staff(paths, target_text, fmt, config_path, today, seed))
