"""Mermaid flowcharts: escaping of hostile names, subgraphs per team, shapes, bounded size."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from processwalk.model import Process
from processwalk.project import load_paths
from processwalk.render import mermaid

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile" / "hostile.yaml"
#: a quoted label: what Mermaid reads between the quotes of ``["..."]``, ``|"..."|`` and friends
LABEL = re.compile(r'"([^"\n]*)"')


def load(path: Path) -> Process:
    loaded = load_paths([str(path)])
    assert not loaded.problems, loaded.problems
    return loaded.processes[0]


@pytest.mark.parametrize("text, expected", [
    ('say "hi"', "say #34;hi#34;"),
    ("braces {x} [y] | z", "braces #123;x#125; #91;y#93; #124; z"),
    ("two\nlines", "two lines"),
    ("end; click x call alert(1)", "end#59; click x call alert(1)"),
    ("%% comment", "#37;#37; comment"),
    ("<b>&#35;</b>", "#60;b#62;#38;#35;35#59;#60;/b#62;"),
    ("`code` *bold* _it_", "#96;code#96; #42;bold#42; #95;it#95;"),
    ("back\\slash", "back#92;slash"),
    ("caf\u00e9", "caf#233;"),
])
def test_text_writes_every_special_character_as_an_entity_code(text: str, expected: str) -> None:
    assert mermaid.text(text) == expected


def test_label_wraps_then_escapes() -> None:
    assert mermaid.label("aaa bbb ccc [x]", 8) == "aaa bbb<br/>ccc #91;x#93;"


def test_hostile_names_stay_inside_their_labels() -> None:
    chart = mermaid.flowchart(load(HOSTILE))
    labels = LABEL.findall(chart)
    assert labels, chart
    for label in labels:
        # inside a label: only safe characters, entity codes and our own line breaks
        assert set(label.replace("<br/>", "")) <= mermaid.SAFE | {"#", ";"}, label
    outside = LABEL.sub('""', chart)
    assert "script" not in outside and "click" not in outside and "classDef x" not in outside
    assert "subgraph end" not in outside
    # every statement outside the labels is one of ours
    for line in outside.splitlines()[1:]:
        assert re.fullmatch(r'\s*(subgraph t\d+\[""\]|end|s\d+(\(\[""\]\)|\(""\)|\{\{""\}\}|\{""\}|\[\[""\]\])|'
                            r's\d+ (-->|-\.->)(\|""\|)? s\d+|classDef \w+ [\w:#,-]+|class [s\d,]+ \w+|'
                            r'linkStyle [\d,]+ [\w:#,;]+)', line), line


def test_subgraphs_per_team_shapes_per_kind_and_refusals_marked() -> None:
    chart = mermaid.flowchart(load(ROOT / "processes" / "billing-credit.yaml"))
    assert chart.startswith("flowchart TD\n")
    assert chart.count("subgraph ") == 3 and chart.count("\n  end\n") == 3
    assert '    s0(["Customer calls about a wrong<br/>bill and I check it with<br/>them<br/>work 9m"])' in chart
    assert '    s4{{"Team leader signs off the<br/>credit from the approval<br/>tray<br/>work 4m"}}' in chart
    assert '  s7[["Credit on the account,<br/>letter sent"]]' in chart
    assert '  s2 -->|"35#37; wait 2.0d"| s4' in chart
    assert ('  s2 -.->|"refused 7#37; wait 1.0d the<br/>request has no usage period<br/>or meter reading"| s3'
            in chart)
    assert "  s5 --> s6\n" in chart
    assert "  linkStyle 4,9 stroke:#c53030,color:#c53030\n" in chart
    assert "  class s9 refused\n" in chart


def test_classes_mark_hotspots() -> None:
    options = mermaid.Options(classes={"check-credit": "high", "post-credit": "low"})
    chart = mermaid.flowchart(load(ROOT / "processes" / "billing-credit.yaml"), options)
    assert "  classDef high fill:#f8b4b4,stroke:#c53030,stroke-width:2px\n  class s2 high\n" in chart
    assert "  class s5 low\n" in chart


def chain(tmp_path: Path, steps: int) -> Process:
    lines = ["process: big", "title: Big", "start: s000", "teams:", "  a: {name: Team A}", "  b: {name: Team B}",
             "steps:"]
    for i in range(steps - 1):
        following = f"s{i + 1:03d}" if i + 2 < steps else "done"
        lines += [f"  s{i:03d}:", f"    team: {'ab'[(i // 10) % 2]}", f"    next: {following}"]
    lines.append("  done: {kind: end}\n")
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return load(path)


def test_a_large_process_is_drawn_as_its_team_map(tmp_path: Path) -> None:
    process = chain(tmp_path, 150)
    chart = mermaid.flowchart(process)
    assert chart == (
        "flowchart TD\n"
        '  note["150 steps, 149 branches: the team map (each team, the handoffs between them)"]\n'
        '  t0("Team A<br/>79 steps")\n'  # 149 steps in runs of ten, A first and last
        '  t1("Team B<br/>70 steps")\n'
        '  e0[["resolved"]]\n'
        '  t0 -->|"7 branches"| t1\n'
        '  t1 -->|"7 branches"| t0\n'
        '  t0 -->|"1 branch"| e0\n')
    flow = {s: 1.0 for s in process.steps}
    assert '  t0 -->|"7.00 per case"| t1\n' in mermaid.flowchart(process, mermaid.Options(flow=flow))


def test_the_chart_stays_within_what_github_renders(tmp_path: Path) -> None:
    for steps in (5, 60, 61, 400):
        chart = mermaid.flowchart(chain(tmp_path, steps))
        assert len(chart) <= mermaid.MAX_CHARS
        assert chart.count("-->") + chart.count("-.->") <= mermaid.MAX_EDGES < 500
    assert "subgraph" in mermaid.flowchart(chain(tmp_path, 60))
    assert "subgraph" not in mermaid.flowchart(chain(tmp_path, 61))


def test_a_chart_too_long_in_characters_falls_back_to_the_team_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mermaid, "MAX_CHARS", 100)
    assert '  note["' in mermaid.flowchart(load(ROOT / "processes" / "billing-credit.yaml"))


def test_a_refusal_without_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("process: r\ntitle: R\nstart: a\nteams: {t: {name: T}}\nsteps:\n  a:\n    team: t\n    next:\n"
                    "      - {to: b, p: 0.5}\n      - {to: a, p: 0.5, refusal: true}\n  b: {kind: end}\n",
                    encoding="utf-8")
    assert '  s0 -.->|"refused 50#37;"| s0\n' in mermaid.flowchart(load(path))


def fan(tmp_path: Path, work: int, width: int, teams: int) -> Process:
    """``work`` steps (of ``teams`` teams in turn), each with a branch to each of the ``width`` steps after it
    (round the chain) and one to the end: ``work * (width + 1)`` branches, ``work + 1`` steps."""
    lines = ["process: fan", "title: Fan", "start: s000", "teams:",
             *(f"  t{t:02d}: {{name: Team {t}}}" for t in range(teams)), "steps:"]
    for i in range(work):
        lines += [f"  s{i:03d}:", f"    team: t{i % teams:02d}", "    next:",
                  *(f"      - {{to: s{(i + k) % work:03d}, p: {1 / (width + 1):.6f}}}" for k in range(1, width + 1)),
                  f"      - {{to: done, p: {1 - width * round(1 / (width + 1), 6):.6f}}}"]
    lines.append("  done: {kind: end}\n")
    path = tmp_path / "fan.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return load(path)


def edges(chart: str) -> int:
    return chart.count("-->") + chart.count("-.->")


def test_a_process_of_few_steps_and_too_many_branches_is_drawn_as_its_team_map(tmp_path: Path) -> None:
    # 58 steps of 8 + 1 branches: 522 edges, over Mermaid's 500 (and MAX_EDGES), in 59 steps, under MAX_STEPS
    process = fan(tmp_path, 58, 8, 6)
    chart = mermaid.flowchart(process)
    assert "subgraph" not in chart
    assert chart.startswith('flowchart TD\n  note["59 steps, 522 branches: the team map (each team, the handoffs '
                            'between them)"]\n')
    # 6 teams in turn, 8 steps ahead: every team hands off to every other (30 edges) and to the end (6)
    assert edges(chart) == 6 * 5 + 6
    assert edges(mermaid.step_chart(process)) == 522


def test_a_team_map_over_the_edge_limit_keeps_its_heaviest_handoffs(tmp_path: Path) -> None:
    # 25 steps, each its own team, each handing off to the other 24 and to the end: 25 x 25 = 625 handoffs
    process = fan(tmp_path, 25, 24, 25)
    chart = mermaid.team_map(process)
    assert chart.startswith('flowchart TD\n  note["26 steps, 625 branches: the team map (each team, the handoffs '
                            'between them)<br/>only the 200 heaviest of its 625 handoffs"]\n')
    assert edges(chart) == mermaid.MAX_EDGES == 200
    # all weigh 1 branch: the first 200 in their order, of the first 8 teams (8 x 25 handoffs)
    assert '  t7 -->|"1 branch"| e0\n' in chart and "  t8 -->" not in chart
    # with the flow, the heaviest: the last team's step visited most, its 25 handoffs first, then the first
    # 175 of equal weight in their order (teams 1 to 7); the first team's, visited least, not at all
    flow = {s: (2.0 if s == "s024" else 1.0 if s != "s000" else 0.5) for s in process.steps}
    weighted = mermaid.team_map(process, mermaid.Options(flow=flow))
    assert edges(weighted) == 200 and weighted.count("  t7 -->") == 25 and "  t8 -->" not in weighted
    assert weighted.count("  t24 -->") == 25 and "  t0 -->" not in weighted


def test_a_team_map_over_the_character_limit_keeps_what_fits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    process = fan(tmp_path, 25, 24, 25)
    full = mermaid.team_map(process)
    monkeypatch.setattr(mermaid, "MAX_CHARS", 3_000)
    chart = mermaid.team_map(process)
    assert len(chart) <= 3_000 < len(full)
    kept = edges(chart)
    assert 0 < kept < 200
    assert f"<br/>only the {kept} heaviest of its 625 handoffs" in chart
    monkeypatch.setattr(mermaid, "MAX_CHARS", 500)  # the 25 teams alone do not fit
    assert mermaid.team_map(process) == (
        'flowchart TD\n  note["26 steps, 625 branches, 25 teams: too large to draw, even as its team map"]\n')
