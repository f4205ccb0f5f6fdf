"""From paths to ranked findings: load, analyse each process, run the rules, apply the answers.

This is the pipeline every reporting command shares::

    load -> analyze (one Walk per process) -> rules -> portfolio rules -> answers -> rank

Over many files each worker loads its share, analyses it and runs the rules
on it, and sends back the findings and a :class:`Checked` record per process
(a few hundred bytes), plus the walk only when the caller keeps the walks.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from processwalk import portfolio as portfolios
from processwalk.analysis.walk import Walk, analyze, analyzed
from processwalk.config import Config
from processwalk.errors import Problem
from processwalk.findings import Finding, UnmatchedAnswer, apply_answers, rank
from processwalk.model import Answer, Process
from processwalk.portfolio import Portfolio, Share
from processwalk.project import Loaded, load_each
from processwalk.rules import RULES


@dataclass(frozen=True)
class Checked:
    """One process as the portfolio and ``check`` see it, without its figures."""

    id: str
    file: str
    #: the rules that ran on it (with the budgets of its file applied), ``invalid`` first
    rules: tuple[str, ...]
    answers: tuple[Answer, ...]
    share: Share


@dataclass(frozen=True)
class Assessment:
    config: Config
    loaded: Loaded
    #: every process that built, in the order of the files
    checked: tuple[Checked, ...]
    #: the walk of each process, in the same order; empty when not kept (``assess(walks=False)``)
    walks: tuple[Walk, ...]
    portfolio: Portfolio
    #: every finding, ranked; portfolio findings have ``process == Portfolio.ID``
    findings: tuple[Finding, ...]
    unmatched: tuple[UnmatchedAnswer, ...]

    def findings_of(self, process_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.process == process_id)

    def walk_of(self, process_id: str) -> Walk:
        return next(w for w in self.walks if w.process.id == process_id)


#: What the analysis of one process gives back: its record, its findings and (when kept) its walk.
_Assessed = tuple[Checked, list[Finding], Walk | None]


def assess(paths: Sequence[str], config: Config, *, seed: int = 0, cases: int = 10_000,
           simulated: bool = False, walks: bool = True) -> Assessment:
    """``walks=False`` keeps only the findings and the records: what ``check`` needs, and much less
    to send back from the workers.  ``simulated`` (with the walks): run every process's simulation
    now, in the workers, because the caller shows it; otherwise it runs on first use (a rule reads
    it only for processes with an ``sla``)."""
    job = functools.partial(_assess_one, config, seed, cases, simulated, walks)
    loaded, results = load_each(paths, job)
    checked = tuple(c for c, _, _ in results)
    portfolio = portfolios.build([c.share for c in checked], loaded.files)
    found = [*_invalid(loaded.problems), *(f for _, fs, _ in results for f in fs),
             *_portfolio_findings(portfolio, config)]
    marked, unmatched = apply_answers(found, {c.id: c.answers for c in checked}, config.today)
    kept = tuple(w for _, _, w in results if w is not None)
    return Assessment(config, loaded, checked, kept, portfolio, tuple(rank(marked)), tuple(unmatched))


def _assess_one(config: Config, seed: int, cases: int, simulated: bool, keep: bool,
                process: Process) -> _Assessed:
    # A walk that is kept is completed here, where the process is analysed (in a worker, when many).
    walk = analyzed(process, seed=seed, cases=cases, simulated=simulated) if keep else \
        analyze(process, seed=seed, cases=cases)
    ran, findings = run_rules(walk, config)
    checked = Checked(process.id, process.file, ("invalid", *ran), process.answers, Share.of(walk))
    return checked, findings, walk if keep else None


def run_rules(walk: Walk, config: Config) -> tuple[tuple[str, ...], list[Finding]]:
    """The rules that run on ``walk`` (with the budgets of its file applied) and their findings."""
    process = walk.process
    settings = config.for_process(process.budgets, process.file)
    rules = [rule for rule in RULES if hasattr(rule, "check") and settings[rule.ID].enabled]
    return tuple(rule.ID for rule in rules), [f for rule in rules for f in rule.check(walk, settings[rule.ID])]


def _invalid(problems: Sequence[Problem]) -> Iterator[Finding]:
    for problem in problems:
        yield Finding(rule="invalid", severity="error", process=problem.location.file, place="process",
                      at=problem.location.file, location=problem.location, message=problem.message, why="")


def _portfolio_findings(portfolio: Portfolio, config: Config) -> Iterator[Finding]:
    for rule in RULES:
        if hasattr(rule, "check_portfolio") and config.rules[rule.ID].enabled:
            yield from rule.check_portfolio(portfolio, config.rules[rule.ID])
