"""Writing process files: a changed copy that keeps the owner's text, and a checked atomic write.

Reading a process for its meaning goes through :mod:`processwalk.load` (positioned
values).  To write a *changed copy* (``processwalk calibrate --write``) the file
is instead edited in place with ruamel.yaml's round trip, which keeps what a
process owner wrote around the figures: comments, key order, quoting, flow
mappings and blank lines.  Only the values named in :class:`Edits` change.

Every file these commands write must validate where it lands (the catalogs of
its folder apply): :func:`write_checked` writes a hidden temporary file next to
the target, loads it as ``processwalk validate`` would, and only then moves it
into place with :func:`os.replace`, so that a reader sees the old file or the
new one, never half of one, and never an invalid one.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.units import PER_DAY

#: the first line of the note that :func:`edit` puts above the process; its other lines start "#   "
NOTE_MARK = "# Calibrated by 'processwalk calibrate'"
#: the comment that tells an editor the file's schema: it stays the first line
MODELINE = "# yaml-language-server:"
#: a document that begins with '---' (after comments and blank lines)
_EXPLICIT_START = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*---(?:[ \t\n]|$)")
#: keys of a step, in the format's order, before which a new ``wait`` goes
_AFTER_WAIT = ("work", "sla", "backlog", "next", "outcome")
#: top-level keys before which a new ``demand`` goes
_AFTER_DEMAND = ("sla", "start", "steps")


@dataclass(frozen=True)
class Wait:
    """A step's new mean wait (text such as '2.5d'), and the cv to keep when the declared wait was a
    distribution without a mean."""

    mean: str
    cv: float = 1.0


@dataclass(frozen=True)
class Edits:
    """What to change: ``demand`` per day; each step's mean wait; each step's branch
    probabilities, in the order of its ``next`` list (``None`` leaves a branch as it is);
    and the note (without comment marks) to put above the process."""

    demand_per_day: float | None = None
    waits: Mapping[str, Wait] = field(default_factory=dict)
    branches: Mapping[str, Sequence[Decimal | None]] = field(default_factory=dict)
    note: Sequence[str] = ()


def edit(text: str, edits: Edits) -> str:
    """``text`` (a process file) with ``edits`` applied, everything else as written."""
    yaml = _yaml(text)
    data = yaml.load(text)
    steps = data.get("steps") or {}
    if edits.demand_per_day is not None:
        _demand(data, edits.demand_per_day)
    for step, wait in edits.waits.items():
        _wait(steps[step], wait)
    for step, ps in edits.branches.items():
        for branch, p in zip(steps[step]["next"], ps):
            if p is not None and "p" in branch and float(branch["p"]) != float(p):
                branch["p"] = float(p)  # an unchanged p keeps its spelling
    out = io.StringIO()
    yaml.dump(data, out)
    return _with_note(out.getvalue(), edits.note)


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.Emitter = _emitter()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold an owner's long line
    mapping, sequence, offset = guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.explicit_start = _EXPLICIT_START.match(text) is not None  # an owner's '---' stays
    return yaml


def _emitter() -> Any:
    """ruamel.yaml's emitter, but an inline comment keeps two spaces from its value (yamllint's
    ``comments`` rule) when the value grew into the comment's column; elsewhere the comment
    stays in the column the owner put it in."""
    from ruamel.yaml.emitter import Emitter

    class TwoSpaces(Emitter):
        def write_comment(self, comment: Any, pre: bool = False) -> None:
            inline = not pre and self.column and not self.whitespace and comment.value.startswith("#")
            if inline and comment.start_mark.column < self.column + 2:
                self.stream.write(b" " if self.encoding else " ")
                self.column += 1
            super().write_comment(comment, pre)

    return TwoSpaces


def guess_indent(text: str) -> tuple[int, int, int]:
    """How the file indents, as ruamel.yaml counts it: a nested mapping's keys, a list item's
    content and its '-', each from its parent key; (2, 4, 2) when the file does not say."""
    mapping = dash = None
    parent = -1
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        item = re.match(r"-( +)", stripped)
        if parent >= 0 and item and dash is None and indent >= parent:  # a list may sit under its key
            dash = (indent - parent, indent - parent + 1 + len(item.group(1)))
        elif parent >= 0 and not item and mapping is None and indent > parent:
            mapping = indent - parent
        parent = indent if not item and re.fullmatch(r"[^#]*:\s*(#.*)?", stripped) else -1
    offset, sequence = dash or (2, 4)
    return mapping or 2, max(sequence, offset + 2), offset


def _demand(data: Any, per_day: float) -> None:
    from processwalk.yamltext import figure_text, rate_text

    declared = re.fullmatch(r"\s*[\d.]+\s*/\s*([a-z]+)\s*", str(data.get("demand", "")))
    unit = declared.group(1) if declared and declared.group(1) in PER_DAY else None
    text = rate_text(per_day) if unit is None else f"{figure_text(per_day / PER_DAY[unit])}/{unit}"
    _set(data, "demand", text, _AFTER_DEMAND)


def _wait(step: Any, wait: Wait) -> None:
    from ruamel.yaml.comments import CommentedMap

    declared = step.get("wait")
    mean: object = 0 if wait.mean == "0" else wait.mean  # a number, not the text '0'
    if declared is None and mean == 0:
        return
    if isinstance(declared, dict) and "mean" in declared:
        declared["mean"] = mean
    elif isinstance(declared, dict):
        value = CommentedMap([("mean", mean), ("cv", round(wait.cv, 2))])
        value.fa.set_flow_style()
        step["wait"] = value
    else:
        _set(step, "wait", mean, _AFTER_WAIT)


def _set(mapping: Any, key: str, value: object, before: Sequence[str]) -> None:
    """Set ``key``; a new key goes before the first of ``before`` present (else last)."""
    if key not in mapping:
        keys = list(mapping)
        place = next((keys.index(k) for k in before if k in mapping), len(keys))
        mapping.insert(place, key, value)
    else:
        mapping[key] = value


def _with_note(text: str, note: Sequence[str]) -> str:
    """``text`` with ``note`` as a comment above its first value and the owner's comment that leads
    into it (the lines of comment right above it; the modeline stays first), replacing an earlier
    note."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(NOTE_MARK)), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and lines[end].startswith("#   "):
            end += 1
        if end < len(lines) and not lines[end].strip():
            end += 1
        del lines[start:end]
    if note:
        first = next(i for i, line in enumerate(lines)
                     if line.strip() and not line.startswith("#") and line.rstrip() != "---")
        while first > 0 and lines[first - 1].startswith("#") and not lines[first - 1].startswith(MODELINE):
            first -= 1
        lines[first:first] = [*(f"{'#' if i == 0 else '#  '} {line}" for i, line in enumerate(note)), ""]
    return "\n".join(lines)


# -- the checked write --------------------------------------------------------------------------


def write_checked(path: str, text: str) -> None:
    """Write the process file ``text`` to ``path`` atomically if it validates there; else raise
    :class:`ProcessWalkError` with its problems and leave ``path`` as it was."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        problems = problems_of(temporary, shown_as=path)
        if problems:
            raise ProcessWalkError(problems)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:  # pragma: no cover - already moved
            pass
        raise


def check_text(text: str, shown_as: str) -> None:
    """Raise :class:`ProcessWalkError` when ``text`` is not a valid process file on its own."""
    with tempfile.TemporaryDirectory(prefix="processwalk-") as folder:
        path = os.path.join(folder, "process.yaml")
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        problems = problems_of(path, shown_as=shown_as)
    if problems:
        raise ProcessWalkError(problems)


def problems_of(path: str, *, shown_as: str) -> list[Problem]:
    """The problems ``processwalk validate`` finds in ``path``, placed in ``shown_as``."""
    from processwalk.project import load_paths

    loaded = load_paths([path], records=False)
    return [Problem(Location(shown_as, p.location.line, p.location.column), p.message, p.level, p.rule)
            if p.location.file == path else p for p in loaded.problems]
