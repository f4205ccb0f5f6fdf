"""``processwalk export`` through the command line: written, refused, invalid input."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.bpmn.helpers import SMALL, export
from tests.conftest import Run

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def test_export_writes_the_model_and_never_replaces_a_file_without_force(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "small.bpmn"
    assert run("export", str(SMALL), "-o", str(out)) == (0, "", f"wrote {out}\n")
    assert out.read_bytes() == export(SMALL)
    out.write_text("the owner's own model", encoding="utf-8")
    assert run("export", str(SMALL), "-o", str(out), "--bpsim") == (
        2, "", f"Error: {out} already exists; name another file, or add --force to replace it\n")
    assert out.read_text(encoding="utf-8") == "the owner's own model"
    assert run("export", str(SMALL), "-o", str(out), "--bpsim", "--force")[0] == 0
    assert out.read_bytes() == export(SMALL, bpsim=True)


def test_export_never_writes_over_its_input(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "small.yaml"
    shutil.copy(SMALL, source)
    assert run("export", str(source), "-o", str(source), "--force") == (
        2, "", f"Error: {source} is an input of this run; processwalk never writes over its inputs: "
               "name another file\n")


def test_an_invalid_process_is_reported_and_nothing_is_written(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("process: bad\ntitle: Bad\nstart: a\nsteps:\n  a: {team: nobody, next: b}\n  b: {kind: end}\n",
                      encoding="utf-8")
    code, out, err = run("export", str(source), "-o", str(tmp_path / "bad.bpmn"))
    assert code == 1
    assert f"{source}:5:" in out + err and "unknown team 'nobody'" in out + err
    assert not (tmp_path / "bad.bpmn").exists()


def test_a_catalog_is_no_process_to_export(run: Run, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("teams:\n  desk: {name: Desk}\n", encoding="utf-8")
    assert run("export", str(catalog), "-o", str(tmp_path / "c.bpmn")) == (
        2, "", f"Error: {catalog} holds no process (it is a catalog); export takes a process file\n")
