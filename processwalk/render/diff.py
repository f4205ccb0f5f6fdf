"""The output of ``processwalk diff``: text for a terminal, JSON, and a pull-request comment in Markdown."""
from __future__ import annotations

from collections.abc import Iterable

from processwalk.compare import NOT_COMPARED, Diff, ProcessDiff
from processwalk.errors import Location
from processwalk.findings import Finding

#: GitHub refuses a comment longer than 65,536 characters; bytes are counted, which is stricter.
COMMENT_LIMIT = 65_536
ADDED_STYLE = "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px"
CHANGED_STYLE = "fill:#fff8c5,stroke:#9a6700,stroke-width:2px"


def summary(diff: Diff) -> str:
    broken = f"{len(diff.regressions)} budget(s) broken" if diff.regressions else "no budget broken"
    invalid = f", {len(diff.problems)} problem(s) in the new files" if diff.problems else ""
    return (f"{len(diff.processes)} process(es) changed, {diff.unchanged} unchanged against {diff.base}: "
            f"{broken}{invalid}")


def text(diff: Diff) -> str:
    """The diff for a terminal; broken budgets and problems as ``path:line:col: [error] ...`` lines."""
    out = [f"diff {diff.base} -> {diff.head}"]
    for item in diff.processes:
        out.extend(_text_process(item))
    out.extend(str(p) for p in diff.problems)
    out.extend(str(r) for r in diff.regressions)
    return "".join(f"{line}\n" for line in out)


def _text_process(item: ProcessDiff) -> Iterable[str]:
    moved = f" (was {item.old_file})" if item.old_file else ""
    yield f"{item.status} {item.id} ({item.file}{moved}): {item.title}"
    if item.status == NOT_COMPARED:
        yield f"  {_not_compared(item)}:"
        yield from (f"    {p}" for p in item.problems)
    for sign, steps in (("+", item.steps_added), ("-", item.steps_removed), ("~", item.steps_changed)):
        if item.status == "changed":
            yield from (f"  {sign} step {s}" for s in steps)
    for figure in item.figures:
        if figure.changed:
            change = f", {figure.delta}" if item.status == "changed" else ""
            yield f"  {figure.label}: {figure.show(figure.before)} -> {figure.show(figure.after)}{change}"
    for added in item.added:
        loop = " [loops back]" if added.loops else ""
        yield f"  + {added.kind} {added.at}: {added.text}{loop}"
    yield from (f"  + finding {_finding_line(f)}" for f in item.new_findings)
    yield from (f"  - finding {_finding_line(f)} (fixed)" for f in item.fixed_findings)


def _not_compared(item: ProcessDiff) -> str:
    side = "new" if item.after is None else "base"
    return f"the {side} file is invalid, so nothing is said of the change ({len(item.problems)} problem(s))"


def _finding_line(finding: Finding) -> str:
    from processwalk.render.problems import line

    return line(finding)


def to_json(diff: Diff) -> str:
    import json

    from processwalk.render.problems import finding_json

    def where(location: Location) -> dict[str, object]:
        return {"file": location.file, "line": location.line, "column": location.column}

    body = {
        "base": diff.base, "head": diff.head, "unchanged": diff.unchanged, "budgets": dict(diff.budgets),
        "passed": diff.exit_code == 0,
        "processes": [{
            "id": p.id, "title": p.title, "status": p.status, "file": p.file, "old_file": p.old_file,
            "steps": {"added": list(p.steps_added), "removed": list(p.steps_removed),
                      "changed": list(p.steps_changed)},
            "figures": {f.key: {"before": f.before, "after": f.after} for f in p.figures},
            "added": [{"kind": a.kind, "at": a.at, **where(a.location), "text": a.text, "loops": a.loops}
                      for a in p.added],
            "findings": {"new": [finding_json(f) for f in p.new_findings],
                         "fixed": [finding_json(f) for f in p.fixed_findings]},
            "problems": [{**where(x.location), "message": x.message} for x in p.problems],
        } for p in diff.processes],
        "regressions": [{"budget": r.budget, "process": r.process, **where(r.location), "message": r.message}
                        for r in diff.regressions],
        "problems": [{**where(p.location), "message": p.message} for p in diff.problems],
        "base_problems": [{**where(p.location), "message": p.message} for p in diff.base_problems],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def markdown(diff: Diff, *, limit: int = COMMENT_LIMIT) -> str:
    """A pull-request comment: broken budgets, then each changed process with a Mermaid flowchart."""
    from processwalk.render.problems import fit

    head = _markdown_head(diff)
    sections = [_markdown_process(p) for p in diff.processes]
    why = "a pull-request comment is limited to 65,536 characters. The text and JSON outputs list them all."
    return head + fit(sections, limit - len(head.encode()), "process", why)


def _markdown_head(diff: Diff) -> str:
    from processwalk.render.problems import cell, code

    out = [f"## processwalk diff: `{code(diff.base)}` → {code(diff.head)}\n"]
    if diff.regressions:
        out.append(f":x: **{len(diff.regressions)} budget(s) broken**\n")
        out.append("| budget | where | what |\n|---|---|---|")
        out.extend(f"| `{r.budget}` | `{code(str(r.location))}` | {cell(r.message)} |" for r in diff.regressions)
        out.append("")
    else:
        out.append(":white_check_mark: **No budget broken**\n")
    if diff.problems:
        out.append(f":x: **{len(diff.problems)} problem(s) in the changed files**\n")
        out.extend(f"- `{code(str(p.location))}` {cell(p.message)}" for p in diff.problems)
        out.append("")
    out.append(f"{len(diff.processes)} process(es) changed, {diff.unchanged} unchanged.\n")
    return "\n".join(out) + "\n"


def _markdown_process(item: ProcessDiff) -> str:
    from processwalk.render.problems import cell, code

    icon = {"added": ":new:", "removed": ":wastebasket:", NOT_COMPARED: ":x:"}.get(item.status, ":pencil2:")
    moved = f" (was `{code(item.old_file)}`)" if item.old_file else ""
    out = [f"### {icon} `{item.id}`: {cell(item.title)}\n", f"`{code(item.file)}`{moved} · {item.status}\n"]
    shown = [f for f in item.figures if f.changed or f.key == "lead_time_h"]
    if item.after is not None and shown:
        out.append("| figure | before | after | change |\n|---|---:|---:|---:|")
        out.extend(f"| {f.label} | {f.show(f.before)} | {f.show(f.after)} | {f.delta} |" for f in shown)
        out.append("")
    out.extend(_markdown_bullets(item))
    if item.after is not None and item.status != NOT_COMPARED:
        out.append("<details><summary>Flowchart (added steps green, changed steps yellow)</summary>\n")
        out.append(f"```mermaid\n{flowchart(item)}```\n\n</details>\n")
    return "\n".join(out) + "\n"


def _markdown_bullets(item: ProcessDiff) -> list[str]:
    from processwalk.render.problems import ICONS, cell, code

    out: list[str] = []
    if item.status == NOT_COMPARED:
        out.append(f"- **Not compared:** {_not_compared(item)}")
        out.extend(f"  - `{code(str(p.location))}` {cell(p.message)}" for p in item.problems)
    if item.status == "changed":
        for label, steps in (("Steps added", item.steps_added), ("Steps removed", item.steps_removed),
                             ("Steps changed", item.steps_changed)):
            if steps:
                out.append(f"- **{label}:** " + ", ".join(f"`{s}`" for s in steps))
    names = {"approval": "New approval", "handoff": "New handoff", "refusal": "New refusal branch"}
    for added in item.added:
        loop = " (loops back)" if added.loops else ""
        out.append(f"- **{names[added.kind]}** `{added.at}`: {cell(added.text)}{loop}")
    for finding in item.new_findings:
        answered = " (answered)" if finding.answered else ""
        out.append(f"- **New finding** {ICONS.get(finding.severity, '')} `{finding.rule}`{answered}: "
                   f"{cell(finding.message)}")
    out.extend(f"- **Fixed finding** :white_check_mark: `{f.rule}`: {cell(f.message)}" for f in item.fixed_findings)
    return out + ([""] if out else [])


def flowchart(item: ProcessDiff) -> str:
    """The new process as a Mermaid flowchart (a subgraph per team), added and changed steps highlighted."""
    from processwalk.render import mermaid

    assert item.after is not None
    marked = {s: "added" for s in item.steps_added} if item.status == "changed" else {}
    marked.update({s: "changed" for s in item.steps_changed})
    options = mermaid.Options(classes=marked, styles={"added": ADDED_STYLE, "changed": CHANGED_STYLE})
    return mermaid.flowchart(item.after.process, options)
