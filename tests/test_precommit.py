"""The project's own pre-commit hooks run what ``make lint`` runs, with the pinned tools."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_the_hooks_run_make_lint() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    # local hooks on the installed tools, over the whole tree (not the commit's files), as make lint
    assert repo["repo"] == "local" and list(hooks) == ["ruff", "mypy"]
    assert all(h["language"] == "system" and h["pass_filenames"] is False for h in hooks.values())
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert lint is not None
    commands = [line.strip().replace("$(PYTHON)", "python3") for line in lint.group(1).splitlines()]
    assert commands == [hooks["ruff"]["entry"], hooks["mypy"]["entry"]]


def test_ruff_and_mypy_are_pinned() -> None:
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert re.search(r"^\s+ruff==\d", setup, re.M) and re.search(r"^\s+mypy==\d", setup, re.M)
