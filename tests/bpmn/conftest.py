"""Small BPMN models written in the tests, and the real ones of ``tests/data/bpmn``."""
from __future__ import annotations

from pathlib import Path

from processwalk.bpmn import drafts, importer
from processwalk.bpmn.translate import Imported

DATA = Path(__file__).resolve().parent.parent / "data" / "bpmn"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">\n')


def bpmn(body: str) -> str:
    """A model whose ``definitions`` hold ``body`` (the BPMN namespace is the default one)."""
    return f"{HEAD}{body}\n</definitions>\n"


def write(folder: Path, body: str, name: str = "model.bpmn") -> Path:
    path = folder / name
    path.write_text(bpmn(body), encoding="utf-8")
    return path


def imported(folder: Path, body: str) -> Imported:
    return importer.read(str(write(folder, body)))


def texts(folder: Path, body: str) -> dict[str, str]:
    """The files the import writes for ``body``, checked to validate."""
    return importer.texts(imported(folder, body))


def process_text(folder: Path, body: str) -> str:
    made = drafts.files(imported(folder, body))
    assert importer.problems_of(made) == []
    (name,) = [n for n in made if n != "catalog.yaml"]
    return made[name]
