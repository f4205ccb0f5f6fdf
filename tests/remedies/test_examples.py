"""The remedies of the example processes: each one's YAML, pasted into its process file, loads back
through the scenario reader as the very scenario that was priced."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from processwalk.assess import assess
from processwalk.config import discover, load_config
from processwalk.load import Map, Node, Scalar, Seq
from processwalk.model import Scenario
from processwalk.portfolio import Portfolio
from processwalk.project import load_paths, shared_scenarios
from processwalk.remedies import Context, Remedy, suggest
from processwalk.whatif import evaluate


@pytest.fixture(scope="module")
def found() -> list[tuple[Remedy, str]]:
    """Every remedy of the examples, with the file of its process."""
    config = load_config(discover(["processes"]), None)
    assessment = assess(["processes"], config, cases=500)
    walks = {w.process.id: w for w in assessment.walks}
    base = evaluate([w.process for w in assessment.walks], [], config, walks=walks).baseline
    return [(r, walks[r.finding.process].process.file if r.finding.process in walks else "")
            for r in suggest(assessment.findings, Context(walks, base, config))]


def plain(node: Node) -> object:
    if isinstance(node, Map):
        return {k: plain(v) for k, v in node.entries.items()}
    if isinstance(node, Seq):
        return [plain(i) for i in node.items]
    assert isinstance(node, Scalar)
    return node.value


def shape(scenario: Scenario) -> object:
    return (scenario.key, scenario.title, scenario.description,
            [(c.kind, c.process, plain(c.node)) for c in scenario.changes])


def test_every_example_remedy_loads_back_from_its_process_file(found: list[tuple[Remedy, str]], tmp_path: Path) -> None:
    folder = tmp_path / "processes"
    shutil.copytree("processes", folder)
    assert len(found) > 60
    for remedy, file in found:
        if remedy.finding.process == Portfolio.ID:
            continue
        path = folder / Path(file).name
        original = path.read_text()
        entries = remedy.yaml.split("\n", 1)[1]
        pasted = original.replace("\nscenarios:\n", "\nscenarios:\n" + entries, 1) if "\nscenarios:\n" in original \
            else original + "\n" + remedy.yaml
        path.write_text(pasted)
        loaded = load_paths([str(path)])
        path.write_text(original)
        assert not loaded.problems, (remedy.scenario.key, loaded.problems)
        [scenario] = [s for s in loaded.processes[0].scenarios if s.id == remedy.scenario.id]
        assert shape(scenario) == shape(remedy.scenario)


def test_the_shared_bottlenecks_remedy_is_a_scenario_file(found: list[tuple[Remedy, str]], tmp_path: Path) -> None:
    # the back office: 17 people at 92% over every process that uses it; 18 leave it at 86%, 19 bring it under 85%
    [remedy] = [r for r, _ in found if r.finding.process == Portfolio.ID]
    assert remedy.scenario.key == "staff-back-office-19"
    assert remedy.yaml.endswith("      - staff: {back-office: 19}\n")
    folder = tmp_path / "processes"
    shutil.copytree("processes", folder)
    (folder / "remedies.yaml").write_text(remedy.yaml)
    scenarios, problems = shared_scenarios([str(folder)])
    assert not problems
    [scenario] = [s for s in scenarios if s.id == remedy.scenario.id]
    assert shape(scenario) == shape(remedy.scenario)
