"""Findings as GitHub Actions workflow commands: annotations on the pull request's files.

``::error file=processes/a.yaml,line=14,col=11,title=approval-stack::message``.
GitHub shows at most ten annotations of each level per step; the findings past
that are printed as plain lines (they stay in the log) and a last line says how
many were not annotated.  Values are escaped as the Actions toolkit does: ``%``,
``\\r`` and ``\\n`` everywhere, and ``:`` and ``,`` inside properties.
"""
from __future__ import annotations

from collections.abc import Iterator

from processwalk.findings import SEVERITIES, Finding
from processwalk.render.problems import Report, line, repo_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
#: annotations GitHub shows per level and step
SHOWN = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, *, root: str, show_answered: bool = False) -> str:
    return "".join(f"{text}\n" for text in lines(report, root=root, show_answered=show_answered))


def lines(report: Report, *, root: str, show_answered: bool = False) -> Iterator[str]:
    used = {level: 0 for level in SEVERITIES}
    left = {level: 0 for level in SEVERITIES}
    for finding in report.findings:
        if finding.answered:
            if show_answered:
                yield line(finding)
            continue
        if used[finding.severity] < SHOWN:
            used[finding.severity] += 1
            yield annotation(finding, root)
        else:
            left[finding.severity] += 1
            yield line(finding)
    if any(left.values()):
        yield overflow(left)


def annotation(finding: Finding, root: str) -> str:
    where = finding.location
    props = [f"file={escape_property(repo_path(where.file, root) or where.file)}"]
    if where.line:
        props.append(f"line={where.line}")
        if where.column:
            props.append(f"col={where.column}")
    props.append(f"title={escape_property(title(finding))}")
    message = "\n".join(t for t in (finding.message, finding.why) if t)
    return f"::{COMMANDS[finding.severity]} {','.join(props)}::{escape_data(message)}"


def title(finding: Finding) -> str:
    return f"{finding.rule} ({finding.process})" if finding.process != finding.location.file else finding.rule


def overflow(left: dict[str, int]) -> str:
    parts = ", ".join(f"{count} more {level}(s)" for level, count in left.items() if count)
    return (f"processwalk: {parts} not annotated: GitHub shows {SHOWN} annotations per level in a step; "
            "they are listed above and in the step summary")
