"""Export then import: the same steps, teams, branches and probabilities, so the same figures."""
from __future__ import annotations

import math
import shutil
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

import pytest

from processwalk.analysis.walk import Walk, analyze
from processwalk.bpmn import readback, xmltree
from processwalk.errors import Location
from processwalk.model import Step
from tests.bpmn.helpers import EXAMPLES, ROOT, SMALL, export, load
from tests.conftest import Run

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def round_trip(run: Run, path: Path, folder: Path, *, bpsim: bool = False) -> Path:
    model = folder / f"{path.stem}.bpmn"
    model.write_bytes(export(path, bpsim=bpsim))
    code, _, err = run("import", str(model), "-o", str(folder / "back"))
    assert code == 0, err
    assert "read back" in err
    return folder / "back" / f"{load(path).id}.yaml"


def described(step: Step) -> tuple[Any, ...]:
    """What a step says, a duration of 0 as nothing (``work: 0`` is no work, whatever its cv)."""
    wait, work = (d if d.mean > 0 else None for d in (step.wait, step.work))
    backlog = replace(step.backlog, location=Location("")) if step.backlog else None
    return step.name, step.kind, step.team, step.systems, step.policies, wait, work, step.outcome, step.sla_h, backlog


def close(a: Any, b: Any, where: str) -> None:
    """Equal to 1e-9 (relative for large figures), through mappings."""
    if isinstance(a, dict) or isinstance(b, dict):
        assert set(a) == set(b), where
        for key in a:
            close(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or (math.isinf(a) and a == b), (where, a, b)
    else:
        assert a == b, (where, a, b)


def same_figures(before: Walk, after: Walk) -> None:
    for field in fields(before.figures):
        close(getattr(before.figures, field.name), getattr(after.figures, field.name), field.name)
    close({s: f._asdict() for s, f in before.steps.items()}, {s: f._asdict() for s, f in after.steps.items()}, "steps")
    close({s: f._asdict() for s, f in before.step_loads.items()},
          {s: f._asdict() for s, f in after.step_loads.items()}, "step loads")
    close({t: asdict(f) for t, f in before.teams.items()}, {t: asdict(f) for t, f in after.teams.items()}, "teams")
    close(before.capacity.max_demand_per_day, after.capacity.max_demand_per_day, "max demand")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("bpsim", [False, True], ids=["plain", "bpsim"])
def test_every_example_comes_back_with_the_same_figures(run: Run, path: Path, bpsim: bool, tmp_path: Path) -> None:
    before, after = load(path), load(round_trip(run, path, tmp_path, bpsim=bpsim))
    assert list(after.steps) == list(before.steps)
    assert {s.id: described(s) for s in after.steps.values()} == {s.id: described(s) for s in before.steps.values()}
    assert {s.id: [(b.to, b.when, b.refusal, b.reason, b.policy) for b in s.next] for s in after.steps.values()} == {
        s.id: [(b.to, b.when, b.refusal, b.reason, b.policy) for b in s.next] for s in before.steps.values()}
    close({s.id: [b.p for b in s.next] for s in after.steps.values()},
          {s.id: [b.p for b in s.next] for s in before.steps.values()}, "probabilities")
    used = {s.team for s in before.steps.values() if s.team and not s.is_end}
    assert {t: (after.teams[t].name, after.teams[t].staff, after.teams[t].hours_per_day) for t in used} == {
        t: (before.teams[t].name, before.teams[t].staff, before.teams[t].hours_per_day) for t in used}
    assert (after.start, after.title, after.demand_per_day, after.sla_h) == (
        before.start, before.title, before.demand_per_day, before.sla_h)
    same_figures(analyze(before), analyze(after))


CHANGES = {
    # a modeller draws the refusal back to the end instead: the extension no longer says where it goes
    "flow moved": (b'sourceRef="split_check" targetRef="call"', b'sourceRef="split_check" targetRef="done"'),
    "flow to nowhere": (b'sourceRef="split_check" targetRef="call"', b'sourceRef="split_check" targetRef="gone"'),
    "task added": (b'<bpmn:userTask id="check"', b'<bpmn:userTask id="new" />\n<bpmn:userTask id="check"'),
    "timer changed": (b">PT48H</bpmn:timeDuration>", b">PT24H</bpmn:timeDuration>"),
    "probability edited": (b'p="0.75"', b'p="three quarters"'),
    "branches removed": (b'<pw:branch to="done" p="0.75" />', b""),
}


def test_an_export_reads_back_and_any_other_model_does_not(tmp_path: Path) -> None:
    model = tmp_path / "small.bpmn"
    model.write_bytes(export(SMALL))
    assert readback.read_back(str(model), xmltree.parse(str(model))) is not None
    other = ROOT / "tests" / "data" / "bpmn" / "C.1.0-reference.bpmn"
    assert readback.read_back(str(other), xmltree.parse(str(other))) is None


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_changed_model_is_imported_as_any_model_is(change: str, tmp_path: Path) -> None:
    before, after = CHANGES[change]
    exported = export(SMALL)
    assert exported.count(before) == 1
    model = tmp_path / "small.bpmn"
    model.write_bytes(exported.replace(before, after))
    assert readback.read_back(str(model), xmltree.parse(str(model))) is None


def test_an_export_edited_into_an_invalid_process_is_imported_as_any_model(run: Run, tmp_path: Path) -> None:
    model = tmp_path / "small.bpmn"
    model.write_bytes(export(SMALL).replace(b'p="0.75"', b'p="0.5"'))  # 0.25 + 0.5 is no longer 1
    code, _, err = run("import", str(model), "-o", str(tmp_path / "back"))
    assert code == 0 and "read back" not in err and "it validates" in err
