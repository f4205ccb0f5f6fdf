"""``processwalk import`` through the command line, over the real models of ``tests/data/bpmn``."""
from __future__ import annotations

from pathlib import Path

import pytest

from processwalk.project import load_paths
from tests.bpmn.conftest import DATA, write
from tests.conftest import Run

MODELS = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.bpmn"))


def test_every_model_of_the_suite_is_there() -> None:
    # 4 renamed + 21 reference + 21 x 2 bpmn.io (export, roundtrip) and its extra A.2.0 "rountrip"
    # + 25 Signavio + 7 Bizagi files (tests/data/bpmn/README.md)
    assert len(MODELS) == 4 + 21 + 21 * 2 + 1 + 25 + 7 == 100


@pytest.mark.parametrize("model", MODELS)
def test_every_model_imports_and_validates(run: Run, tmp_path: Path, model: str) -> None:
    code, out, err = run("import", str(DATA / model), "-o", str(tmp_path / "out"))
    assert code == 0, out + err
    assert err.endswith("; it validates\n")
    assert "Traceback" not in out + err
    for line in out.splitlines():  # each note is placed in the model: file:line:col: [level] ...
        assert line.startswith(f"{DATA / model}:") and line.split(":")[1].isdigit(), line
    assert run("validate", str(tmp_path / "out"))[0] == 0


def summary(folder: Path) -> tuple[dict[str, tuple[str, str | None]], set[str], set[tuple[str, str, float, str]]]:
    """Steps (id -> kind, team), teams and branches (from, to, p, when) of the imported folder, with
    every end step taken as one: 'end' (tools keep or drop the names of end events)."""
    loaded = load_paths([str(folder)])
    assert loaded.problems == ()
    steps: dict[str, tuple[str, str | None]] = {}
    branches: set[tuple[str, str, float, str]] = set()
    teams: set[str] = set()
    for process in loaded.processes:
        ends = {s.id for s in process.steps.values() if s.is_end}
        for step in process.steps.values():
            if not step.is_end:
                steps[f"{process.id}/{step.id}"] = (step.kind, step.team)
                teams.add(step.team or "")
                branches |= {(step.id, "end" if b.to in ends else b.to, round(b.p or 0, 9), (b.when or "").lower())
                             for b in step.next}
    return steps, teams, branches


@pytest.mark.parametrize("versions", [
    ("C.1.0-reference.bpmn", "C.1.0-bpmnio.bpmn", "signavio/C.1.0-export.bpmn"),
    ("C.7.0-reference.bpmn", "C.7.0-bpmnio.bpmn", "signavio/C.7.0-export.bpmn"),
], ids=["C.1.0", "C.7.0"])
def test_each_tool_s_version_gives_the_same_walk(run: Run, tmp_path: Path, versions: tuple[str, ...]) -> None:
    found = []
    for number, model in enumerate(versions):
        assert run("import", str(DATA / model), "-o", str(tmp_path / str(number)))[0] == 0
        found.append(summary(tmp_path / str(number)))
    assert found[1] == found[0]
    assert found[2] == found[0]


def test_c_1_0_as_walked(run: Run, tmp_path: Path) -> None:
    run("import", str(DATA / "C.1.0-reference.bpmn"), "-o", str(tmp_path))
    steps, teams, branches = summary(tmp_path)
    assert teams == {"team-assistant", "approver", "accountant"}
    assert steps == {
        "team-assistant/scan-invoice": ("task", "team-assistant"),
        "team-assistant/archive-original": ("task", "team-assistant"),
        "team-assistant/assign-approver": ("task", "team-assistant"),
        "team-assistant/7-days": ("task", "team-assistant"),
        "team-assistant/review-and-document-result": ("task", "team-assistant"),
        "process-engine-invoice-receipt/assign-approver": ("task", "team-assistant"),
        "process-engine-invoice-receipt/approve-invoice": ("approval", "approver"),
        "process-engine-invoice-receipt/prepare-bank-transfer": ("task", "accountant"),
        "process-engine-invoice-receipt/rechnung-klaren": ("task", "team-assistant"),
        "process-engine-invoice-receipt/archive-invoice": ("task", "accountant"),
    }
    # the event-based gateway after 'Assign approver' and both exclusive gateways split equally
    assert ("assign-approver", "7-days", 0.5, "7 days") in branches
    assert ("approve-invoice", "rechnung-klaren", 0.5, "no") in branches
    assert ("rechnung-klaren", "approve-invoice", 0.5, "yes") in branches


def test_existing_files_are_kept_without_force(run: Run, tmp_path: Path) -> None:
    model = str(DATA / "C.7.0-bpmnio.bpmn")
    assert run("import", model, "-o", str(tmp_path))[0] == 0
    (tmp_path / "eu-bank.yaml").write_text("mine\n", encoding="utf-8")
    code, out, err = run("import", model, "-o", str(tmp_path))
    assert code == 2
    assert err == (f"Error: {tmp_path / 'catalog.yaml'} already exists; name another file, or add "
                   f"--force to replace it\n{tmp_path / 'eu-bank.yaml'} already exists; name another "
                   "file, or add --force to replace it\n")
    assert (tmp_path / "eu-bank.yaml").read_text(encoding="utf-8") == "mine\n"
    assert run("import", model, "-o", str(tmp_path), "--force")[0] == 0
    assert (tmp_path / "eu-bank.yaml").read_text(encoding="utf-8").startswith("# Imported by")


def test_a_file_that_is_not_bpmn_is_a_positioned_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.bpmn"
    path.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    code, out, err = run("import", str(path), "-o", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    assert err == (f"{path}:2:1: [error] not a BPMN 2.0 model: the root element is 'svg' in namespace "
                   "'http://www.w3.org/2000/svg'; expected 'definitions' in namespace "
                   "'http://www.omg.org/spec/BPMN/20100524/MODEL' (invalid)\n")
    assert not (tmp_path / "out").exists()


def test_a_model_without_a_process_says_so(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, '<process id="p"/>')
    code, out, err = run("import", str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err == (f"{path}:2:1: [error] the model holds no process with a start and a flow node; nothing to "
                   f"import (invalid)\n{path}:3:1: [warning] process 'p' has no flow nodes; no process file is "
                   "written for it (bpmn)\n")
