"""Fixtures shared by the tests: the command line through one ``CliRunner``."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from processwalk.cli import main
from processwalk.eventlog.engine import SparkSettings, spark_session

#: the long fuzz campaign: ``make fuzz`` runs ``pytest tests/fuzz --hypothesis-profile=fuzz``
#: (registered here, before Hypothesis reads the option); tests/fuzz/test_fuzz.py runs a short
#: seeded profile otherwise
FUZZ_EXAMPLES = 2_000
settings.register_profile("fuzz", max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=False,
                          suppress_health_check=list(HealthCheck))

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


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSettings]:
    """One local Spark for the whole run (it takes seconds to start); stopped at the end."""
    settings = SparkSettings("local[2]", {"spark.sql.shuffle.partitions": "4"})
    session = spark_session(settings)
    yield settings
    session.sparkContext.stop()
