"""Mermaid flowcharts that GitHub renders: a subgraph per team, steps shaped by kind.

Safety: node and subgraph ids are generated (``s0``, ``t0``), never user ids,
and every user string goes through :func:`text`, which keeps letters, digits,
spaces and a few harmless marks and writes every other character as a Mermaid
entity code (``#60;`` for ``<``), so that no quote, bracket, brace, pipe,
semicolon, ``%%`` or line break can end a label or start a statement.  Mermaid
turns the codes back into characters as text, never as markup.

Bounded: GitHub's Mermaid refuses a chart over 50,000 characters or 500 edges,
and a chart of a few hundred nodes or edges is unreadable (and slow to draw) anyway.  A process of more than
``MAX_STEPS`` steps, or whose chart would pass ``MAX_EDGES`` edges or ``MAX_CHARS``
characters, is drawn as its team map instead: a node per team, the handoffs
between teams as edges, and a note that says so.  A team map that would itself
pass a limit keeps its heaviest handoffs (the most per case, else the most
branches) and its note says how many it leaves out; one whose teams alone pass
the character limit is a note only.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from processwalk.formatting import format_hours, format_share
from processwalk.model import Branch, Process, Step

MAX_STEPS = 60
MAX_CHARS = 40_000
#: the most edges a chart draws.  Mermaid refuses a chart of more than 500 (its ``maxEdges``, which
#: GitHub keeps), and well before that its layout is slow and the chart a tangle: mermaid-cli takes
#: about 3.5 s to draw a team map of 200 edges and 47 s for one of 500 (in headless Chromium, as a
#: reader's browser would)
MAX_EDGES = 200
#: characters written as themselves; everything else becomes ``#<code>;``
SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:!?+-/=()'")
WRAP = 28
SHAPES = {"task": ('("', '")'), "contact": ('(["', '"])'), "self-service": ('[/"', '"/]'), "approval": ('{{"', '"}}'),
          "decision": ('{"', '"}'), "end": ('[["', '"]]')}
STYLES = {
    "high": "fill:#f8b4b4,stroke:#c53030,stroke-width:2px",
    "medium": "fill:#fcd9a8,stroke:#c05621,stroke-width:2px",
    "low": "fill:#fdf1c7,stroke:#b7791f",
    "refused": "fill:#fbe3e3,stroke:#7b8794",
    "resolved": "fill:#e3f4ea,stroke:#7b8794",
}
REFUSAL_LINK = "stroke:#c53030,color:#c53030"


@dataclass(frozen=True)
class Options:
    """What to mark: a class per step (``high``, ``medium``, ``low`` or a class of
    ``styles``), the expected visits per step (labels the team map), extra styles."""

    classes: Mapping[str, str] = field(default_factory=dict)
    flow: Mapping[str, float] | None = None
    styles: Mapping[str, str] = field(default_factory=dict)
    max_steps: int = MAX_STEPS


def text(value: str) -> str:
    """``value`` safe inside a quoted Mermaid label (line breaks become spaces)."""
    flat = " ".join(value.split())
    return "".join(c if c in SAFE else f"#{ord(c)};" for c in flat)


def label(value: str, width: int = WRAP) -> str:
    """``value`` escaped and wrapped with ``<br/>`` every ``width`` characters or so."""
    lines = textwrap.wrap(" ".join(value.split()), width, break_long_words=True) or [""]
    return "<br/>".join(text(line) for line in lines)


def flowchart(process: Process, options: Options = Options()) -> str:
    """The process as a Mermaid ``flowchart TD``; its team map when it is too large."""
    if len(process.steps) > options.max_steps or len(_links(process)) > MAX_EDGES:
        return team_map(process, options)
    chart = step_chart(process, options)
    return chart if len(chart) <= MAX_CHARS else team_map(process, options)


def _links(process: Process) -> list[tuple[Step, Branch]]:
    return [(step, b) for step in process.steps.values() for b in step.next if b.to in process.steps]


def step_chart(process: Process, options: Options = Options()) -> str:
    ids = {step_id: f"s{i}" for i, step_id in enumerate(process.steps)}
    out = ["flowchart TD"]
    for number, (team, steps) in enumerate(_lanes(process).items()):
        if team is None:
            out.extend(f"  {_node(ids[s.id], s)}" for s in steps)
            continue
        out.append(f'  subgraph t{number}["{label(_team_name(process, team), 40)}"]')
        out.extend(f"    {_node(ids[s.id], s)}" for s in steps)
        out.append("  end")
    refusals: list[int] = []
    for number, (step, branch) in enumerate(_links(process)):
        if branch.refusal:
            refusals.append(number)
        out.append(_link(process, ids[step.id], ids[branch.to], branch))
    out.extend(_styles(process, ids, options, refusals))
    return "\n".join(out) + "\n"


def _lanes(process: Process) -> dict[str | None, list[Step]]:
    lanes: dict[str | None, list[Step]] = {}
    for step in process.steps.values():
        lanes.setdefault(None if step.is_end else step.team, []).append(step)
    return lanes


def _team_name(process: Process, team: str) -> str:
    return process.teams[team].name if team in process.teams else team


def _node(node: str, step: Step) -> str:
    start, end = SHAPES.get(step.kind, SHAPES["task"])
    details = [label(step.name)]
    if step.work.mean > 0:
        details.append(text(f"work {format_hours(step.work.mean)}"))
    return f"{node}{start}{'<br/>'.join(details)}{end}"


def _link(process: Process, source: str, target: str, branch: Branch) -> str:
    parts = [format_share(branch.p)] if branch.p < 1 - 1e-9 else []
    wait = process.steps[branch.to].wait.mean
    if wait > 0:
        parts.append(f"wait {format_hours(wait)}")
    if branch.refusal:
        parts.insert(0, "refused")
        if branch.reason:
            parts.append(branch.reason)
    words = label(" ".join(parts)) if parts else ""
    arrow = "-.->" if branch.refusal else "-->"
    return f'  {source} {arrow}|"{words}"| {target}' if words else f"  {source} {arrow} {target}"


def _styles(process: Process, ids: Mapping[str, str], options: Options, refusals: Sequence[int]) -> Iterator[str]:
    styles = {**STYLES, **options.styles}
    classes: dict[str, list[str]] = {}
    for step in process.steps.values():
        marked = options.classes.get(step.id)
        if marked is None and step.is_end:
            marked = "refused" if step.outcome == "refused" else "resolved"
        if marked in styles:
            classes.setdefault(marked, []).append(ids[step.id])
    for name in sorted(classes):
        yield f"  classDef {name} {styles[name]}"
        yield f"  class {','.join(classes[name])} {name}"
    if refusals:
        yield f"  linkStyle {','.join(map(str, refusals))} {REFUSAL_LINK}"


def team_map(process: Process, options: Options = Options()) -> str:
    """Teams as nodes and handoffs as edges: a bounded view of a process of any size."""
    teams = list(dict.fromkeys(s.team for s in process.steps.values() if s.team and not s.is_end))
    ids = {team: f"t{i}" for i, team in enumerate(teams)}
    outcomes = list(dict.fromkeys(s.outcome or "resolved" for s in process.steps.values() if s.is_end))
    ids.update({f"end:{o}": f"e{i}" for i, o in enumerate(outcomes)})
    nodes = []
    for team in teams:
        count = sum(1 for s in process.steps.values() if s.team == team and not s.is_end)
        nodes.append(f'  {ids[team]}("{label(_team_name(process, team), 32)}<br/>{text(f"{count} steps")}")')
    nodes.extend(f'  {ids[f"end:{o}"]}[["{text(o)}"]]' for o in outcomes)
    edges = []
    for (source, target), weight in handoffs(process, options.flow).items():
        words = f"{weight:.2f} per case" if options.flow is not None else f"{weight:.0f} branch{'es' if weight != 1 else ''}"
        edges.append((weight, f'  {ids[source]} -->|"{text(words)}"| {ids[target]}'))
    size = f"{len(process.steps)} steps, {len(_links(process))} branches"
    head = f"{size}: the team map (each team, the handoffs between them)"
    room = MAX_CHARS - len(_team_chart([head, LEFT_OUT.format(len(edges), len(edges))], nodes, []))
    kept = _heaviest(edges, room)
    notes = [head, LEFT_OUT.format(len(kept), len(edges))] if len(kept) < len(edges) else [head]
    chart = _team_chart(notes, nodes, kept)
    if len(chart) > MAX_CHARS:
        return _team_chart([f"{size}, {len(teams)} teams: too large to draw, even as its team map"], [], [])
    return chart


#: the second line of a team map's note when it leaves handoffs out
LEFT_OUT = "only the {} heaviest of its {} handoffs"


def _team_chart(notes: Sequence[str], nodes: Sequence[str], edges: Sequence[str]) -> str:
    note = "<br/>".join(label(line, 90) for line in notes)
    return "\n".join(["flowchart TD", f'  note["{note}"]', *nodes, *edges]) + "\n"


def _heaviest(edges: Sequence[tuple[float, str]], room: int) -> list[str]:
    """The edges that fit in ``MAX_EDGES`` and ``room`` characters, the heaviest chosen first, kept in their order."""
    chosen: set[int] = set()
    for number in sorted(range(len(edges)), key=lambda n: -edges[n][0]):
        cost = len(edges[number][1]) + 1
        if len(chosen) == MAX_EDGES or cost > room:
            break
        chosen.add(number)
        room -= cost
    return [line for number, (_, line) in enumerate(edges) if number in chosen]


def handoffs(process: Process, flow: Mapping[str, float] | None) -> dict[tuple[str, str], float]:
    """Expected moves per case from team to team (or to an outcome); branch counts without ``flow``."""
    moves: dict[tuple[str, str], float] = {}
    for step in process.steps.values():
        if step.is_end or not step.team:
            continue
        for b in step.next:
            target = process.steps[b.to]
            key = f"end:{target.outcome or 'resolved'}" if target.is_end else target.team
            if key is None or key == step.team:
                continue
            weight = flow.get(step.id, 0.0) * b.p if flow is not None else 1.0
            moves[(step.team, key)] = moves.get((step.team, key), 0.0) + weight
    return moves
