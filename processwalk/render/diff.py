"""The output of ``processwalk diff``: text for a terminal, JSON, and a pull-request comment in Markdown."""
from __future__ import annotations

from collections.abc import Iterable

from processwalk.catalog_diff import EntryChange, FieldChange, counted
from processwalk.compare import NOT_COMPARED, Diff, ProcessDiff
from processwalk.errors import Location
from processwalk.figure_change import FigureChange
from processwalk.findings import Finding

#: GitHub refuses a comment longer than 65,536 characters; bytes are counted, which is stricter.
COMMENT_LIMIT = 65_536
ADDED_STYLE = "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px"
CHANGED_STYLE = "fill:#fff8c5,stroke:#9a6700,stroke-width:2px"
#: a team's utilization is shown for at most this many processes in a comment (the others in text and JSON)
COMMENT_PROCESS_ROWS = 10


def summary(diff: Diff) -> str:
    broken = f"{len(diff.regressions)} budget(s) broken" if diff.regressions else "no budget broken"
    invalid = f", {len(diff.problems)} problem(s) in the new files" if diff.problems else ""
    catalog = f"{counted(diff.catalog)}, " if diff.catalog else ""
    return (f"{len(diff.processes)} process(es) changed, {diff.unchanged} unchanged against {diff.base}: "
            f"{catalog}{broken}{invalid}")


def text(diff: Diff) -> str:
    """The diff for a terminal; broken budgets and problems as ``path:line:col: [error] ...`` lines."""
    out = [f"diff {diff.base} -> {diff.head}"]
    for item in diff.processes:
        out.extend(_text_process(item))
    if diff.catalog:
        out.append("catalog:")
        out.extend(line for change in diff.catalog for line in _text_entry(change))
    out.extend(str(p) for p in diff.problems)
    out.extend(str(r) for r in diff.regressions)
    return "".join(f"{line}\n" for line in out)


def _text_process(item: ProcessDiff) -> Iterable[str]:
    moved = f" (was {item.old_file})" if item.old_file else ""
    yield f"{item.status} {item.id} ({item.file}{moved}): {item.title}"
    if item.status == NOT_COMPARED:
        yield f"  {_not_compared(item)}:"
        yield from (f"    {p}" for p in item.problems)
    yield from (f"  ~ {c.label} {c.status} in the catalog ({c.location}){_its_utilization(c, item.id)}"
                for c in item.catalog)
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


def _text_entry(change: EntryChange) -> Iterable[str]:
    was = f", was {change.old_location}" if change.old_location else ""
    yield f"  {change.status} {change.label} ({change.location}{was}): {change.name}"
    yield from (f"    {f.key}: {show_value(f, f.before)} -> {show_value(f, f.after)}" for f in _plain_fields(change))
    for figure in change.figures:
        yield f"    {figure.label}: {_text_figure(figure)}{_over(change, figure)}"
        if figure.key == "utilization":
            yield from (f"      {f.label}: {_text_figure(f)}" for f in change.utilization)


def _its_utilization(change: EntryChange, process: str) -> str:
    figure = next((f for f in change.utilization if f.label == process), None)
    return f": utilization {_text_figure(figure)}" if figure is not None else ""


def _over(change: EntryChange, figure: FigureChange) -> str:
    """After a team's summed utilization: over how many processes."""
    if figure.key != "utilization":
        return ""
    return f" ({_processes(len(change.utilization))})" if change.utilization else " (no compared process uses it)"


def _processes(count: int) -> str:
    return f"{count} process" if count == 1 else f"{count} processes"


def _text_figure(figure: FigureChange) -> str:
    """'17 -> 18, +1 (+5.9%)' when it changed, '7.5' when it did not."""
    if not figure.changed:
        return figure.show(figure.after)
    delta = f", {figure.delta}" if figure.before is not None and figure.after is not None else ""
    return f"{figure.show(figure.before)} -> {figure.show(figure.after)}{delta}"


def _plain_fields(change: EntryChange) -> tuple[FieldChange, ...]:
    """The changed fields not shown among a team's figures."""
    shown = {f.key for f in change.figures}
    return tuple(f for f in change.fields if f.key not in shown)


def show_value(field: FieldChange, value: str | float | None) -> str:
    """A field's value as written: text quoted, numbers as declared, a review period as a duration."""
    from processwalk.formatting import format_hours

    if value is None:
        return "not declared"
    if isinstance(value, str) and field.key != "reviewed":
        return f'"{value}"'
    if isinstance(value, str):
        return value
    return format_hours(value) if field.key == "review_every" else f"{value:g}"


def _finding_line(finding: Finding) -> str:
    from processwalk.render.problems import line

    return line(finding)


def to_json(diff: Diff) -> str:
    import json

    from processwalk.findings import to_json as finding_json

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
            "catalog": [{"kind": c.kind, "id": c.id, "status": c.status} for c in p.catalog],
        } for p in diff.processes],
        "catalog": [{
            "kind": c.kind, "id": c.id, "name": c.name, "status": c.status, **where(c.location),
            "old": where(c.old_location) if c.old_location else None,
            "fields": [{"key": f.key, "before": f.before, "after": f.after} for f in c.fields],
            **({"figures": {f.key: {"before": f.before, "after": f.after} for f in c.figures},
                "utilization_by_process": {f.label: {"before": f.before, "after": f.after} for f in c.utilization}}
               if c.kind == "team" else {}),
        } for c in diff.catalog],
        "regressions": [{"budget": r.budget, "process": r.process, **where(r.location), "message": r.message}
                        for r in diff.regressions],
        "problems": [{**where(p.location), "message": p.message} for p in diff.problems],
        "base_problems": [{**where(p.location), "message": p.message} for p in diff.base_problems],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def markdown(diff: Diff, *, limit: int = COMMENT_LIMIT) -> str:
    """A pull-request comment: broken budgets, the catalog's changes (a table per team, system or
    policy), then each changed process with a Mermaid flowchart.  The catalog comes first (it is
    why processes changed); room is kept for the note on processes left out."""
    from processwalk.render.problems import fit, truncation_note

    why = "a pull-request comment is limited to 65,536 characters. The text and JSON outputs list them all."
    head = _markdown_head(diff)
    room = limit - len(head.encode())
    catalog = ""
    if diff.catalog:
        spare = len(truncation_note(len(diff.processes), "process", why).encode()) if diff.processes else 0
        catalog = "### Catalog\n\n" + fit(diff.catalog, room - spare - len(b"### Catalog\n\n"), "catalog change",
                                         why, render=_markdown_entry)
    return head + catalog + fit(diff.processes, room - len(catalog.encode()), "process", why,
                                render=_markdown_process)


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
    catalog = f"; {counted(diff.catalog)}" if diff.catalog else ""
    out.append(f"{len(diff.processes)} process(es) changed, {diff.unchanged} unchanged{catalog}.\n")
    return "\n".join(out) + "\n"


def _markdown_entry(change: EntryChange) -> str:
    """One team, system or policy: its changed fields and, for a team, its figures, before and after."""
    from processwalk.render.problems import cell, code

    icon = {"added": ":new:", "removed": ":wastebasket:"}.get(change.status, ":pencil2:")
    was = f" (was `{code(str(change.old_location))}`)" if change.old_location else ""
    out = [f"#### {icon} {change.kind} `{code(change.id)}`: {cell(change.name)}\n",
           f"`{code(str(change.location))}`{was} · {change.status}\n"]
    rows = [f"| `{f.key}` | {cell(show_value(f, f.before))} | {cell(show_value(f, f.after))} | |"
            for f in _plain_fields(change)]
    for figure in change.figures:
        rows.append(_markdown_figure(figure, figure.label + _over(change, figure)))
        if figure.key == "utilization":
            rows.extend(_markdown_figure(f, f"↳ `{code(f.label)}`") for f in change.utilization[:COMMENT_PROCESS_ROWS])
            left = len(change.utilization) - COMMENT_PROCESS_ROWS
            if left > 0:
                rows.append(f"| ↳ *{_processes(left)} more: the text and JSON outputs list them all* | | | |")
    if rows:
        out.append("| | before | after | change |\n|---|---:|---:|---:|")
        out.extend(rows)
        out.append("")
    return "\n".join(out) + "\n"


def _markdown_figure(figure: FigureChange, label: str) -> str:
    change = figure.delta if figure.changed and figure.before is not None and figure.after is not None else ""
    return f"| {label} | {figure.show(figure.before)} | {figure.show(figure.after)} | {change} |"


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
    if item.catalog:
        out.append("- **Catalog:** " + ", ".join(f"{c.kind} `{code(c.id)}` {c.status}" for c in item.catalog) + "\n")
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
