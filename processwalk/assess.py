"""From paths to ranked findings: load, analyse each process, run the rules, apply the answers.

This is the pipeline every reporting command shares::

    load -> analyze (one Walk per process) -> rules -> portfolio rules -> answers -> rank

Over many files each worker loads its share, analyses it and runs the rules
on it, and sends back the findings and a :class:`Checked` record per process
(a few hundred bytes), plus the walk only when the caller keeps the walks.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
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
class Assessed:
    """One process that built: its record, its findings ranked, and its walk when it was kept."""

    checked: Checked
    #: its findings, ranked, marked with their answers
    findings: tuple[Finding, ...]
    #: its answers that cover none of its findings
    unmatched: tuple[UnmatchedAnswer, ...] = ()
    #: its walk; None when not kept (``assess(walks=False)``)
    kept: Walk | None = None

    @property
    def id(self) -> str:
        return self.checked.id

    @property
    def walk(self) -> Walk:
        if self.kept is None:
            raise ValueError(f"the walk of '{self.id}' was not kept (assess(walks=False))")
        return self.kept

    @property
    def open(self) -> tuple[Finding, ...]:
        """Its findings without an answer, ranked."""
        return tuple(f for f in self.findings if not f.answered)


@dataclass(frozen=True)
class FileProblems:
    """The problems of one file, as ``invalid`` findings (whose ``process`` prints the file's path)."""

    file: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Assessment:
    config: Config
    loaded: Loaded
    #: every process that built, in the order of the files
    processes: tuple[Assessed, ...]
    portfolio: Portfolio
    #: the findings across processes (``process == Portfolio.ID``), ranked
    portfolio_findings: tuple[Finding, ...]
    #: the files with problems, in the order of their problems
    files: tuple[FileProblems, ...] = ()

    @functools.cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, ranked: the files', each process's and the portfolio's."""
        return tuple(rank([*self.invalid, *(f for p in self.processes for f in p.findings),
                           *self.portfolio_findings]))

    @functools.cached_property
    def apart(self) -> tuple[Finding, ...]:
        """The findings of no one process (the files' problems and the portfolio's), ranked together."""
        return tuple(rank([*self.invalid, *self.portfolio_findings]))

    @property
    def invalid(self) -> tuple[Finding, ...]:
        return tuple(f for file in self.files for f in file.findings)

    @property
    def checked(self) -> tuple[Checked, ...]:
        return tuple(p.checked for p in self.processes)

    @functools.cached_property
    def walks(self) -> tuple[Walk, ...]:
        """The walk of each process, in their order; empty when not kept (``assess(walks=False)``)."""
        return tuple(p.kept for p in self.processes if p.kept is not None)

    @functools.cached_property
    def by_id(self) -> Mapping[str, Assessed]:
        return {p.id: p for p in self.processes}

    @functools.cached_property
    def walks_by_id(self) -> Mapping[str, Walk]:
        return {w.process.id: w for w in self.walks}

    @property
    def unmatched(self) -> tuple[UnmatchedAnswer, ...]:
        return tuple(u for p in self.processes for u in p.unmatched)


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
    portfolio = portfolios.build([c.share for c, _, _ in results], loaded.files)
    processes = tuple(_answered(checked, found, walk, config.today) for checked, found, walk in results)
    return Assessment(config, loaded, processes, portfolio, tuple(rank(_portfolio_findings(portfolio, config))),
                      tuple(_files(loaded.problems)))


def _answered(checked: Checked, found: list[Finding], walk: Walk | None, today: dt.date) -> Assessed:
    marked, unmatched = apply_answers(found, {checked.id: checked.answers}, today)
    return Assessed(checked, tuple(rank(marked)), tuple(unmatched), walk)


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
    settings = config.for_process(process.budgets)
    rules = [rule for rule in RULES if hasattr(rule, "check") and settings[rule.ID].enabled]
    return tuple(rule.ID for rule in rules), [f for rule in rules for f in rule.check(walk, settings[rule.ID])]


def _files(problems: Sequence[Problem]) -> Iterator[FileProblems]:
    by_file: dict[str, list[Finding]] = {}
    for problem in problems:
        # the file's path stands where a process id would: that is what JSON and SARIF print
        by_file.setdefault(problem.location.file, []).append(
            Finding(rule="invalid", severity="error", process=problem.location.file, place="process",
                    at=problem.location.file, location=problem.location, message=problem.message, why=""))
    for file, found in by_file.items():
        yield FileProblems(file, tuple(rank(found)))


def _portfolio_findings(portfolio: Portfolio, config: Config) -> Iterator[Finding]:
    for rule in RULES:
        if hasattr(rule, "check_portfolio") and config.rules[rule.ID].enabled:
            yield from rule.check_portfolio(portfolio, config.rules[rule.ID])
