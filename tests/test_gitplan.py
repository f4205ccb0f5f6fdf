"""Which files a diff against a git ref compares (processwalk/gitplan.py); the whole diff is
tests/commands/test_diff.py's."""
from __future__ import annotations

from pathlib import Path

import pytest

from processwalk import gitplan


def test_which_files_a_path_lists() -> None:
    assert gitplan._listed("processes/a.yaml", ["processes"])
    assert gitplan._listed("notes.txt", ["notes.txt"])
    assert not gitplan._listed("processes/.hidden/a.yaml", ["processes"])
    assert not gitplan._listed("processes/.processwalk.yaml", ["processes"])
    assert not gitplan._listed("other/a.yaml", ["processes"])
    assert gitplan._listed("a.yml", [""])


def test_a_mirrored_file_is_named_as_in_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.chdir(repo)
    mirror = gitplan.Mirror(str(tmp_path / "mirror" / "base"), (), str(repo))
    assert mirror.relocate(str(tmp_path / "mirror" / "base" / "processes" / "a.yaml")) == "processes/a.yaml"
    # a file outside the mirror (a catalog above the repository) keeps its name
    assert mirror.relocate(str(tmp_path / "elsewhere.yaml")) == str(tmp_path / "elsewhere.yaml")
