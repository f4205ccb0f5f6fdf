"""Typed reading of positioned YAML values, collecting problems instead of raising.

A :class:`Reader` is handed to the builders of each record.  It knows how to
read a string, a number, a duration, a rate, an id, and how to complain about
unknown keys with the nearest known one, always at the right line and column.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from processwalk import units
from processwalk.errors import Location, Problem
from processwalk.load import Map, Node, Scalar, Seq
from processwalk.text import printable
from processwalk.units import Duration

ID = re.compile(r"[a-z0-9][a-z0-9-]*")
#: The longest id: it names report pages and anchors, and a file name has at most 255 bytes.
MAX_ID = 100
_DISTRIBUTIONS = ({"mean", "cv"}, {"mean"}, {"min", "mode", "max"}, {"p50", "p90"})
_DISTRIBUTION_KEYS = ("mean", "cv", "min", "mode", "max", "p50", "p90")
_DISTRIBUTION_HELP = "{mean: 2d, cv: 0.5}, {min: 5m, mode: 10m, max: 40m} or {p50: 10m, p90: 40m}"
#: Numbers that YAML 1.1 leaves as text: '1e-3' (no dot), '+5'.
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
#: What YAML 1.1 reads as octal: '010' is 8.
_OCTAL = re.compile(r"[-+]?0\d+")
#: The same few durations ('5m', '2d') come back on every step: parse each once.
_parse_hours = lru_cache(maxsize=1024)(units.parse_hours)


def suggest(word: str, known: Iterable[str], what: str) -> str:
    """'; did you mean 'x'?' or '; known Ws: a, b, c' (or '; none are defined')."""
    known = sorted(known)
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if not known:
        return f"; no {_plural(what)} are defined"
    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"; known {_plural(what)}: {shown}"


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else word + "s"


def describe(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    if node.value is None:
        return "nothing"
    return f"'{node.raw}'"


class Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def where(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def key_at(self, parent: Map, key: str) -> Location:
        node = parent.keys.get(key) or parent.entries[key]
        return Location(self.path, node.line, node.column)

    def problem(self, at: Node | Location, message: str) -> None:
        location = at if isinstance(at, Location) else self.where(at)
        self.problems.append(Problem(location, message))

    # -- structure -------------------------------------------------------------------------

    def mapping(self, node: Node, what: str) -> Map | None:
        if isinstance(node, Map):
            return node
        self.problem(node, f"{what} should be a mapping of keys to values, not {describe(node)}")
        return None

    def keys(self, node: Map, allowed: Sequence[str], what: str) -> None:
        """Report keys not in ``allowed`` (``x-`` keys are the user's own and pass)."""
        for key in node.entries:
            if key not in allowed and not key.startswith("x-"):
                hint = _cut_text(node, key, allowed) or suggest(key, allowed, "key")
                self.problem(self.key_at(node, key), f"unknown key '{key}' in {what}{hint}")

    def require(self, node: Map, key: str, what: str, hint: str) -> Node | None:
        if key in node.entries:
            return node.entries[key]
        self.problem(node, f"{what} has no '{key}'; {hint}")
        return None

    def items(self, node: Node, what: str) -> tuple[Node, ...]:
        if isinstance(node, Seq):
            return node.items
        self.problem(node, f"{what} should be a list, not {describe(node)}")
        return ()

    # -- scalars ---------------------------------------------------------------------------

    def string(self, node: Node | None, what: str) -> str | None:
        """Text; a plain ``no``/``on``/``12`` where text is expected is taken as written."""
        if node is None:
            return None
        if isinstance(node, Scalar) and node.value is not None:
            return printable(node.value if isinstance(node.value, str) else node.raw)
        self.problem(node, f"{what} should be text, not {describe(node)}")
        return None

    def ident(self, node: Node | None, what: str) -> str | None:
        text = self.string(node, what)
        if text is None or node is None:
            return None
        if len(text) > MAX_ID:
            self.problem(node, f"the {what} '{text[:20]}...' is {len(text):,} characters long; an id has at most "
                         f"{MAX_ID} (it names files and anchors)")
        elif not ID.fullmatch(text):
            better = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"
            self.problem(node, f"'{text}' is not a valid {what}; use lowercase letters, digits and '-', "
                         f"e.g. '{better}'")
        return text

    def number(self, node: Node | None, what: str, within: units.Range = units.ANY) -> float | None:
        """A number in its range (:data:`units.ANY` unless said: 0 to 1e12)."""
        if node is None:
            return None
        value = _number(node)
        if value is None:
            self.problem(node, f"{what} should be a number{_written(node)}, not {describe(node)}")
            return None
        bound = within.refuses(value)
        if bound is not None:
            self.problem(node, f"{what} should be {bound}, not {value:g}")
            return None
        return float(value)

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        self.problem(node, f"{what} should be true or false, not {describe(node)}")
        return None

    def date(self, node: Node | None, what: str) -> dt.date | None:
        if node is None:
            return None
        if isinstance(node, Scalar):
            if isinstance(node.value, dt.datetime):
                return node.value.date()
            if isinstance(node.value, dt.date):
                return node.value
            try:
                return dt.date.fromisoformat(node.raw)
            except ValueError as exc:
                if re.fullmatch(r"\d{4}-\d\d-\d\d", node.raw):  # the shape is right, the day is not
                    self.problem(node, f"{what} '{node.raw}' is not a real date ({exc}); write year-month-day, "
                                 "e.g. 2026-10-01")
                    return None
        self.problem(node, f"{what} should be a date written year-month-day, like 2026-10-01, not "
                     f"{describe(node)}")
        return None

    def hours(self, node: Node | None, what: str) -> float | None:
        """A single duration figure, in hours."""
        if node is None:
            return None
        if not isinstance(node, Scalar) or node.value is None:
            self.problem(node, f"{what} should be a duration like '2d', not {describe(node)}")
            return None
        try:
            return _parse_hours(node.raw)
        except ValueError as exc:
            self.problem(node, f"bad {what}: {exc}")
            return None

    def duration(self, node: Node | None, what: str) -> Duration | None:
        """A duration figure or a distribution ``{mean, cv}``, ``{min, mode, max}``, ``{p50, p90}``."""
        if node is None:
            return None
        if not isinstance(node, Map):
            hours = self.hours(node, what)
            return None if hours is None else units.fixed(hours)
        fields = {k for k in node.entries if not k.startswith("x-")}
        if fields not in _DISTRIBUTIONS:
            self._shape(node, fields, what)
            return None
        figures = {k: self.hours(node.entries[k], f"{what} {k}") for k in fields if k != "cv"}
        if any(v is None for v in figures.values()):
            return None
        try:
            return self._distribution(node, figures, what)
        except ValueError as exc:
            given = ", ".join(f"{k} {describe(node.entries[k])}" for k in node.entries if k in figures)
            self.problem(node, f"bad {what}: {exc}, not {given}")
            return None

    def _shape(self, node: Map, fields: set[str], what: str) -> None:
        """Say what is wrong with a distribution's keys: an unknown key, or a missing one."""
        unknown = [k for k in node.entries if k in fields and k not in _DISTRIBUTION_KEYS]
        for key in unknown:
            close = suggest(key, _DISTRIBUTION_KEYS, "key")
            self.problem(self.key_at(node, key), f"unknown key '{key}' in the distribution of {what}"
                         f"{close if close.startswith('; did you mean') else ''}; a distribution is "
                         f"{_DISTRIBUTION_HELP}")
        if unknown:
            return
        given = ", ".join(k for k in node.entries if k in fields) or "no keys"
        shapes = [shape for shape in _DISTRIBUTIONS if fields <= shape]
        lacking = " and ".join(f"'{k}'" for k in sorted(min(shapes, key=len) - fields)) if shapes else ""
        self.problem(node, f"the distribution of {what} has {given}" + (f" but no {lacking}" if lacking else
                           ", which do not go together") + f"; a distribution is {_DISTRIBUTION_HELP}")

    def _distribution(self, node: Map, f: dict[str, float | None], what: str) -> Duration | None:
        if "p50" in f:
            return units.lognormal(f["p50"] or 0.0, f["p90"] or 0.0)
        if "mode" in f:
            return units.triangular(f["min"] or 0.0, f["mode"] or 0.0, f["max"] or 0.0)
        cv = self.number(node.entries.get("cv"), f"{what} cv", units.CV) if "cv" in node.entries else 1.0
        return None if cv is None else units.mean_cv(f["mean"] or 0.0, cv)

    def rate(self, node: Node | None, what: str) -> float | None:
        if node is None:
            return None
        if not isinstance(node, Scalar) or node.value is None:
            self.problem(node, f"{what} should be a rate like '120/day', not {describe(node)}")
            return None
        try:
            return units.parse_rate(node.raw)
        except ValueError as exc:
            self.problem(node, f"bad {what}: {exc}")
            return None


def _cut_text(node: Map, key: str, allowed: Sequence[str]) -> str:
    """The hint for text cut by an unquoted ',' (``{reason: wrong reading, at night}`` makes a key
    'at night' without a value): quote the whole text.  Empty when ``key`` is not such a piece."""
    keys = list(node.entries)
    pieces = [k not in allowed and " " in k and _empty(node.entries[k]) for k in keys]
    at = keys.index(key)
    if not pieces[at]:
        return ""
    first, last = at, at
    while first > 0 and pieces[first - 1]:
        first -= 1
    while last + 1 < len(keys) and pieces[last + 1]:
        last += 1
    before = node.entries[keys[first - 1]] if first > 0 else None
    if not isinstance(before, Scalar) or not isinstance(before.value, str):
        return ""
    whole = ", ".join([before.raw, *keys[first:last + 1]]).replace("'", "''")
    return (f"; a ',' ends a value in a mapping written in braces: if '{key}' belongs to the text before it, "
            f"put the whole text in quotes, e.g. {keys[first - 1]}: '{whole}'")


def _empty(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is None


def _number(node: Node) -> float | None:
    """The number in ``node``, if it holds one written in plain decimals: true/false,
    ``!!str 5``, ``'5'`` and YAML 1.1's ``190:20:30``, ``0x1f``, ``1_000`` and ``010`` are not."""
    if not isinstance(node, Scalar) or not node.plain or isinstance(node.value, bool):
        return None
    if not isinstance(node.value, (int, float, str)) or not _decimal(node.raw):
        return None
    return float(node.raw)  # 400 digits are infinite here, and out of every range


def _decimal(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text)) and not _OCTAL.fullmatch(text)


def _written(node: Node) -> str:
    """How to write a number that YAML reads as text, or in another base than ten."""
    if not isinstance(node, Scalar) or isinstance(node.value, bool) or not re.search(r"\d", node.raw):
        return ""
    if not node.plain:
        return " without quotes or a tag" if _decimal(node.raw) else ""
    return "" if _decimal(node.raw) else " in plain decimal digits (YAML 1.1 reads '1:30' in base 60, '010' in base 8)"
