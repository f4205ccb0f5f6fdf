"""The text of the imported files: one process file per draft and the catalog they share.

Written line by line, as ``processwalk discover`` writes its drafts: a header
that says where the file came from and what to check, flow mappings for short
branches, comments for what the model says that the format does not hold
(documentation, message flows, guessed probabilities).  Reproducible: the same
model gives the same text.
"""
from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator, Sequence

from processwalk.bpmn.translate import Branch, Draft, Imported, Step
from processwalk.yamltext import p_text, scalar


def files(imported: Imported) -> dict[str, str]:
    """Each file to write, by name: ``catalog.yaml`` and ``<process id>.yaml``."""
    out = {"catalog.yaml": catalog_text(imported)}
    for draft in imported.drafts:
        out[f"{draft.id}.yaml"] = process_text(draft, imported)
    return out


def catalog_text(imported: Imported) -> str:
    model = os.path.basename(imported.path)
    lines = _comment(f"Teams and systems of the processes imported from {model} by 'processwalk import': one "
                     "team per lane (a lane drawn inside another is owned by it; a pool without lanes is one "
                     "team). Add staff, hours and costs: the model does not say them.", "# ", "# ")
    lines += ["", "teams:"]
    for team in imported.teams:
        owner = f", owner: {scalar(team.owner, flow=True)}" if team.owner else ""
        extra = "".join(f", {key}: {value}" for key, value in team.extra)
        lines.append(f"  {team.id}: {{name: {scalar(team.name, flow=True)}{extra}{owner}}}")
    if imported.systems:
        lines += ["", "systems:"]
        lines += [f"  {ident}: {{name: {scalar(name, flow=True)}}}" for ident, name in imported.systems]
    if imported.policies:
        lines += ["", "policies:"]
        lines += [f"  {ident}: {{{', '.join(f'{k}: {scalar(v, flow=True)}' for k, v in keys)}}}"
                  for ident, keys in imported.policies]
    return "\n".join(lines) + "\n"


def process_text(draft: Draft, imported: Imported) -> str:
    lines = [*_header(draft, imported), ""]
    lines += [f"process: {draft.id}", f"title: {scalar(draft.title)}"]
    lines += [f"{key}: {value if key != 'owner' else scalar(value)}" for key, value in draft.extra]
    if draft.description:
        lines += _block("description", draft.description, "")
    lines += [f"start: {draft.start}", "", "steps:"]
    for step in draft.steps:
        lines += _step_lines(step)
    return "\n".join(lines) + "\n"


def _header(draft: Draft, imported: Imported) -> list[str]:
    model = os.path.basename(imported.path)
    first = (f"Imported by 'processwalk import' from {model}, pool '{draft.pool}' (process {draft.source}, "
             f"line {draft.at.line}). A starting point: check each step and figure with the people who do the work.")
    notes = [first,
             "- Steps are the model's tasks and timers; the gateways and events between them became the branches "
             "of the step before them. Sub-processes and call activities are inlined.",
             "- Waits are the model's timers; work is not in the model: add it.",
             ]
    if any(b.guessed for s in draft.steps for b in s.next):
        notes.append("- A p marked 'equal split' is a placeholder (the model gives no probability): set it.")
    if draft.notes:
        notes.append(f"- Approximated or left out ({len(draft.notes)}; 'processwalk import' printed them):")
        notes += [f"  {n.location.line}:{n.location.column}: {n.message}" for n in draft.notes]
    return [line for note in notes for line in _comment(note, "# ", "#   " if note.startswith(("-", " ")) else "# ")]


def _step_lines(step: Step) -> list[str]:
    where = f"  # {step.source}, line {step.at.line}" if step.at is not None else ""
    lines = [f"  {step.id}:{where}", f"    name: {scalar(step.name)}"]
    for comment in step.comments:
        lines += _comment(comment, "    # ", "    # ")
    if step.kind != "task":
        lines.append(f"    kind: {step.kind}")
    if step.team is not None:
        lines.append(f"    team: {step.team}")
    if step.systems:
        lines.append(f"    systems: [{', '.join(step.systems)}]")
    if step.policies:
        lines.append(f"    policies: [{', '.join(step.policies)}]")
    for key, value in (("wait", step.wait), ("work", step.work), ("sla", step.sla)):
        if value:
            lines.append(f"    {key}: {value}")
    if step.kind == "end":
        if step.outcome != "resolved":
            lines.append(f"    outcome: {step.outcome}")
        return lines
    return lines + list(_next_lines(step.next))


def _next_lines(branches: Sequence[Branch]) -> Iterator[str]:
    if len(branches) == 1 and not branches[0].when and branches[0].reason is None and not branches[0].policy:
        yield f"    next: {branches[0].to}"
        return
    yield "    next:"
    for b in branches:
        parts = [f"to: {b.to}", f"p: {p_text(b.p)}"]
        if b.when:
            parts.append(f"when: {scalar(b.when, flow=True)}")
        if b.reason is not None:
            parts += ["refusal: true"] + ([f"reason: {scalar(b.reason, flow=True)}"] if b.reason else [])
        if b.policy:
            parts.append(f"policy: {b.policy}")
        mark = "  # equal split: set p" if b.guessed else ""
        yield f"      - {{{', '.join(parts)}}}{mark}"


def _block(key: str, text: str, indent: str) -> list[str]:
    body = [f"{indent}  {line}" if line else "" for line in text.splitlines()]
    return [f"{indent}{key}: |-", *body]


def _comment(text: str, first: str, then: str, width: int = 100) -> list[str]:
    lines: list[str] = []
    for number, paragraph in enumerate(text.splitlines() or [""]):
        lines += textwrap.wrap(paragraph, width, initial_indent=first if number == 0 else then,
                               subsequent_indent=then, break_on_hyphens=False) or [then.rstrip()]
    return lines
