"""YAML in, positioned plain data out.

This is the only module that touches PyYAML.  It composes the document with
libyaml (``CSafeLoader``), so every value keeps its 1-based line and column,
and then turns the node graph into a small tree of :class:`Scalar`, :class:`Seq`
and :class:`Map` records.  On the way it refuses what a process file must never
contain: duplicate keys, tags that construct anything beyond plain data, and
alias expansions past a sane bound (the "billion laughs" bomb).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

import yaml

from processwalk.errors import Location, Problem, ProcessWalkError

#: Largest number of values that aliases may add to a document.  A 2,000-step
#: process composes to about 30,000 values; a bomb to billions.
MAX_ALIAS_EXPANSION = 100_000

_STD = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = _STD + "merge"


@dataclass(frozen=True)
class Scalar:
    """A scalar value; ``raw`` is its text as written (``no`` for False)."""

    value: str | int | float | bool | dt.date | None
    raw: str
    line: int
    column: int
    plain: bool = True


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Map:
    """A mapping; ``keys`` keeps each key's own position, in document order."""

    entries: dict[str, Node]
    keys: dict[str, Scalar] = field(default_factory=dict)
    line: int = 0
    column: int = 0


Node = Union[Scalar, Seq, Map]


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its path and its root (None for an empty file)."""

    path: str
    root: Node | None


def load(path: str, data: bytes | None = None) -> Document:
    """Read and compose ``path``; raise :class:`ProcessWalkError` with every problem found."""
    if data is None:
        with open(path, "rb") as stream:
            data = stream.read()
    text = _decode(path, data)
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, exc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks its errors
        raise ProcessWalkError(Problem(Location(path), f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise ProcessWalkError(Problem(Location(path, 1, 1), "the document is nested too deeply")) from None
    if node is None:
        return Document(path, None)
    _check_expansion(path, node)
    converter = _Converter(path)
    root = converter.convert(node)
    if converter.problems:
        raise ProcessWalkError(converter.problems)
    return Document(path, root)


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ProcessWalkError(
            Problem(
                Location(path, line, column),
                f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            )
        ) from None


def _syntax_error(path: str, exc: yaml.MarkedYAMLError) -> ProcessWalkError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or "not valid YAML"
    if exc.context:
        problem = f"{exc.context}, {problem}" if "while" not in exc.context else problem
    return ProcessWalkError(Problem(Location(path, line, column), f"YAML syntax error: {problem}"))


def _check_expansion(path: str, root: yaml.Node) -> None:
    """Refuse recursive aliases and expansions past MAX_ALIAS_EXPANSION, in O(distinct nodes)."""
    sizes: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] - distinct > MAX_ALIAS_EXPANSION:
                raise _at(path, node, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values; "
                          "use fewer or smaller aliases")
            continue
        if key in sizes:
            continue
        if key in active:
            raise _at(path, node, "recursive alias: an anchor is used inside itself")
        active.add(key)
        distinct += 1
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _at(path: str, node: yaml.Node, message: str) -> ProcessWalkError:
    mark = node.start_mark
    return ProcessWalkError(Problem(Location(path, mark.line + 1, mark.column + 1), message))


class _Converter:
    """Turns composed nodes into positioned records, collecting every problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(Location(self.path, mark.line + 1, mark.column + 1), message))

    def convert(self, node: yaml.Node) -> Node:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _STD + "seq")
            return Seq(tuple(self.convert(item) for item in node.value), line, column)
        assert isinstance(node, yaml.MappingNode)
        self.check_tag(node, _STD + "map")
        return self.mapping(node)

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.problem(node, f"tag {node.tag!r} is not allowed; write plain values without tags")

    def scalar(self, node: yaml.ScalarNode) -> Scalar:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        plain = node.style is None
        if node.tag not in _PLAIN_TAGS:
            self.problem(node, f"tag {node.tag!r} is not allowed; write plain values without tags")
            return Scalar(node.value, node.value, line, column, plain)
        try:
            value = self._constructor.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            self.problem(node, f"{exc.problem}")
            value = node.value
        return Scalar(value, node.value, line, column, plain)

    def mapping(self, node: yaml.MappingNode) -> Map:
        entries: dict[str, Node] = {}
        keys: dict[str, Scalar] = {}
        merged: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.update(self.merge(value_node))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a key must be a plain word, not a list or a mapping")
                continue
            key = self.scalar(key_node)
            if key.raw in keys:
                first = keys[key.raw]
                self.problem(key_node, f"duplicate key '{key.raw}' (first defined at line {first.line}, "
                             f"column {first.column}); keep one")
                continue
            keys[key.raw] = key
            entries[key.raw] = self.convert(value_node)
        for name, value in merged.items():
            entries.setdefault(name, value)
        return Map(entries, keys, node.start_mark.line + 1, node.start_mark.column + 1)

    def merge(self, node: yaml.Node) -> dict[str, Node]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Node] = {}
        for source in reversed(sources):
            converted = self.convert(source)
            if not isinstance(converted, Map):
                self.problem(source, "'<<' merges mappings only")
                continue
            merged.update(converted.entries)
        return merged
