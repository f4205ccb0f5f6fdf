"""Read an XML file into elements that know where they are (line and column).

ElementTree drops positions; the BPMN importer reports every construct it
cannot represent at its place in the model, so this builds its own small tree
from expat's events.  Tags and attribute names are in Clark notation
(``{uri}name``, see :func:`processwalk.bpmn.ns.tag`): elements are matched by
namespace URI, whatever prefix a tool bound to it.

Reading never fetches anything: external entities and DTD entity declarations
are refused (a model never needs them, and they are how XML files reach out or
blow up).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from xml.parsers import expat

from processwalk.errors import Location, Problem, ProcessWalkError


@dataclass(frozen=True, eq=False)
class Element:
    """One XML element: Clark-notation tag, attributes, direct text, children, and its place."""

    tag: str
    attrib: Mapping[str, str]
    at: Location
    text: str = ""
    children: tuple[Element, ...] = field(default=())

    @property
    def local(self) -> str:
        """The tag without its namespace: ``task`` for ``{uri}task``."""
        return self.tag.rpartition("}")[2]

    @property
    def namespace(self) -> str:
        return self.tag[1:].partition("}")[0] if self.tag.startswith("{") else ""

    def get(self, name: str) -> str:
        """The attribute ``name`` ('' when the element has none)."""
        return self.attrib.get(name, "")

    def find(self, tag: str) -> Element | None:
        """The first child with ``tag`` (Clark notation), or None."""
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[Element]:
        return [child for child in self.children if child.tag == tag]

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        todo = [self]
        while todo:
            element = todo.pop()
            yield element
            todo.extend(reversed(element.children))

    def all_text(self) -> str:
        """The text of this element and of every element below it, in order."""
        return self.text + "".join(child.all_text() for child in self.children)


class _Open:
    """An element being read: its children and text arrive before its end tag."""

    __slots__ = ("tag", "attrib", "at", "text", "children")

    def __init__(self, tag: str, attrib: dict[str, str], at: Location) -> None:
        self.tag, self.attrib, self.at = tag, attrib, at
        self.text: list[str] = []
        self.children: list[Element] = []

    def close(self) -> Element:
        return Element(self.tag, self.attrib, self.at, "".join(self.text), tuple(self.children))


def _clark(name: str) -> str:
    """expat's 'uri name' (namespace separator ' ') as '{uri}name'."""
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local


class _Builder:
    def __init__(self, path: str, parser: expat.XMLParserType) -> None:
        self.path, self.parser = path, parser
        self.stack: list[_Open] = []
        self.root: Element | None = None

    def here(self) -> Location:
        return Location(self.path, self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        attrib = {_clark(key): value for key, value in attributes.items()}
        self.stack.append(_Open(_clark(name), attrib, self.here()))

    def end(self, name: str) -> None:
        element = self.stack.pop().close()
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].text.append(text)

    def entity(self, *args: object) -> None:
        raise ProcessWalkError(Problem(self.here(), "the file declares XML entities; a BPMN model needs none "
                                                    "and processwalk does not expand them: remove the DOCTYPE"))


def parse(path: str) -> Element:
    """The root element of the XML file ``path``; a file that is not well-formed XML is a
    positioned :class:`ProcessWalkError` (exit 1)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    builder = _Builder(path, parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = builder.entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    try:
        with open(path, "rb") as stream:
            parser.ParseFile(stream)
    except expat.ExpatError as exc:
        where = Location(path, exc.lineno, exc.offset + 1)
        reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise ProcessWalkError(Problem(where, f"not well-formed XML ({reason}); a BPMN model is an XML file "
                                              "as a modelling tool exports it")) from None
    except OSError as exc:
        raise ProcessWalkError(f"cannot read {path}: {exc.strerror or exc}", exit_code=2) from None
    assert builder.root is not None, "expat reports a document without a root element"
    return builder.root
