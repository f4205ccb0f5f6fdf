"""Process diagrams through Graphviz: the one module that builds DOT and runs ``dot``.

The diagram shows one swimlane (a cluster) per team, steps shaped by kind,
edges labeled with their probability (each step's wait is written in the step,
once, not on every arrow into it: repeated on converging arrows the labels
collided), refusal edges in red and dashed, send-back edges (back into an earlier step, without
refusal) in amber and dotted, and hotspot steps shaded by the impact of their
findings, with a legend.

Safety: the DOT is written here, not by string templates elsewhere.  Node and
cluster names are generated (``s0``, ``t0``), never user ids; every user string
goes into an HTML-like label or a quoted attribute through :func:`label_text`:
entities for ``& < > " '``, no line breaks, and each backslash shown as the
look-alike U+2216, so that Graphviz's ``\\N`` or ``\\G`` mean nothing.  The SVG is then
stripped of comments and Graphviz's version banner, and checked to hold no
script, event handler or foreign object before it is inlined in a page.

Reproducible: the same process gives the same DOT byte for byte; the same DOT
and Graphviz version give the same SVG.
"""
from __future__ import annotations

import html
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from processwalk import graph
from processwalk.errors import ProcessWalkError
from processwalk.findings import Finding
from processwalk.formatting import format_hours, format_share
from processwalk.model import Process, Step

FORMATS = ("svg", "png", "dot")
LEVELS = ("high", "medium", "low")
#: a step whose impact is at least this share of the process's largest is "high", and so on
LEVEL_SHARES = {"high": 0.5, "medium": 0.15}
#: above this many steps the diagram is drawn compact, top to bottom
LARGE = 40
#: above this many steps or edges Graphviz's layout takes minutes and gigabytes (5,000 steps in a
#: row: 22 s; 150 steps of 8 branches: 9 s), so the diagram is the process's team map instead
MAX_STEPS = 300
MAX_EDGES = 600
INSTALL_HELP = (
    "Graphviz's 'dot' program was not found; it draws the process diagrams. Install Graphviz: "
    "'sudo apt-get install graphviz' (Debian, Ubuntu), 'brew install graphviz' (macOS), "
    "'choco install graphviz' (Windows) or see https://graphviz.org/download/ - or run 'make', "
    "which installs it."
)

FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
INK, MUTED, LINE = "#1f2933", "#52606d", "#7b8794"
REFUSAL, SENDBACK = "#c53030", "#b7791f"
HEAT_FILL = {"high": "#f8b4b4", "medium": "#fcd9a8", "low": "#fdf1c7"}
HEAT_BORDER = {"high": "#c53030", "medium": "#c05621", "low": "#b7791f"}
#: a light tint per team, in catalog order, so that a team's lanes look alike
LANE_FILLS = ("#f3f6f9", "#f0f6f2", "#fbf6ee", "#f4f1f9", "#eef5fa", "#faf0f2", "#f4f5ec", "#eef5f4")
END_FILL = {"resolved": "#e3f4ea", "refused": "#fbe3e3", "abandoned": "#eceff1"}
SHAPES = {"task": "box", "contact": "ellipse", "self-service": "parallelogram", "approval": "hexagon",
          "decision": "diamond", "end": "box"}
GLYPHS = {"task": "\u25ad", "contact": "\u25ef", "self-service": "\u25b1", "approval": "\u2b21", "decision": "\u25c7", "end": "\u25a3"}
DOT_SEP = " \u00b7 "
#: a refusal reason on an edge is cut here (the tooltip has all of it)
REASON_CHARS = 52
KIND_NAMES = {"task": "task", "contact": "contact with the customer",
              "self-service": "self-service (the customer deals with a machine)", "approval": "approval",
              "decision": "decision", "end": "end (outcome)"}

BACKSLASH = "\u2216"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_PROLOG = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.DOTALL)
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Heat:
    """Where the hotspots are: a level (``high``, ``medium``, ``low``) per step and team,
    and the branches ``(from, to)`` that findings point at."""

    steps: Mapping[str, str] = field(default_factory=dict)
    teams: Mapping[str, str] = field(default_factory=dict)
    branches: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Svg:
    """A diagram ready to inline: the cleaned SVG and its natural size in points."""

    markup: str
    width_pt: float
    height_pt: float


# --- escaping -------------------------------------------------------------------------------


def clean(text: str) -> str:
    """One line of text: control characters and line breaks become single spaces, and a
    backslash becomes the look-alike U+2216, because Graphviz substitutes ``\\G``, ``\\N``
    and friends in every label and tooltip, even when the backslash is escaped."""
    return _CONTROL.sub(" ", text).strip().replace("\\", BACKSLASH)


def label_text(text: str) -> str:
    """User text for an HTML-like label or a quoted attribute: every markup character an entity."""
    return html.escape(clean(text), quote=True)



def wrapped(text: str, width: int) -> str:
    """Escaped label text wrapped at ``width`` characters with ``<BR/>``."""
    lines = textwrap.wrap(clean(text), width, break_long_words=True, break_on_hyphens=False) or [""]
    return "<BR/>".join(html.escape(line, quote=True) for line in lines)


# --- hotspots -------------------------------------------------------------------------------


def heat_of(process: Process, findings: Iterable[Finding]) -> Heat:
    """Hotspot levels from the unanswered ``findings`` of ``process`` (give its own findings).

    A step finding heats its step, a policy finding every step the policy
    governs or causes a branch of, a branch finding its edge and source step, a
    team finding the team's lane.  Each place's score is the sum of its
    findings' impact scores; its level is its share of the largest score of any
    step or team.
    """
    steps: dict[str, float] = {}
    teams: dict[str, float] = {}
    branches: set[tuple[str, str]] = set()
    for finding in findings:
        if finding.answered:
            continue
        for step_id in _heated_steps(process, finding):
            steps[step_id] = steps.get(step_id, 0.0) + finding.impact.score
        if finding.place == "team" and finding.at in process.teams:
            teams[finding.at] = teams.get(finding.at, 0.0) + finding.impact.score
        if finding.place == "branch" and "->" in finding.at:
            source, _, target = finding.at.partition("->")
            branches.add((source, target))
    top = max([*steps.values(), *teams.values()], default=0.0)
    return Heat(_levels(steps, top), _levels(teams, top), frozenset(branches))


def _heated_steps(process: Process, finding: Finding) -> Iterator[str]:
    if finding.place == "step" and finding.at in process.steps:
        yield finding.at
    elif finding.place == "branch" and finding.at.partition("->")[0] in process.steps:
        yield finding.at.partition("->")[0]
    elif finding.place == "policy":
        for step in process.steps.values():
            if finding.at in step.policies or any(b.policy == finding.at for b in step.next):
                yield step.id


def _levels(scores: Mapping[str, float], top: float) -> dict[str, str]:
    return {key: level(score, top) for key, score in sorted(scores.items())}


def level(score: float, top: float) -> str:
    """``high`` / ``medium`` / ``low`` by share of the top score (no impact known: ``low``)."""
    if top <= 0 or score <= 0:
        return "low"
    share = score / top
    if share >= LEVEL_SHARES["high"]:
        return "high"
    return "medium" if share >= LEVEL_SHARES["medium"] else "low"


# --- DOT ------------------------------------------------------------------------------------


#: points of room reserved around the words of each edge label
LABEL_PAD = 3


def dot_source(process: Process, heat: Heat = Heat(), flow: Mapping[str, float] | None = None) -> str:
    """The DOT text of ``process``; ``flow`` (expected visits per step) sets edge widths.  A process
    over ``MAX_STEPS`` steps or ``MAX_EDGES`` edges is drawn as its team map (:func:`team_map`)."""
    if len(process.steps) > MAX_STEPS or sum(len(s.next) for s in process.steps.values()) > MAX_EDGES:
        return team_map(process, heat, flow)
    large = len(process.steps) > LARGE
    plan = _plan(process, large)
    lines = [
        "digraph process {",
        (f'  graph [rankdir=TB, fontname="{FONT}", fontsize=11, '
         f'nodesep={0.2 if large else 0.3}, ranksep={0.3 if large else 0.45}, newrank=true, '
         f'bgcolor="transparent", pad=0.2, labelloc=b, labeljust=l, label=<{_legend(process, heat)}>];'),
        (f'  node [fontname="{FONT}", fontsize={9 if large else 10}, color="{LINE}", fontcolor="{INK}", '
         f'style="filled", fillcolor="#ffffff", margin="0.12,0.06", penwidth=1.2];'),
        (f'  edge [fontname="{FONT}", fontsize={8 if large else 9}, color="{LINE}", fontcolor="{MUTED}", '
         f'arrowsize=0.7];'),
    ]
    for t, lane in enumerate(plan.lanes):
        lines.extend(_cluster(process, f"t{t}", lane, heat, large))
    lines.extend("  " + _node(step, name, heat, large) for name, step in plan.outside)
    lines.extend("  " + line for line in _edges(process, plan, heat, flow, large))
    lines.append("}")
    return "\n".join(lines) + "\n"


def team_map(process: Process, heat: Heat = Heat(), flow: Mapping[str, float] | None = None) -> str:
    """Teams as nodes and the handoffs between them as edges: a bounded drawing of a process of any
    size (the node and edge count grow with the teams, not the steps)."""
    from processwalk.render.mermaid import handoffs

    steps = [s for s in process.steps.values() if not s.is_end]
    teams = list(dict.fromkeys(s.team for s in steps if s.team))
    outcomes = list(dict.fromkeys(s.outcome or "resolved" for s in process.steps.values() if s.is_end))
    names = {team: f"t{i}" for i, team in enumerate(teams)} | {f"end:{o}": f"e{i}" for i, o in enumerate(outcomes)}
    note = (f"{len(process.steps):,} steps, too many to draw one by one: the team map "
            f"(each team, the handoffs between them)")
    lines = ["digraph process {",
             f'  graph [rankdir=TB, fontname="{FONT}", fontsize=11, bgcolor="transparent", pad=0.2, '
             f'labelloc=t, labeljust=l, label=<{wrapped(note, 90)}>];',
             f'  node [fontname="{FONT}", fontsize=10, color="{LINE}", fontcolor="{INK}", shape=box, '
             f'style="rounded,filled", fillcolor="#ffffff"];',
             f'  edge [fontname="{FONT}", fontsize=9, color="{LINE}", fontcolor="{MUTED}", arrowsize=0.7];']
    for team in teams:
        count = sum(1 for s in steps if s.team == team)
        hot = heat.teams.get(team)
        colors = f', fillcolor="{HEAT_FILL[hot]}", color="{HEAT_BORDER[hot]}"' if hot else ""
        title = process.teams[team].name if team in process.teams else team
        lines.append(f'  {names[team]} [label=<<B>{wrapped(title, 32)}</B><BR/>{count} steps>{colors}];')
    lines.extend(f'  {names[f"end:{o}"]} [label=<{label_text(o)}>, peripheries=2, '
                 f'fillcolor="{END_FILL.get(o, "#eceff1")}"];' for o in outcomes)
    for (source, target), weight in handoffs(process, flow).items():
        words = f"{weight:.2f} per case" if flow is not None else f"{weight:.0f} branch{'es' if weight != 1 else ''}"
        lines.append(f"  {names[source]} -> {names[target]} [label=<{words}>];")
    lines.append("}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Lane:
    team: str
    nodes: list[tuple[str, Step]]


@dataclass(frozen=True)
class _Plan:
    """Which node goes in which lane, and the node each edge points at.

    A small process gets one lane per team.  A large one gets a lane segment per
    run of consecutive steps of one team (a lane spanning 150 steps would be
    mostly empty), and every edge into an end step gets its own copy of the end,
    drawn in the source's segment: one shared end would pull edges across the
    whole diagram.
    """

    lanes: Sequence[_Lane]
    outside: Sequence[tuple[str, Step]]
    names: Mapping[str, str]
    targets: Mapping[tuple[str, str], str]


def _plan(process: Process, large: bool) -> _Plan:
    names = {step_id: f"s{i}" for i, step_id in enumerate(process.steps)}
    lanes: list[_Lane] = []
    lane_of: dict[str, _Lane] = {}
    by_team: dict[str, _Lane] = {}
    outside: list[tuple[str, Step]] = []
    for step in process.steps.values():
        team = None if step.is_end else step.team
        if team is None:
            if not (large and step.is_end):
                outside.append((names[step.id], step))
            continue
        lane = (lanes[-1] if lanes and lanes[-1].team == team else None) if large else by_team.get(team)
        if lane is None:
            lane = _Lane(team, [])
            lanes.append(lane)
            by_team[team] = lane
        lane.nodes.append((names[step.id], step))
        lane_of[step.id] = lane
    targets: dict[tuple[str, str], str] = {}
    for step in process.steps.values():
        for to in graph.targets(process, step.id):
            name = names[to]
            if large and process.steps[to].is_end:
                name = f"{names[to]}_{names[step.id]}"
                source = lane_of.get(step.id)
                (source.nodes if source is not None else outside).append((name, process.steps[to]))
            targets[(step.id, to)] = name
    return _Plan(lanes, outside, names, targets)


def _cluster(process: Process, name: str, lane: _Lane, heat: Heat, large: bool) -> Iterator[str]:
    team = process.teams.get(lane.team)
    title = team.name if team is not None else lane.team
    hot = heat.teams.get(lane.team)
    border = HEAT_BORDER[hot] if hot else "#cbd2d9"
    marker = " \u26a0" if hot else ""
    fill = LANE_FILLS[list(process.teams).index(lane.team) % len(LANE_FILLS)] if team else LANE_FILLS[0]
    yield f"  subgraph cluster_{name} {{"
    yield (f'    graph [label=<<B>{wrapped(title, 40)}</B>{marker}>, style="rounded,filled", '
           f'fillcolor="{fill}", color="{border}", penwidth={2 if hot else 1}, fontcolor="{INK}", '
           f'fontsize={10 if large else 11}, margin=10, labelloc=t, labeljust=l, tooltip="{label_text(title)}"];')
    for node_name, step in lane.nodes:
        yield "    " + _node(step, node_name, heat, large)
    yield "  }"


def _node(step: Step, name: str, heat: Heat, large: bool) -> str:
    attrs = {"shape": SHAPES.get(step.kind, "box"), "label": f"<{_node_label(step, large)}>",
             "tooltip": f'"{label_text(_tooltip(step))}"'}
    style = ["filled"]
    if step.kind in ("task", "end", "contact"):
        style.append("rounded")
    hot = heat.steps.get(step.id)
    if hot:
        attrs["fillcolor"] = f'"{HEAT_FILL[hot]}"'
        attrs["color"] = f'"{HEAT_BORDER[hot]}"'
        attrs["penwidth"] = "2"
    elif step.is_end:
        attrs["fillcolor"] = f'"{END_FILL.get(step.outcome or "resolved", "#eceff1")}"'
        attrs["peripheries"] = "2"
    if step.kind == "decision":
        attrs["margin"] = '"0.02,0.02"'
    attrs["style"] = f'"{",".join(style)}"'
    return f"{name} [{', '.join(f'{k}={v}' for k, v in attrs.items())}];"


def _node_label(step: Step, large: bool) -> str:
    width = {"decision": 18, "approval": 22}.get(step.kind, 22 if large else 26)
    label = f"<B>{wrapped(step.name, width)}</B>"
    times = []
    if step.wait.mean > 0:
        times.append(f"wait {format_hours(step.wait.mean)}")
    if step.work.mean > 0:
        times.append(f"work {format_hours(step.work.mean)}")
    if step.is_end and step.outcome and step.outcome != "resolved":
        times.append(label_text(step.outcome))
    if times:
        detail = DOT_SEP.join(times)
        label += f'<BR/><FONT POINT-SIZE="{8 if large else 9}" COLOR="{MUTED}">{detail}</FONT>'
    return label


def _tooltip(step: Step) -> str:
    parts = [step.name, f"({KIND_NAMES.get(step.kind, step.kind)})"]
    if step.wait.mean > 0:
        parts.append(f"waits {format_hours(step.wait.mean)} before")
    if step.work.mean > 0:
        parts.append(f"work {format_hours(step.work.mean)}")
    return " ".join(parts)


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    p: float
    refusal: bool
    reasons: tuple[str, ...]


def merged_edges(process: Process) -> list[_Edge]:
    """One edge per (step, target): branches to the same target add up."""
    edges: dict[tuple[str, str], _Edge] = {}
    for step in process.steps.values():
        for b in step.next:  # a valid process names only its own steps
            key = (step.id, b.to)
            reason = (b.reason or b.when or "",) if b.refusal and (b.reason or b.when) else ()
            before = edges.get(key)
            if before is None:
                edges[key] = _Edge(step.id, b.to, b.p, b.refusal, reason)
            else:
                edges[key] = _Edge(step.id, b.to, before.p + b.p, before.refusal or b.refusal,
                                   before.reasons + reason)
    return list(edges.values())


def _edges(process: Process, plan: _Plan, heat: Heat,
           flow: Mapping[str, float] | None, large: bool) -> Iterator[str]:
    backs = graph.back_edges(process)
    for edge in merged_edges(process):
        attrs = {"label": f"<{_padded(_edge_label(process, edge, large))}>",
                 "tooltip": f'"{label_text(_edge_tooltip(process, edge))}"'}
        if flow is not None:
            share = min(1.0, flow.get(edge.source, 0.0) * edge.p)
            attrs["penwidth"] = f"{1.2 + 2.8 * share:.2f}"
        if edge.refusal:
            attrs.update(color=f'"{REFUSAL}"', fontcolor=f'"{REFUSAL}"', style="dashed")
        elif (edge.source, edge.target) in backs:
            attrs.update(color=f'"{SENDBACK}"', fontcolor=f'"{SENDBACK}"', style="dotted")
        if (edge.source, edge.target) in heat.branches:
            attrs["penwidth"] = "3"
        body = ", ".join(f"{k}={v}" for k, v in attrs.items())
        yield f"{plan.names[edge.source]} -> {plan.targets[(edge.source, edge.target)]} [{body}];"


def _padded(text: str) -> str:
    """An edge label in a borderless cell: dot reserves the padding around the words, so that the
    words of two labels placed side by side never touch."""
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{LABEL_PAD}"><TR><TD>{text}</TD></TR></TABLE>'


def _edge_label(process: Process, edge: _Edge, large: bool) -> str:
    parts = []
    if edge.p < 1 - 1e-9:
        parts.append(format_share(edge.p))
    text = DOT_SEP.join(parts)
    if edge.refusal:
        text = "\u21a9 " + (text or "refused")
        reasons = "; ".join(dict.fromkeys(edge.reasons))
        if reasons and not large:
            short = reasons if len(reasons) <= REASON_CHARS else reasons[:REASON_CHARS - 1].rstrip() + "\u2026"
            text += f'<BR/><I>{wrapped(short, 28)}</I>'
    return text


def _edge_tooltip(process: Process, edge: _Edge) -> str:
    """The whole story of an edge on hover: from, to, share, and every reason."""
    source, target = process.steps[edge.source].name, process.steps[edge.target].name
    what = "are sent back" if edge.refusal else "go on"
    reasons = f": {'; '.join(dict.fromkeys(edge.reasons))}" if edge.reasons else ""
    return f"{format_share(edge.p)} of cases at '{source}' {what} to '{target}'{reasons}"


def _legend(process: Process, heat: Heat) -> str:
    kinds = [k for k in SHAPES if any(s.kind == k for s in process.steps.values())]
    shapes = "   ".join(f"{GLYPHS[k]} {KIND_NAMES[k]}" for k in kinds)
    first = [f'<TD><FONT COLOR="{MUTED}">{html.escape(shapes)}</FONT></TD>',
             f'<TD><FONT COLOR="{REFUSAL}">   - - \u21a9 refusal</FONT></TD>',
             f'<TD><FONT COLOR="{SENDBACK}">   \u00b7\u00b7\u00b7 send-back or loop</FONT></TD>']
    second = [f'<TD><FONT COLOR="{MUTED}">on arrows: share of cases; in a step: its wait before it '
              '\u00b7 its work</FONT></TD>']
    if heat.steps or heat.teams:
        second.append(f'<TD><FONT COLOR="{MUTED}">      hotspot impact:</FONT></TD>')
        second.extend(f'<TD BGCOLOR="{HEAT_FILL[lv]}" COLOR="{HEAT_BORDER[lv]}" BORDER="1">&#160;{lv}&#160;</TD>'
                      for lv in LEVELS)
    rows = "".join(f'<TR><TD ALIGN="LEFT"><TABLE ALIGN="LEFT" BORDER="0" CELLSPACING="3" CELLPADDING="1">'
                   f'<TR>{"".join(cells)}</TR></TABLE></TD></TR>' for cells in (first, second))
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">{rows}</TABLE>'


# --- running Graphviz -------------------------------------------------------------------------


def render(process: Process, fmt: str, heat: Heat = Heat(), flow: Mapping[str, float] | None = None) -> bytes:
    """The diagram as ``svg`` (cleaned), ``png`` or ``dot`` bytes."""
    source = dot_source(process, heat, flow)
    if fmt == "dot":
        return source.encode()
    if fmt == "svg":
        return svg_of(source).markup.encode()
    if fmt == "png":
        return run_dot(source, "png")
    raise ProcessWalkError(f"unknown diagram format '{fmt}'; use one of {', '.join(FORMATS)}", exit_code=2)


def svg(process: Process, heat: Heat = Heat(), flow: Mapping[str, float] | None = None) -> Svg:
    """The diagram as an SVG to inline in a page."""
    return svg_of(dot_source(process, heat, flow))


def svg_of(source: str) -> Svg:
    raw = run_dot(source, "svg").decode()
    markup = _PROLOG.sub("", _COMMENT.sub("", raw)).strip() + "\n"
    check_svg(markup)
    size = _SIZE.search(markup)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (0.0, 0.0)
    return Svg(markup, width, height)


def check_svg(markup: str) -> None:
    """Refuse an SVG that could run anything (defence in depth; escaping already prevents it)."""
    root = ET.fromstring(markup)
    for element in root.iter():
        tag = element.tag.removeprefix(_SVG).lower()
        if tag in ("script", "foreignobject", "iframe", "object", "embed"):
            raise ProcessWalkError(f"internal error: the diagram holds a <{tag}> element", exit_code=2)
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                raise ProcessWalkError(f"internal error: the diagram holds an attribute '{name}'", exit_code=2)


def run_dot(source: str, fmt: str) -> bytes:
    """Run Graphviz's ``dot`` through the ``graphviz`` package; a clear error when it is missing."""
    import graphviz

    try:
        data: bytes = graphviz.pipe("dot", fmt, source.encode(), quiet=True)
    except graphviz.ExecutableNotFound:
        raise ProcessWalkError(INSTALL_HELP, exit_code=2) from None
    except (graphviz.CalledProcessError, subprocess.CalledProcessError) as exc:  # pragma: no cover
        raise ProcessWalkError(f"Graphviz failed to draw the diagram: {exc}", exit_code=2) from None
    return data


@lru_cache(maxsize=1)
def graphviz_version() -> str:
    """``'2.43.0'``, or ``'missing'`` when ``dot`` is not installed."""
    import graphviz

    try:
        return ".".join(str(part) for part in graphviz.version())
    except graphviz.ExecutableNotFound:
        return "missing"
