"""Findings as ``path:line:col: [level] message (rule)`` lines and as a Markdown summary.

The records here are what every CI renderer (text, Markdown, SARIF, JUnit,
GitHub) reads: a :class:`Report` is the findings of one ``check`` run, the
things that were checked (:class:`Subject`) and the level at which it fails.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from processwalk.findings import SEVERITIES, Finding

FAIL_ON = ("error", "warning", "never")
#: GitHub refuses a step summary larger than this (bytes, UTF-8).
MARKDOWN_LIMIT = 1024 * 1024
ICONS = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}
T = TypeVar("T")


@dataclass(frozen=True)
class Subject:
    """One thing that was checked: a process and the rules that ran on it, or a file that did not load."""

    name: str
    file: str
    rules: tuple[str, ...]
    #: ``process``, ``file`` (did not load) or ``portfolio`` (findings across processes)
    kind: str = "process"
    #: its findings, ranked (those of the process, the file's problems, or the portfolio's)
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Report:
    """The outcome of one check: ranked findings, what was checked, and the level that fails."""

    findings: tuple[Finding, ...]
    subjects: tuple[Subject, ...] = ()
    fail_on: str = "error"


def fails(finding: Finding, fail_on: str) -> bool:
    """Whether ``finding`` fails a check: invalid input always does, an answered finding never."""
    if finding.answered:
        return False
    if finding.rule == "invalid":
        return True
    if fail_on == "never":
        return False
    return SEVERITIES.index(finding.severity) <= SEVERITIES.index(fail_on)


def failing(report: Report) -> list[Finding]:
    return [f for f in report.findings if fails(f, report.fail_on)]


def line(finding: Finding) -> str:
    """``path:line:col: [level] message (rule)``, with the answer for an answered finding."""
    text = f"{finding.location}: [{finding.severity}] {one_line(finding.message)} ({finding.rule})"
    if finding.answer is not None:
        text += f" answered: {one_line(finding.answer.why)}"
    return text


def one_line(text: str) -> str:
    return " ".join(text.split())


def text(report: Report, *, show_answered: bool = False) -> str:
    """Every finding as one line; answered findings only when asked for."""
    shown = [f for f in report.findings if show_answered or not f.answered]
    return "".join(f"{line(f)}\n" for f in shown)


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Unanswered findings per severity, and the answered ones."""
    found = {level: 0 for level in (*SEVERITIES, "answered")}
    for finding in findings:
        found["answered" if finding.answered else finding.severity] += 1
    return found


_PLURAL = {"error": "errors", "warning": "warnings", "info": "info"}


def summary(report: Report) -> str:
    """One line for the end of a run: what was found, in how many processes, and whether it fails."""
    found = counts(report.findings)
    parts = [f"{found[level]} {_PLURAL[level] if found[level] != 1 else level}" for level in SEVERITIES]
    processes = sum(1 for s in report.subjects if s.kind == "process")
    verdict = f"{len(failing(report))} failing" if failing(report) else "passed"
    return (f"{', '.join(parts)}, {found['answered']} answered in {processes} process(es): {verdict} "
            f"(--fail-on {report.fail_on})")


def markdown(report: Report, *, limit: int = MARKDOWN_LIMIT) -> str:
    """A summary for ``$GITHUB_STEP_SUMMARY``: a table of findings, cut to stay under ``limit`` bytes."""
    head = f"## processwalk check\n\n{summary(report)}\n\n"
    if not report.findings:
        return head + "No findings.\n"
    head += "| level | where | finding | rule |\n|---|---|---|---|\n"
    return head + fit(report.findings, limit - len(head.encode()), "finding", render=_row)


def _row(finding: Finding) -> str:
    level = "answered" if finding.answered else finding.severity
    icon = ":white_check_mark:" if finding.answered else ICONS.get(finding.severity, "")
    detail = cell(finding.message)
    if finding.why:
        detail += f"<br>*{cell(finding.why)}*"
    if finding.answer is not None:
        detail += f"<br>Answered: {cell(finding.answer.why)}"
    return f"| {icon} {level} | `{code(str(finding.location))}` | {detail} | `{finding.rule}` |\n"


STEP_SUMMARY_NOTE = ("a step summary is limited to 1 MiB. The full list is in the log and in the SARIF "
                     "and JUnit outputs.")


def fit(items: Sequence[T], room: int, noun: str, why: str = STEP_SUMMARY_NOTE, *,
        render: Callable[[T], str] = str) -> str:
    """As many of ``items``, each as ``render`` writes it, as fit in ``room`` bytes, keeping room
    for a note on how many were left out.  Items past the cut are never rendered."""
    kept: list[str] = []
    used = 0
    for index, item in enumerate(items):
        row = render(item)
        size = len(row.encode())
        last = index == len(items) - 1
        needed = size if last else size + len(truncation_note(len(items) - index - 1, noun, why).encode())
        if used + needed > room:
            return "".join(kept) + truncation_note(len(items) - index, noun, why)
        kept.append(row)
        used += size
    return "".join(kept)


def truncation_note(left: int, noun: str, why: str = STEP_SUMMARY_NOTE) -> str:
    return f"\n*{left} more {noun}(s) not shown: {why}*\n"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no table breaks, no HTML."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return "<br>".join(part.strip() for part in escaped.splitlines()) if escaped else ""


def code(text: str) -> str:
    """Text safe inside inline code in a table cell."""
    return one_line(text).replace("`", "'").replace("|", "\\|")


@functools.lru_cache(maxsize=4096)
def repo_path(path: str, root: str) -> str | None:
    """``path`` relative to ``root`` with forward slashes; None when it lies outside ``root``.

    Cached: a large project has tens of thousands of findings in a few thousand files.
    """
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")
