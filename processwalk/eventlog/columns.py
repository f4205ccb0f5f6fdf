"""Which columns of a log hold the case, the activity, the time and the rest.

The defaults are the XES names that pm4py also uses for its data frames, so an
XES file or a CSV exported from a process-mining tool reads without options.
Another naming is given field by field or in a mapping file::

    # columns.yaml
    case: Ticket
    activity: Step
    timestamp: Logged at
    timestamp_format: "%d-%m-%Y %H:%M"   # strptime format; omit for ISO 8601
    group: null                          # the log has no team column
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from pathlib import Path

from processwalk.errors import Location, Problem, ProcessWalkError

# What each role is called in messages, in the order a mapping file lists them.
ROLES: dict[str, str] = {
    "case": "case id",
    "activity": "activity",
    "timestamp": "timestamp",
    "resource": "resource",
    "group": "group",
    "lifecycle": "lifecycle transition",
}
REQUIRED = ("case", "activity", "timestamp")


@dataclass(frozen=True)
class Columns:
    """The column (CSV) or attribute (XES) name of each role.

    ``case``, ``activity`` and ``timestamp`` are required.  ``resource``,
    ``group`` and ``lifecycle`` are optional: ``None`` means "not in this log";
    an XES default name that the file lacks is simply left empty, while a name
    you chose yourself must exist.  In an XES file a name starting with
    ``case:`` is a trace attribute (``case:concept:name`` is the trace's
    ``concept:name``), as in pm4py.  ``timestamp_format`` is a ``strptime``
    format such as ``%d-%m-%Y %H:%M``; ``None`` reads ISO 8601.
    """

    case: str = "case:concept:name"
    activity: str = "concept:name"
    timestamp: str = "time:timestamp"
    resource: str | None = "org:resource"
    group: str | None = "org:group"
    lifecycle: str | None = "lifecycle:transition"
    timestamp_format: str | None = None

    def named(self) -> dict[str, str]:
        """Each role that names a column, mapped to that name (in ROLES order)."""
        names = {role: getattr(self, role) for role in ROLES}
        return {role: name for role, name in names.items() if name is not None}

    def is_default(self, role: str) -> bool:
        """Whether ``role`` still has its XES default name."""
        return bool(getattr(self, role) == getattr(DEFAULT, role))


DEFAULT = Columns()
KEYS = tuple(f.name for f in fields(Columns))


def load_columns(path: str | Path) -> Columns:
    """Read a mapping file (YAML ``{case: ..., activity: ..., ...}``).

    Keys left out keep their XES default.  Every problem of the file is reported
    at once, each with its line and column.
    """
    import yaml

    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProcessWalkError(Problem(Location(name), f"cannot read the mapping file: {exc}"))
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise ProcessWalkError(Problem(where, f"invalid YAML: {exc.problem}"))
    return _columns_from(name, node)


def _columns_from(name: str, node: object) -> Columns:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        where = _at(name, node) if isinstance(node, yaml.Node) else Location(name, 1, 1)
        raise ProcessWalkError(Problem(where, "expected a mapping of roles to column names, "
                                              "such as 'case: Ticket'"))
    values: dict[str, str | None] = {}
    problems: list[Problem] = []
    for key, value in node.value:
        problems.extend(_entry(name, key, value, values))
    if problems:
        raise ProcessWalkError(problems)
    return Columns(**values)  # type: ignore[arg-type]  # keys and types checked by _entry


def _entry(name: str, key: object, value: object, values: dict[str, str | None]) -> list[Problem]:
    import yaml

    assert isinstance(key, yaml.Node) and isinstance(value, yaml.Node)
    role = key.value
    if not isinstance(key, yaml.ScalarNode) or role not in KEYS:
        return [Problem(_at(name, key), _unknown(str(role)))]
    if role in values:
        return [Problem(_at(name, key), f"'{role}' is given twice; keep one")]
    if not isinstance(value, yaml.ScalarNode):
        return [Problem(_at(name, value), f"'{role}' must be a column name (text)")]
    text = None if value.tag == "tag:yaml.org,2002:null" else str(value.value)
    if text is None and (role in REQUIRED or role == "timestamp_format"):
        what = "a strptime format or nothing" if role == "timestamp_format" else "a column name"
        return [Problem(_at(name, value), f"'{role}' cannot be empty; give {what}")]
    values[role] = text
    return []


def _unknown(role: str) -> str:
    near = difflib.get_close_matches(role, KEYS, n=1)
    hint = f"did you mean '{near[0]}'? " if near else ""
    return f"unknown key '{role}'; {hint}expected one of: {', '.join(KEYS)}"


def _at(name: str, node: object) -> Location:
    mark = getattr(node, "start_mark", None)
    if mark is None:  # pragma: no cover - every composed node has a start mark
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)
