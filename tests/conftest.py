"""Fixtures shared by the tests: the command line through one ``CliRunner``."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner

from processwalk.cli import main

#: ``run(*args) -> (exit code, stdout, stderr)``
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run() -> Run:
    """Invoke ``processwalk`` with ``args``; stdout and stderr come back apart (click 8.2+ keeps them
    apart by default).  Unexpected exceptions are not caught: a test sees them as they are."""
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(main, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke
