from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from processwalk import gitbase
from processwalk.errors import ProcessWalkError


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.invalid")
    (tmp_path / "processes" / "sub").mkdir(parents=True)
    (tmp_path / "processes" / "a.yaml").write_text("process: a\n", encoding="utf-8")
    (tmp_path / "processes" / "sub" / "b.yaml").write_text("process: b\n", encoding="utf-8")
    (tmp_path / "processes" / "empty.yaml").write_bytes(b"")
    (tmp_path / "README.md").write_text("hello\n", encoding="utf-8")
    os.symlink("a.yaml", tmp_path / "processes" / "link.yaml")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def state(repo: Path) -> tuple[str, bytes, int]:
    """The status, and the index file's bytes and time (status itself must not refresh the index)."""
    index = repo / ".git" / "index"
    return git(repo, "--no-optional-locks", "status", "--porcelain"), index.read_bytes(), index.stat().st_mtime_ns


def test_tree_lists_files_below_paths_without_links(repo: Path) -> None:
    r = gitbase.Repo(str(repo))
    commit = r.resolve("HEAD")
    assert sorted(r.tree(commit, ["processes"])) == ["processes/a.yaml", "processes/empty.yaml",
                                                     "processes/sub/b.yaml"]
    assert sorted(r.tree(commit, [""])) == ["README.md", "processes/a.yaml", "processes/empty.yaml",
                                            "processes/sub/b.yaml"]


def test_hashes_match_the_tree_until_a_file_changes(repo: Path) -> None:
    r = gitbase.Repo(str(repo))
    tree = r.tree(r.resolve("HEAD"), ["processes"])
    names = sorted(tree)
    assert r.hashes(names) == tree
    (repo / "processes" / "a.yaml").write_text("process: a2\n", encoding="utf-8")
    changed = r.hashes(names)
    assert [n for n in names if changed[n] != tree[n]] == ["processes/a.yaml"]
    assert r.hashes([]) == {}


def test_blobs_read_in_one_batch(repo: Path) -> None:
    r = gitbase.Repo(str(repo))
    tree = r.tree(r.resolve("HEAD"), ["processes"])
    (repo / "processes" / "a.yaml").write_text("changed\n", encoding="utf-8")
    blobs = r.blobs(tree.values())
    assert {n: blobs[b] for n, b in tree.items()} == {
        "processes/a.yaml": b"process: a\n", "processes/empty.yaml": b"", "processes/sub/b.yaml": b"process: b\n"}
    assert r.blobs([]) == {}


def test_reading_never_touches_the_working_tree_or_the_index(repo: Path) -> None:
    (repo / "processes" / "a.yaml").write_text("process: edited\n", encoding="utf-8")
    (repo / "processes" / "new.yaml").write_text("process: new\n", encoding="utf-8")
    before = state(repo)
    r = gitbase.Repo(str(repo))
    tree = r.tree(r.resolve("HEAD"), [""])
    r.hashes(["processes/a.yaml", "processes/new.yaml"])
    r.blobs(tree.values())
    assert state(repo) == before


def test_unknown_ref_is_a_usage_error(repo: Path) -> None:
    r = gitbase.Repo(str(repo))
    with pytest.raises(ProcessWalkError) as caught:
        r.resolve("no-such-branch")
    assert caught.value.exit_code == 2
    assert str(caught.value).endswith("unknown git ref 'no-such-branch': no commit has that name")
    with pytest.raises(ProcessWalkError, match="'--all' is not a git ref"):
        r.resolve("--all")


def test_relative_paths_and_the_repository_of_a_path(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    found = gitbase.find(str(repo / "processes" / "a.yaml"))
    assert found is not None and os.path.samefile(found.root, repo)
    r = gitbase.Repo(found.root)
    assert r.relative(str(repo / "processes")) == "processes"
    assert r.relative(str(repo)) == ""
    outside = tmp_path_factory.mktemp("outside")
    assert gitbase.find(str(outside)) is None
    with pytest.raises(ProcessWalkError, match="is outside the git repository"):
        r.relative(str(outside))


def test_a_failing_git_command_says_which(repo: Path) -> None:
    with pytest.raises(ProcessWalkError, match="git cat-file failed") as caught:
        gitbase.Repo(str(repo)).git("cat-file", "-p", "0" * 40)
    assert caught.value.exit_code == 2


def test_materialise_writes_the_layout(tmp_path: Path) -> None:
    gitbase.materialise({"a/b/c.yaml": b"x", "d.yaml": b""}, str(tmp_path / "out"))
    assert (tmp_path / "out" / "a" / "b" / "c.yaml").read_bytes() == b"x"
    assert (tmp_path / "out" / "d.yaml").read_bytes() == b""


def test_a_batch_answer_for_a_missing_object_is_an_error() -> None:
    with pytest.raises(ProcessWalkError, match="git cat-file: abc missing"):
        list(gitbase._parse_batch(b"abc missing\n"))
