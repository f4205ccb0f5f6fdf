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

from dataclasses import dataclass, fields
from pathlib import Path

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.load import Map, Scalar, load
from processwalk.read import Reader, suggest

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

    Keys left out keep their XES default; keys starting with ``x-`` are the
    user's own and ignored.  Every problem of the file is reported at once,
    each with its line and column.
    """
    name = str(path)
    root = load(name).root  # a file that cannot be read raises with one clear line
    reader = Reader(name)
    if not isinstance(root, Map):
        where = reader.where(root) if root is not None else Location(name, 1, 1)
        raise ProcessWalkError(Problem(where, "expected a mapping of roles to column names, such as "
                                              "'case: Ticket'"))
    values = {role: _entry(reader, root, role) for role in root.entries if not role.startswith("x-")}
    if reader.problems:
        raise ProcessWalkError(reader.problems)
    return Columns(**values)  # type: ignore[arg-type]  # keys and types checked by _entry


def _entry(reader: Reader, root: Map, role: str) -> str | None:
    """The column named for ``role``, or a problem (then the value does not matter)."""
    value = root.entries[role]
    if role not in KEYS:
        reader.problem(reader.key_at(root, role), _unknown(role))
    elif not isinstance(value, Scalar):
        reader.problem(value, f"'{role}' must be a column name (text)")
    elif value.value is None and (role in REQUIRED or role == "timestamp_format"):
        what = "a strptime format or nothing" if role == "timestamp_format" else "a column name"
        reader.problem(value, f"'{role}' cannot be empty; give {what}")
    if not isinstance(value, Scalar) or value.value is None:
        return None
    return reader.string(value, role)


def _unknown(role: str) -> str:
    near = suggest(role, KEYS, "key")
    hint = f"{near[2:]} " if near.startswith("; did you mean") else ""
    return f"unknown key '{role}'; {hint}expected one of: {', '.join(KEYS)}"
