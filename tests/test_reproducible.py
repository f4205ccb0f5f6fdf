"""The same input gives byte-identical output whatever Python's string hashing.

Python salts the hash of a string per process (``PYTHONHASHSEED``), so anything that iterates a
set of names and adds up floats in that order can differ in its last digit from run to run: the
yearly cost of a policy once did (the teams whose work a policy changes were a set).  Each
machine-read format is written twice, under two hash seeds, in fresh interpreters.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _output(hash_seed: str, *arguments: str) -> bytes:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([sys.executable, "-m", "processwalk", *arguments], cwd=ROOT, env=environment,
                          capture_output=True, check=False).stdout


@pytest.mark.parametrize("arguments", [
    ("analyze", "processes/", "--format", "json"),
    ("check", "processes/", "--format", "sarif"),
    ("whatif", "--suggest", "processes/", "--format", "json"),
])
def test_output_does_not_depend_on_the_hash_seed(arguments: tuple[str, ...]) -> None:
    first = _output("1", *arguments)
    assert first  # the command wrote something to compare
    assert _output("2", *arguments) == first
