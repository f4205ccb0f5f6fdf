"""YAML in, positioned plain data out.

This is the only module that touches PyYAML.  It reads the parser's events
(libyaml's ``CSafeLoader``) and builds a small tree of :class:`Scalar`,
:class:`Seq` and :class:`Map` records, each with its 1-based line and column.
Building from events, without PyYAML's recursive composer, lets it refuse on
the way what a process file must never contain: duplicate keys, tags that
construct anything beyond plain data, aliases that refer to themselves, alias
expansions past a sane bound (the "billion laughs" bomb) and nesting so deep
that it can only be a mistake or an attack.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from re import Pattern
from typing import Any, NamedTuple

import yaml
from yaml import events
from yaml.constructor import SafeConstructor

from processwalk import files
from processwalk.errors import Location, Problem, ProcessWalkError

#: Largest number of values that aliases may add to a document.  A 2,000-step
#: process composes to about 30,000 values; a bomb to billions.
MAX_ALIAS_EXPANSION = 100_000
#: Deepest nesting of lists and mappings.  A process file needs about 6 levels.
MAX_DEPTH = 100

_STD = "tag:yaml.org,2002:"
_STR = _STD + "str"
_MERGE = _STD + "merge"
_PLAIN_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_IMPLICIT: dict[str | None, list[tuple[str, Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
_Constructor = Callable[[SafeConstructor, yaml.ScalarNode], object]
_CONSTRUCTORS: dict[str, _Constructor] = SafeConstructor.yaml_constructors  # type: ignore[assignment]


class Scalar(NamedTuple):
    """A scalar value; ``raw`` is its text as written (``no`` for False).

    A NamedTuple rather than a frozen dataclass: files hold thousands of scalars,
    and a NamedTuple is three times faster to make.
    """

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


Node = Scalar | Seq | Map


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its path and its root (None for an empty file)."""

    path: str
    root: Node | None


def load(path: str, data: bytes | None = None) -> Document:
    """Read and compose ``path``; raise :class:`ProcessWalkError` with every problem found."""
    if data is None:
        data = files.read_bytes(path)
    text = _decode(path, data)
    builder = _Builder(path)
    parser = yaml.CSafeLoader(text)
    try:
        root = builder.build(parser)
    except yaml.MarkedYAMLError as exc:
        block = sum(1 for o in builder.open if not o.flow)
        problem = _too_deep(path, text, block) if "nesting depth" in (exc.problem or "") else None
        raise ProcessWalkError([*builder.problems, problem or _syntax_error(path, text, exc)]) from None
    except yaml.reader.ReaderError as exc:
        raise ProcessWalkError([*builder.problems, _reader_error(path, text, exc)]) from None
    except _Refused as exc:
        raise ProcessWalkError([*builder.problems, exc.problem]) from None
    finally:
        parser.dispose()
    if builder.problems:
        raise ProcessWalkError(builder.problems)
    return Document(path, root)


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise ProcessWalkError(
            Problem(
                Location(path, line, column),
                f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            )
        ) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``offset``."""
    before = data[:offset]
    start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[start:].decode("utf-8", "replace")) + 1


# -- syntax errors -----------------------------------------------------------------------------

_HINTS = (
    ("mapping values are not allowed", "put a value that contains ': ' in quotes, or check the indentation"),
    ("did not find expected key", ("check the indentation: the keys of one mapping start in the same column, "
     "and nothing follows a quoted value or a closed list on its line")),
    ("expected '-' indicator", "check the indentation: the items of one list start in the same column"),
    ("expected ',' or ']'", "close the list opened at {context} with ']'"),
    ("expected ',' or '}'", "close the mapping opened at {context} with '}'"),
    ("end of stream", "close the quote opened at {context}"),
    ("found undefined tag handle", "remove the tag: write plain values"),
)


TOO_DEEP = (f"lists and mappings are nested more than {MAX_DEPTH} levels deep; a process needs only a few "
            "levels: look for an unclosed '[' or '{'")


def _too_deep(path: str, text: str, block: int) -> Problem | None:
    """Where flow nesting first passes MAX_DEPTH.

    libyaml 0.2.6 and later refuse deep flow nesting in their scanner, which reads
    ahead of the events this module counts; this finds the same place the event
    count finds with earlier versions.  It runs only on that error, so its
    character loop costs nothing on good files.  ``block`` is the number of block
    lists and mappings open around the place of the error.
    """
    depth, quote = block, ""
    for number, line in enumerate(text.splitlines(), 1):
        for column, char in enumerate(line, 1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(Location(path, number, column), TOO_DEEP)
            elif char in "]}":
                depth -= 1
    return None


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or exc.context or "not valid YAML"
    context = f"line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}" if exc.context_mark else "?"
    hint = next((h for found, h in _HINTS if found in problem), "check the indentation and the quoting here")
    if "cannot start any token" in problem:
        hint = _token_hint(text, line, column)
    elif "expected ',' or '}'" in problem:
        hint = _flow_text_hint(text, line, column) or hint
    return Problem(Location(path, line, column), f"YAML syntax error: {problem}; {hint.replace('{context}', context)}")


#: the last ``key: value`` of a flow mapping before the place of an error
_FLOW_KEY = re.compile(r"(?:^|[{,])\s*([A-Za-z_][\w-]*):\s+(?=\S)")


def _flow_text_hint(text: str, line: int, column: int) -> str | None:
    """The hint for a ``{...}`` mapping that is closed on its line but broken by the text in it:
    a ',' or ': ' in a value that is not quoted.  None when the mapping is left open."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    close = here.find("}", column - 1)
    keys = list(_FLOW_KEY.finditer(here, 0, column - 1))
    if close < 0 or not keys:
        return None
    key, start = keys[-1].group(1), keys[-1].end()
    value = here[start:close].strip().replace("'", "''")
    return (f"in a mapping written in braces, ',' ends a value and ': ' starts a key: put text that holds "
            f"them in quotes, e.g. {key}: '{value}'")


def _token_hint(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    character = lines[line - 1][column - 1: column] if 0 < line <= len(lines) else ""
    if character == "\t":
        return "indent with spaces, not tabs"
    return f"a plain value cannot start with '{character}'; put the value in quotes"


def _reader_error(path: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    line, column = _position(text.encode("utf-8"), exc.position)
    return Problem(Location(path, line, column),
                   f"the file contains the control character #x{exc.character:02x}, which YAML does not "
                   "allow; remove it (use '\\t' or '\\n' inside double quotes if you meant one)")


# -- building records from events --------------------------------------------------------------


class _Refused(Exception):
    """Stops the build at once: carrying on would be unsafe or meaningless."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Open:
    """A list or a mapping whose end has not been read yet: its values so far (keys and values
    alternate in a mapping).  A plain class with slots: one is made for every list and mapping."""

    __slots__ = ("is_map", "line", "column", "anchor", "items", "flow")

    def __init__(self, is_map: bool, line: int, column: int, anchor: str | None, flow: bool = False) -> None:
        self.is_map, self.line, self.column, self.anchor, self.flow = is_map, line, column, anchor, flow
        self.items: list[Node] = []


class _Builder:
    """Turns parser events into positioned records, collecting every problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.open: list[_Open] = []
        self.anchors: dict[str, Node] = {}
        self.sizes: dict[int, int] = {}
        self.expanded = 0
        self.root: Node | None = None
        self.documents = 0

    def problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(Location(self.path, line, column), message))

    def refuse(self, event: events.Event, message: str) -> _Refused:
        return _Refused(Problem(Location(self.path, *_place(event)), message))

    def build(self, parser: yaml.CSafeLoader) -> Node | None:
        # The loop runs once per value of every file: it keeps to local names and inlines
        # the common case, a plain value without an anchor inside a list or a mapping.
        get_event, scalar_event, open_ = parser.get_event, events.ScalarEvent, self.open
        while True:
            event = get_event()
            if type(event) is scalar_event:
                text = event.value
                tag = _resolve(text) if event.tag is None and event.implicit[0] else self.tag(event)
                mark: Any = event.start_mark
                node = Scalar(text if tag is _STR else _construct(tag, event), text, mark.line + 1,
                              mark.column + 1, not event.style and event.tag is None)
                if open_ and event.anchor is None:
                    open_[-1].items.append(node)
                else:
                    self.finish(node, event.anchor)
            elif isinstance(event, events.CollectionStartEvent):
                self.start(event)
            elif isinstance(event, events.CollectionEndEvent):
                done = open_.pop()
                self.finish(self.mapping(done) if done.is_map else Seq(tuple(done.items), done.line, done.column),
                            done.anchor)
            elif isinstance(event, events.AliasEvent):
                self.alias(event)
            elif isinstance(event, events.DocumentStartEvent):
                self.document(event)
            elif isinstance(event, events.StreamEndEvent):
                return self.root

    def finish(self, node: Node, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = node
        if self.open:
            self.open[-1].items.append(node)
        else:
            self.root = node

    def tag(self, event: events.ScalarEvent) -> str:
        """The tag of a quoted or tagged scalar; any tag beyond plain data is a problem."""
        tag = event.tag
        if tag is None or tag == "!":
            return _STR
        if tag in _PLAIN_TAGS:
            return _TAGS[tag]
        self.problem(*_place(event), f"tag '{_shown(tag)}' is not allowed; write plain values without tags")
        return _STR

    def document(self, event: events.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.refuse(event, "the file holds more than one YAML document ('---'); put each process "
                              "or catalog in a file of its own")

    def start(self, event: events.CollectionStartEvent) -> None:
        if len(self.open) >= MAX_DEPTH:
            raise self.refuse(event, TOO_DEEP)
        is_map = type(event) is events.MappingStartEvent
        tag = event.tag
        if tag is not None and tag not in ("!", _STD + ("map" if is_map else "seq")):
            self.problem(*_place(event), f"tag '{_shown(tag)}' is not allowed; write plain values "
                         "without tags")
        mark: Any = event.start_mark
        self.open.append(_Open(is_map, mark.line + 1, mark.column + 1, event.anchor, bool(event.flow_style)))

    def alias(self, event: events.AliasEvent) -> None:
        anchor = event.anchor or ""
        if any(o.anchor == anchor for o in self.open):
            raise self.refuse(event, f"recursive alias: '*{anchor}' is used inside the value that "
                              f"'&{anchor}' names; an alias must refer to a finished value")
        node = self.anchors.get(anchor)
        if node is None:
            self.problem(*_place(event), f"alias '*{anchor}' refers to no anchor; write '&{anchor}' on an "
                         "earlier value, or remove the alias")
            node = Scalar(None, "", *_place(event))
        else:
            self.expanded += self.size(node)
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise self.refuse(event, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values; "
                                  "use fewer or smaller aliases")
        self.finish(node, None)

    def size(self, node: Node) -> int:
        """How many values ``node`` stands for, aliases expanded; in O(distinct values)."""
        if isinstance(node, Scalar):
            return 1
        known = self.sizes.get(id(node))
        if known is None:
            children = node.items if isinstance(node, Seq) else (*node.keys.values(), *node.entries.values())
            known = self.sizes[id(node)] = 1 + sum(self.size(child) for child in children)
        return known

    def mapping(self, done: _Open) -> Map:
        """The mapping of keys and values read, refusing duplicate keys and applying '<<' merges."""
        entries: dict[str, Node] = {}
        keys: dict[str, Scalar] = {}
        merged: dict[str, Node] = {}
        items = done.items
        for index in range(0, len(items), 2):
            key, value = items[index], items[index + 1]
            if not isinstance(key, Scalar):
                self.problem(key.line, key.column, "a key must be a plain word, not a list or a mapping")
            elif key.raw in keys:
                first = keys[key.raw]
                self.problem(key.line, key.column, f"duplicate key '{key.raw}' (first defined at line "
                             f"{first.line}, column {first.column}); keep one")
            elif key.raw == "<<" and key.plain:
                self.merge(merged, value)
            else:
                keys[key.raw] = key
                entries[key.raw] = value
        for name, value in merged.items():
            entries.setdefault(name, value)
        return Map(entries, keys, done.line, done.column)

    def merge(self, merged: dict[str, Node], node: Node) -> None:
        for source in node.items if isinstance(node, Seq) else (node,):
            if isinstance(source, Map):
                for name, value in source.entries.items():
                    merged.setdefault(name, value)
            else:
                self.problem(source.line, source.column, "'<<' merges mappings only; write '<<: *anchor' "
                             "where the anchor is on a mapping")


def _place(event: events.Event) -> tuple[int, int]:
    """1-based line and column where ``event`` starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


#: The tags, interned, so that the hot loop compares them with ``is``.
_TAGS = {tag: tag for tag in (*_PLAIN_TAGS, _MERGE)}


@lru_cache(maxsize=4096)
def _resolve(text: str) -> str:
    """The tag YAML 1.1 gives a plain scalar: '12' is an int, 'no' a bool, '' a null, '<<' a merge."""
    for tag, pattern in _IMPLICIT.get(text[:1], ()):
        if pattern.match(text):
            return _TAGS.get(tag, _STR)
    return _STR


_INT, _FLOAT = _TAGS[_STD + "int"], _TAGS[_STD + "float"]
#: Characters of a float that Python's ``float`` reads as YAML does (no ``_``, ``:``, ``.inf``, ``.nan``).
_PLAIN_FLOAT = frozenset("0123456789.-+eE")


def _construct(tag: str, event: events.ScalarEvent) -> str | int | float | bool | dt.date | None:
    """The value of a scalar; text as written when it does not parse (``2019-02-30``, ``!!int x``)."""
    text = event.value
    # The common numbers directly: plain decimals ('0755' is octal in YAML 1.1, so not those).
    if tag is _INT and text.isascii() and text.isdigit() and (text[0] != "0" or text == "0"):
        return int(text)
    if tag is _FLOAT and text.isascii() and _PLAIN_FLOAT.issuperset(text):
        try:
            return float(text)
        except ValueError:
            pass
    node = yaml.ScalarNode(tag, event.value, style=event.style)
    try:
        value = _CONSTRUCTORS[tag](_CONSTRUCTOR, node)
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError, yaml.YAMLError):
        return event.value
    assert value is None or isinstance(value, (str, int, float, bool, dt.date))
    return value


def _shown(tag: str | None) -> str:
    """A tag as it is written in the file: ``!!python/name:x`` rather than its long form."""
    tag = tag or ""
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag
