"""The line-aware XML reading under the BPMN import."""
from __future__ import annotations

from pathlib import Path

import pytest

from processwalk.bpmn import ns
from processwalk.bpmn.xmltree import parse
from processwalk.errors import Location, ProcessWalkError


def test_elements_know_their_place_and_namespace(tmp_path: Path) -> None:
    path = tmp_path / "m.bpmn"
    path.write_text('<?xml version="1.0"?>\n<x:definitions xmlns:x="http://www.omg.org/spec/BPMN/20100524/MODEL">\n'
                    '  <x:process id="p">\n    <x:task id="t" name="Scan&#10;invoice"/>\n  </x:process>\n'
                    '</x:definitions>\n', encoding="utf-8")
    root = parse(str(path))
    assert (root.tag, root.local, root.namespace) == (ns.tag(ns.MODEL, "definitions"), "definitions", ns.MODEL)
    (process,) = root.children
    (task,) = process.children
    assert process.at == Location(str(path), 3, 3)
    assert task.at == Location(str(path), 4, 5)
    assert task.get("name") == "Scan\ninvoice"
    assert root.find(ns.tag(ns.MODEL, "process")) is process
    assert [e.local for e in root.iter()] == ["definitions", "process", "task"]


def test_attribute_namespaces_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.xml"
    path.write_text('<a xmlns:c="http://camunda.org/schema/1.0/bpmn" c:p="1" q="2">text<b/>more</a>',
                    encoding="utf-8")
    root = parse(str(path))
    assert dict(root.attrib) == {ns.tag(ns.CAMUNDA, "p"): "1", "q": "2"}
    assert (root.text, root.all_text()) == ("textmore", "textmore")


def test_not_well_formed_is_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "m.bpmn"
    path.write_text("<definitions>\n  <process>\n</definitions>\n", encoding="utf-8")
    with pytest.raises(ProcessWalkError) as caught:
        parse(str(path))
    assert str(caught.value.problems[0]) == (
        f"{path}:3:3: [error] not well-formed XML (mismatched tag); a BPMN model is an XML file as a modelling "
        "tool exports it (invalid)")


def test_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.bpmn"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE d [\n<!ENTITY a "aaaaaaaaaa">\n]>\n<d>&a;</d>\n',
                    encoding="utf-8")
    with pytest.raises(ProcessWalkError) as caught:
        parse(str(path))
    assert caught.value.problems[0].location.line == 3
    assert "declares XML entities" in caught.value.problems[0].message
