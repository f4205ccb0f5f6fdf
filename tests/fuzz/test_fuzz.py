"""The fuzz test (issue 14): mutants of the example processes, catalogs and configurations, and
small odd event logs, through every command; each run exits 0 or 1 with positioned problems,
finite figures, outputs that parse (JSON, SARIF against its schema, JUnit, HTML) or none at all,
and its inputs unchanged (see :mod:`.harness`).

A short seeded profile runs with the tests; ``make fuzz`` runs the long one
(``--hypothesis-profile=fuzz``: thousands of examples, random seeds, no time limit in all).
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, given, settings

from tests.conftest import FUZZ_EXAMPLES
from tests.fuzz.harness import log_commands, process_commands, run_all
from tests.fuzz.strategies import EXAMPLES, event_logs, process_files

Test = TypeVar("Test", bound=Callable[..., None])
SHORT = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _fuzz(test: Test) -> Test:
    """The short profile, unless a profile was chosen on the command line."""
    chosen = settings.default
    return test if chosen is not None and chosen.max_examples == FUZZ_EXAMPLES else SHORT(test)


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")


@_fuzz
@given(process_files())
def test_every_command_over_a_mutant_process(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        write(inputs, files)
        out.mkdir()
        original = Path(tmp) / "original.yaml"
        original.write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
        runs = run_all(inputs, process_commands(inputs, inputs / "p.yaml", out, original), out)
        validate = runs[0]
        if validate.code == 0:
            assert all(r.code in (0, 1) for r in runs)


@_fuzz
@given(event_logs())
def test_every_log_command_over_an_odd_log(log: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        write(inputs, {"log.csv": log, "p.yaml": EXAMPLES[0].read_text(encoding="utf-8"),
                       "catalog.yaml": (EXAMPLES[0].parent / "catalog.yaml").read_text(encoding="utf-8")})
        out.mkdir()
        runs = run_all(inputs, log_commands(inputs / "p.yaml", inputs / "log.csv", out), out)
        written, printed = runs[0], runs[1]
        if written.code == 0:  # a draft is written only if it validates there
            assert run_all(out, [("validate", str(out / "draft.yaml"))], out)[0].code == 0
        if printed.code == 0:
            (out / "printed.yaml").write_text(printed.out, encoding="utf-8")
            assert run_all(out, [("validate", str(out / "printed.yaml"))], out)[0].code == 0
