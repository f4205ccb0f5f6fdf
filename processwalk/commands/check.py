"""``processwalk check PATH...``: validation and findings against the budgets, for CI.

Exit 0 when nothing fails, 1 when an unanswered finding is at or above
``--fail-on`` or an input is invalid, 2 for a usage or internal error.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from processwalk.commands import common
from processwalk.commands.common import config_options, paths_argument

if TYPE_CHECKING:
    from processwalk.assess import Assessment
    from processwalk.findings import Finding
    from processwalk.render.problems import Report

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")
AUTO = "auto"


def check(paths: Sequence[str], *, config_path: str | None = None, today: dt.date | None = None,
          fail_on: str = "error", fmt: str = AUTO, outputs: Sequence[tuple[str, str]] = (),
          show_answered: bool = False, force: bool = False) -> int:
    from processwalk import collector
    from processwalk.assess import assess
    from processwalk.commands.common import load
    from processwalk.render.atomic import write_outputs
    from processwalk.render.problems import failing, summary

    common.guard(outputs, paths, config_path, force=force)
    config = load(paths, config_path, today)
    stdout = pick_format(fmt, os.environ)
    formats = {stdout, *(f for f, _ in outputs)}
    # Only JSON shows the figures: without it the workers send back findings, not walks.
    assessment = assess(paths, config, walks="json" in formats)
    report = report_of(assessment, fail_on)
    root = project_root()
    with collector.paused():
        text = write_outputs(stdout, outputs, functools.partial(pieces, assessment=assessment, report=report,
                                                                show_answered=show_answered, root=root))
    click.echo(text, nl=False)
    click.echo(summary(report), err=True)
    return 1 if failing(report) else 0


def pick_format(fmt: str, environ: Mapping[str, str]) -> str:
    """``auto`` is ``github`` inside GitHub Actions, else ``text``."""
    if fmt != AUTO:
        return fmt
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def report_of(assessment: Assessment, fail_on: str) -> Report:
    """The findings, and what was checked: each process with the rules that ran on it, then each bad
    file and the portfolio, in the order of their first finding."""
    from processwalk.findings import rank_key
    from processwalk.portfolio import Portfolio
    from processwalk.render.problems import Report, Subject

    subjects = [Subject(p.id, p.checked.file, _rules(p.checked.rules, p.findings), findings=p.findings)
                for p in assessment.processes]
    apart = [(Subject(f.file, f.file, _rules((), f.findings), "file", f.findings), f.findings[0])
             for f in assessment.files]
    if found := assessment.portfolio_findings:
        apart.append((Subject(Portfolio.ID, assessment.config.path or "", _rules((), found), "portfolio", found),
                      found[0]))
    subjects += [subject for subject, _ in sorted(apart, key=lambda item: rank_key(item[1]))]
    return Report(assessment.findings, tuple(subjects), fail_on)


def _rules(ran: Sequence[str], findings: Sequence[Finding]) -> tuple[str, ...]:
    """The rules that ran, then those of ``findings`` that are not among them, each once."""
    return tuple(dict.fromkeys([*ran, *(f.rule for f in findings)]))


#: From this many findings on, a SARIF log is made in pieces, one per CPU.
SARIF_PIECES_FROM = 5_000


def pieces(fmt: str, assessment: Assessment, report: Report, show_answered: bool,
           root: str) -> list[Callable[[], str]]:
    """The makers of one format of the report, whose texts joined are the format (see :func:`render`)."""
    from processwalk import __version__, parallel
    from processwalk.render import sarif

    if fmt == "sarif" and len(report.findings) >= SARIF_PIECES_FROM:
        return sarif.pieces(report, sarif.registry_docs(), root=root, version=__version__,
                            count=parallel.cpus())
    return [functools.partial(render, fmt, assessment, report, show_answered, root)]


def render(fmt: str, assessment: Assessment, report: Report, show_answered: bool, root: str) -> str:
    """One format of the report; paths in SARIF and annotations are relative to ``root``."""
    from processwalk import __version__
    from processwalk.render import github, junit, problems, sarif

    if fmt == "text":
        return problems.text(report, show_answered=show_answered)
    if fmt == "json":
        return to_json(assessment, report)
    if fmt == "sarif":
        return sarif.render(report, sarif.registry_docs(), root=root, version=__version__)
    if fmt == "junit":
        return junit.render(report)
    if fmt == "github":
        return github.render(report, root=root, show_answered=show_answered)
    return problems.markdown(report)


def project_root() -> str:
    """The repository's top level (paths in SARIF and annotations are relative to it), else here."""
    from processwalk import gitbase

    repo = gitbase.find(".")
    return repo.root if repo is not None else os.getcwd()


def to_json(assessment: Assessment, report: Report) -> str:
    from processwalk.analysis.walk import document
    from processwalk.findings import to_json as finding_json
    from processwalk.render.problems import counts, failing

    body = document(assessment.walks, {p.id: [finding_json(f) for f in p.findings] for p in assessment.processes})
    body["findings"] = [finding_json(f) for f in assessment.apart]
    body["summary"] = {**counts(report.findings), "fail_on": report.fail_on, "failing": len(failing(report)),
                       "passed": not failing(report)}
    return json.dumps(finite(body), indent=2, ensure_ascii=False) + "\n"


def finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a figure is ``null`` (not computable)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def parse_output(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> list[tuple[str, str]]:
    return common.parse_pairs(ctx, param, values, FORMATS)


OUTPUT_HELP = "Also write FORMAT to PATH (repeatable, written atomically), e.g. --output sarif=results.sarif."
OUTPUT = click.option("--output", "outputs", metavar="FORMAT=PATH", multiple=True, callback=parse_output,
                      help=OUTPUT_HELP)


@click.command()
@paths_argument
@config_options
@click.option("--fail-on", type=click.Choice(("error", "warning", "never")), default="error", show_default=True,
              help="Fail (exit 1) on unanswered findings at or above this level; invalid input always fails.")
@click.option("--format", "fmt", type=click.Choice((AUTO, *FORMATS)), default=AUTO, show_default=True,
              help="Format on standard output; auto is github inside GitHub Actions, else text.")
@OUTPUT
@click.option("--show-answered", is_flag=True, help="Also print answered findings (text and github).")
@common.force_option
def command(paths: tuple[str, ...], config_path: str | None, today: dt.date | None, fail_on: str, fmt: str,
            outputs: list[tuple[str, str]], show_answered: bool, force: bool) -> None:
    """Check process files for findings against the budgets; exit 1 when one fails.

    Answered findings never fail.  Formats: text, json, sarif, junit, github
    (workflow annotations), markdown (for $GITHUB_STEP_SUMMARY).
    """
    sys.exit(check(paths, config_path=config_path, today=today, fail_on=fail_on, fmt=fmt, outputs=outputs,
                   show_answered=show_answered, force=force))
