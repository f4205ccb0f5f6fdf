"""The one error type, and the positioned problems it carries.

Every expected failure is a :class:`ProcessWalkError`.  It is rooted in
``click.ClickException`` so that the command line prints it without a traceback
and exits with its ``exit_code`` (1 for bad input, 2 for usage errors).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, NamedTuple

import click

from processwalk.text import printable


class Location(NamedTuple):
    """A place in a file: 1-based line and column (0 when unknown).

    A NamedTuple, not a dataclass: every record carries one, and tuples pickle and compare fast
    (a thousand processes come back from the loading workers).
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, where it is and what would be right."""

    location: Location
    message: str
    level: str = "error"
    rule: str = "invalid"

    def __post_init__(self) -> None:
        # One problem is one line, whatever its file name or the text it quotes holds.
        message, file = printable(self.message, lines=False), printable(self.location.file, lines=False)
        if message is not self.message:
            object.__setattr__(self, "message", message)
        if file is not self.location.file:
            object.__setattr__(self, "location", self.location._replace(file=file))

    def __str__(self) -> str:
        return f"{self.location}: [{self.level}] {self.message} ({self.rule})"


class ProcessWalkError(click.ClickException):
    """An expected failure: bad input (exit 1) or bad usage (exit 2).

    It carries every problem found, so that a user sees all of them at once.
    """

    exit_code = 1

    def __init__(self, problems: Problem | list[Problem] | str, *, exit_code: int = 1) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            message = problems
        else:
            self.problems = tuple(sorted([problems] if isinstance(problems, Problem) else problems))
            message = "\n".join(str(p) for p in self.problems)
        # click declares exit_code on the class (a ClassVar since click 8.5); this error chooses it
        # per instance, which plain attribute lookup honours.
        vars(self)["exit_code"] = exit_code
        super().__init__(message)

    def show(self, file: IO[Any] | None = None) -> None:
        text = self.format_message() if self.problems else f"Error: {self.format_message()}"
        click.echo(text, file=file, err=file is None)
