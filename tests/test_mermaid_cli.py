"""Every Mermaid chart processwalk writes, rendered by the real ``mermaid-cli`` (``mmdc``).

mermaid-cli draws with Mermaid's own defaults, the limits GitHub keeps too (``maxEdges`` 500,
``maxTextSize`` 50,000): a chart it refuses is one GitHub shows as an error.  The charts are those
of the examples (the Markdown report's pages, each example's team map, a diff comment), of the
hostile process, and of generated processes: 200 steps, 59 steps with 522 branches, and 25 teams
that all hand off to each other.  One ``mmdc`` run renders them all (one browser, one SVG a chart).

``scripts/install-node-deps`` installs mermaid-cli into ``tools/mermaid-cli`` (``npm ci``, no
browser download); it draws with the system's Chromium, named in a copy of the shipped
``tools/mermaid-cli/puppeteer.json``.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from processwalk.project import load_paths
from processwalk.render import mermaid
from tests.conftest import Run
from tests.render.test_mermaid import fan
from tests.test_browser import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "mermaid-cli"
MMDC = TOOL / "node_modules" / ".bin" / "mmdc"
CHART = re.compile(r"```mermaid\n(.*?)```", re.DOTALL)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/install-system-deps installs it)"),
    pytest.mark.skipif(not MMDC.exists(), reason="mermaid-cli is not installed (scripts/install-node-deps)"),
]


def generated(folder: Path) -> list[Path]:
    """Three generated processes, a folder each: 200 steps; 59 steps of 522 branches; 25 teams that all hand
    off to each other (625 handoffs)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_report import large_process
    finally:
        sys.path.remove(str(ROOT / "bench"))
    (folder / "large").mkdir(parents=True)
    (folder / "large" / "large.yaml").write_text(large_process(200), encoding="utf-8")
    for name, shape in (("fan-branches", (58, 8, 6)), ("fan-teams", (25, 24, 25))):
        (folder / name).mkdir()
        fan(folder / name, *shape)
        path = folder / name / "fan.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("process: fan", f"process: {name}"), encoding="utf-8")
    return sorted(folder.iterdir())


def report_charts(run: Run, source: Path, out: Path) -> list[str]:
    code, _, err = run("report", str(source), "--format", "markdown", "-o", str(out), "--today", "2026-11-24")
    assert code == 0, err
    return [chart for page in sorted(out.glob("*.md")) for chart in CHART.findall(page.read_text(encoding="utf-8"))]


def diff_charts(run: Run, old: Path, new: Path) -> list[str]:
    code, out, err = run("diff", str(old), str(new), "--format", "markdown", "--today", "2026-11-24")
    assert code in (0, 1), err  # 1: a budget broken
    return CHART.findall(out)


def changed_examples(folder: Path) -> Path:
    """The examples before a change: billing-credit's first step named otherwise."""
    shutil.copytree(ROOT / "processes", folder)
    bill = folder / "billing-credit.yaml"
    bill.write_text(bill.read_text(encoding="utf-8").replace("Customer calls about a wrong bill",
                                                             "Customer writes about a wrong bill"), encoding="utf-8")
    return folder


def before(folder: Path) -> Path:
    """A generated process before a change: its first step was another team's (the next team named)."""
    old = folder.parent.parent / "before" / folder.name
    shutil.copytree(folder, old)
    for path in old.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        teams = list(dict.fromkeys(re.findall(r"(?m)^    team: (\S+)$", text)))
        path.write_text(text.replace(f"    team: {teams[0]}\n", f"    team: {teams[1]}\n", 1), encoding="utf-8")
    return old


def test_mermaid_cli_renders_every_chart(run: Run, tmp_path: Path) -> None:
    made = generated(tmp_path / "generated")
    charts = {
        "examples": report_charts(run, ROOT / "processes", tmp_path / "examples"),
        "hostile": report_charts(run, ROOT / "tests" / "data" / "hostile" / "hostile.yaml", tmp_path / "hostile"),
        "generated": report_charts(run, tmp_path / "generated", tmp_path / "generated-report"),
        "team maps": [mermaid.team_map(p) for p in load_paths([str(ROOT / "processes")]).processes],
        "diff": diff_charts(run, changed_examples(tmp_path / "old"), ROOT / "processes"),
        "diff generated": [chart for folder in made for chart in diff_charts(run, before(folder), folder)],
    }
    # 7 examples; 1 hostile process; 3 generated; a team map of each example; billing-credit changed;
    # each generated one changed
    assert {name: len(found) for name, found in charts.items()} == {
        "examples": 7, "hostile": 1, "generated": 3, "team maps": 7, "diff": 1, "diff generated": 3}
    every = [chart for found in charts.values() for chart in found]
    for chart in every:
        assert len(chart) <= mermaid.MAX_CHARS and chart.count("-->") + chart.count("-.->") <= mermaid.MAX_EDGES < 500
    # the generated ones degrade to team maps, and say so
    assert all('note["' in chart for chart in charts["generated"])
    assert sum("only the 200 heaviest of its 625 handoffs" in chart for chart in every) == 2  # report and diff

    svgs = render(every, tmp_path / "rendered")
    assert len(svgs) == len(every)
    for chart, svg in zip(every, svgs):
        assert svg.startswith("<svg") and "Syntax error" not in svg, chart[:200]
        # a node per step (or team, or the note) drawn: at least as many as the chart's node lines
        nodes = len(re.findall(r'^\s+(?:s|t|e)\d+[(\[{]|^\s+note\[', chart, re.MULTILINE))
        assert svg.count('class="node') >= nodes > 0, chart[:200]


def render(charts: list[str], folder: Path) -> list[str]:
    """Every chart as an SVG, through one ``mmdc`` run over a Markdown file of them all."""
    folder.mkdir()
    config = json.loads((TOOL / "puppeteer.json").read_text(encoding="utf-8"))
    (folder / "puppeteer.json").write_text(json.dumps({**config, "executablePath": str(CHROMIUM)}), encoding="utf-8")
    (folder / "charts.md").write_text("".join(f"```mermaid\n{chart}```\n\n" for chart in charts), encoding="utf-8")
    result = subprocess.run([str(MMDC), "--quiet", "-p", "puppeteer.json", "-i", "charts.md", "-o", "out.md"],
                            cwd=folder, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return [(folder / f"out-{n}.svg").read_text(encoding="utf-8") for n in range(1, len(charts) + 1)]


def test_mermaid_cli_refuses_what_github_refuses(tmp_path: Path) -> None:
    """The check can fail: the step chart of 522 branches is what ``flowchart`` no longer writes."""
    (tmp_path / "p").mkdir()
    chart = mermaid.step_chart(fan(tmp_path / "p", 58, 8, 6))
    with pytest.raises(AssertionError, match="Edge limit exceeded"):
        render([chart], tmp_path / "rendered")
