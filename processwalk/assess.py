"""From paths to ranked findings: load, analyse each process, run the rules, apply the answers.

This is the pipeline every reporting command shares::

    load_paths -> analyze (one Walk per process) -> rules -> portfolio rules -> answers -> rank
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from processwalk import portfolio as portfolios
from processwalk.analysis.walk import Walk, analyze_each
from processwalk.config import Config
from processwalk.errors import Problem
from processwalk.findings import Finding, UnmatchedAnswer, apply_answers, rank
from processwalk.portfolio import Portfolio
from processwalk.project import Loaded, load_paths
from processwalk.rules import RULES


@dataclass(frozen=True)
class Assessment:
    config: Config
    loaded: Loaded
    walks: tuple[Walk, ...]
    portfolio: Portfolio
    #: every finding, ranked; portfolio findings have ``process == Portfolio.ID``
    findings: tuple[Finding, ...]
    unmatched: tuple[UnmatchedAnswer, ...]

    def findings_of(self, process_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.process == process_id)

    def walk_of(self, process_id: str) -> Walk:
        return next(w for w in self.walks if w.process.id == process_id)


def assess(paths: Sequence[str], config: Config, *, seed: int = 0, cases: int = 10_000,
           simulated: bool = False) -> Assessment:
    """``simulated``: run every process's simulation now (in parallel) because the caller shows it;
    otherwise it runs on first use (a rule reads it only for processes with an ``sla``)."""
    loaded = load_paths(paths)
    # The rules run where each process is analysed: in the workers, when there are many.
    analysed = analyze_each(loaded.processes, functools.partial(_process_findings, config), seed=seed,
                            cases=cases, simulated=simulated)
    walks = tuple(walk for walk, _ in analysed)
    portfolio = portfolios.build(walks, loaded.files)
    found = [*_invalid(loaded.problems), *(f for _, fs in analysed for f in fs),
             *_portfolio_findings(portfolio, config)]
    answers = {w.process.id: w.process.answers for w in walks}
    marked, unmatched = apply_answers(found, answers, config.today)
    return Assessment(config, loaded, walks, portfolio, tuple(rank(marked)), tuple(unmatched))


def _invalid(problems: Sequence[Problem]) -> Iterator[Finding]:
    for problem in problems:
        yield Finding(rule="invalid", severity="error", process=problem.location.file, place="process",
                      at=problem.location.file, location=problem.location, message=problem.message, why="")


def _process_findings(config: Config, walk: Walk) -> list[Finding]:
    settings = config.for_process(walk.process.budgets, walk.process.file)
    return [finding for rule in RULES if hasattr(rule, "check") and settings[rule.ID].enabled
            for finding in rule.check(walk, settings[rule.ID])]


def _portfolio_findings(portfolio: Portfolio, config: Config) -> Iterator[Finding]:
    for rule in RULES:
        if hasattr(rule, "check_portfolio") and config.rules[rule.ID].enabled:
            yield from rule.check_portfolio(portfolio, config.rules[rule.ID])
