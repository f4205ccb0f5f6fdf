"""No command writes over its inputs or over a file of another kind, and a failed run writes nothing."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import Run

ROOT = Path(__file__).parents[2]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("refund-sendback.yaml", "catalog.yaml"):
        shutil.copy(ROOT / "processes" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("args", [
    ("check", "refund-sendback.yaml", "--output", "sarif=refund-sendback.yaml"),
    ("check", "refund-sendback.yaml", "--output", "sarif=catalog.yaml", "--force"),
    ("diagram", "refund-sendback.yaml", "-o", "refund-sendback.yaml", "--format", "svg"),
])
def test_no_command_writes_over_its_input(run: Run, here: Path, args: tuple[str, ...]) -> None:
    before = snapshot(here)
    code, _, err = run(*args)
    target = args[args.index("-o") + 1] if "-o" in args else args[3].split("=")[1]
    assert (code, err) == (2, f"Error: {target} is an input of this run; processwalk never writes over its "
                              "inputs: name another file\n")
    assert snapshot(here) == before


def test_an_existing_file_of_another_kind_needs_force(run: Run, here: Path) -> None:
    (here / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("check", ".", "--output", "sarif=notes.txt")
    assert (code, err) == (2, "Error: notes.txt exists and is not a .sarif or .json file; name another file, or "
                              "add --force to replace it\n")
    assert (here / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert run("check", ".", "--output", "sarif=notes.txt", "--force", "--fail-on", "never")[0] == 0
    assert (here / "notes.txt").read_text(encoding="utf-8").startswith("{")


def test_a_failed_run_leaves_no_output_at_all(run: Run, here: Path) -> None:
    (here / "folder.xml").mkdir()
    before = snapshot(here)
    code, _, err = run("check", ".", "--output", "sarif=results.sarif", "--output", "junit=folder.xml")
    assert (code, err) == (2, "Error: folder.xml is a folder; name a file to write\n")
    assert snapshot(here) == before and sorted(os.listdir(here)) == ["catalog.yaml", "folder.xml",
                                                                        "refund-sendback.yaml"]


def test_a_report_whose_page_is_a_folder_writes_no_page(run: Run, here: Path) -> None:
    (here / "out" / "refund-sendback.html").mkdir(parents=True)
    code, _, err = run("report", "refund-sendback.yaml", "-o", "out")
    assert (code, err) == (2, "Error: out/refund-sendback.html is a folder; name a file to write\n")
    assert os.listdir(here / "out") == ["refund-sendback.html"]


def test_outputs_move_into_place_together_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from processwalk.errors import ProcessWalkError
    from processwalk.render import atomic

    (tmp_path / "a.html").write_text("old a", encoding="utf-8")
    real = os.replace

    def second_fails(source: str, destination: str) -> None:
        if destination.endswith("b.html"):
            raise OSError(28, "No space left on device")
        real(source, destination)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(ProcessWalkError, match=r"cannot write .*b.html \(No space left on device\)"):
        atomic.write_all(str(tmp_path), {"a.html": "new a", "b.html": "new b"})
    assert snapshot(tmp_path) == {"a.html": b"old a"}


def test_a_fifo_is_refused_with_one_line(run: Run, here: Path) -> None:
    os.mkfifo(here / "pipe.yaml")
    code, out, _ = run("validate", "pipe.yaml")
    assert (code, out) == (1, "pipe.yaml: [error] the path is a FIFO (named pipe), not a regular file; processwalk "
                              "reads files only (invalid)\n")


def test_a_device_is_refused(run: Run, here: Path) -> None:
    os.symlink("/dev/zero", here / "zero.yaml")
    code, out, _ = run("validate", "zero.yaml")
    assert (code, out) == (1, "zero.yaml: [error] the path is a device, not a regular file; processwalk reads "
                              "files only (invalid)\n")


def test_a_folder_that_is_a_file_on_the_way(run: Run, here: Path) -> None:
    code, _, err = run("diagram", "refund-sendback.yaml", "-o", "catalog.yaml/x.svg")
    assert code == 2
    assert err.startswith("Error: cannot write catalog.yaml/x.svg (") and "a part of the path is a file" in err
