"""``processwalk analyze PATH...``: the figures and ranked "why" hotspots of each process."""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence

import click

from processwalk.commands import common


def analyze(paths: Sequence[str], fmt: str, config_path: str | None, today: dt.date | None,
            seed: int) -> int:
    assessment = common.assess(paths, config_path, today, seed, simulated=True)
    for problem in assessment.loaded.problems:
        click.echo(str(problem), err=True)
    if fmt == "json":
        click.echo(json.dumps(document(assessment), indent=2, sort_keys=False, allow_nan=False))
    else:
        from processwalk.render.text import summary

        click.echo(summary(assessment), nl=False)
    return 1 if assessment.loaded.problems else 0


def document(assessment: object) -> dict[str, object]:
    from processwalk.analysis.walk import document as walks_document
    from processwalk.assess import Assessment
    from processwalk.findings import to_json

    assert isinstance(assessment, Assessment)
    doc = walks_document(assessment.walks, {p.id: [to_json(f) for f in p.findings] for p in assessment.processes})
    portfolio = assessment.portfolio
    doc["portfolio"] = {
        "bottleneck": portfolio.bottleneck.team.id if portfolio.bottleneck else None,
        "teams": {t: {"processes": list(total.processes), "load_h_per_day": total.load_h_per_day,
                      "capacity_h_per_day": total.capacity_h_per_day, "utilization": total.utilization}
                  for t, total in portfolio.teams.items()},
        "policies": {p: {"processes": list(total.processes),
                         "customer_days_per_year": total.customer_days_per_year,
                         "staff_hours_per_year": total.staff_hours_per_year,
                         "cost_per_year": total.cost_per_year}
                     for p, total in portfolio.policies.items()},
        "findings": [to_json(f) for f in assessment.portfolio_findings],
    }
    doc["unmatched_answers"] = [
        {"process": u.process, "rule": u.answer.rule, "at": u.answer.at, "expired": u.expired,
         "file": u.answer.location.file, "line": u.answer.location.line, "column": u.answer.location.column}
        for u in assessment.unmatched]
    doc["problems"] = [{"file": p.location.file, "line": p.location.line, "column": p.location.column,
                        "message": p.message} for p in assessment.loaded.problems]
    return doc


@click.command()
@common.paths_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@common.config_options
@common.seed_option
def command(paths: tuple[str, ...], fmt: str, config_path: str | None, today: dt.date | None,
            seed: int) -> None:
    """Figures and ranked "why" hotspots of each process (files or folders)."""
    sys.exit(analyze(paths, fmt, config_path, today, seed))
