"""Finding and loading process files: paths -> processes and problems.

A folder is searched recursively for ``*.yaml`` and ``*.yml``.  Catalogs apply
to the process files in their folder and below, so for every process the
catalogs of its folder and of each parent folder are merged, up to the project
root (the first folder holding ``.git`` or a config file).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from processwalk import build, validate
from processwalk.config import budget_problems
from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.load import Document, Map, load
from processwalk.model import Catalog, Process
from processwalk.read import Reader

SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = (".processwalk.yaml", ".processwalk.yml")


@dataclass(frozen=True)
class Loaded:
    """What a set of paths holds: the processes that built, and every problem found."""

    processes: tuple[Process, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...] = ()

    def problems_of(self, file: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.location.file == file)


def find_files(paths: Iterable[str]) -> list[str]:
    """The YAML files named or found below ``paths``, in a stable order (config files left out)."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                found.extend(os.path.join(folder, n) for n in sorted(names)
                             if n.endswith(SUFFIXES) and n not in CONFIG_NAMES)
        else:
            found.append(path)
    return list(dict.fromkeys(os.path.normpath(f) for f in found))


@dataclass
class _Session:
    """Caches documents and catalogs so each file is read and built once."""

    documents: dict[str, Document | ProcessWalkError] = field(default_factory=dict)
    catalogs: dict[str, tuple[Catalog, list[Problem]]] = field(default_factory=dict)
    folders: dict[str, tuple[Catalog, list[Problem]]] = field(default_factory=dict)

    def document(self, path: str) -> Document | ProcessWalkError:
        if path not in self.documents:
            try:
                self.documents[path] = load(path)
            except ProcessWalkError as exc:
                self.documents[path] = exc
            except OSError as exc:
                self.documents[path] = ProcessWalkError(Problem(Location(path), f"cannot read: {exc.strerror}"))
        return self.documents[path]

    def catalog(self, path: str) -> tuple[Catalog, list[Problem]]:
        if path not in self.catalogs:
            doc = self.document(path)
            assert isinstance(doc, Document) and isinstance(doc.root, Map)
            reader = Reader(path)
            self.catalogs[path] = (build.read_catalog(reader, doc.root), reader.problems)
        return self.catalogs[path]

    def folder_catalog(self, folder: str) -> tuple[Catalog, list[Problem]]:
        """The merged catalogs that apply to a process file in ``folder``."""
        if folder not in self.folders:
            parent = os.path.dirname(folder)
            outer: tuple[Catalog, list[Problem]] = (Catalog(), [])
            if not _is_root(folder) and parent != folder:
                outer = self.folder_catalog(parent)
            here = [self.catalog(p) for p in _catalog_files(self, folder)]
            merged, conflicts = build.merge_catalogs([outer[0], *(c for c, _ in here)])
            problems = [*outer[1], *(p for _, ps in here for p in ps), *conflicts]
            self.folders[folder] = (merged, problems)
        return self.folders[folder]


def _is_root(folder: str) -> bool:
    return any(os.path.exists(os.path.join(folder, n)) for n in (".git", *CONFIG_NAMES))


def _catalog_files(session: _Session, folder: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return []
    files = [os.path.normpath(os.path.join(folder, n)) for n in names
             if n.endswith(SUFFIXES) and n not in CONFIG_NAMES]
    return [f for f in files if os.path.isfile(f) and _is_catalog(session.document(f))]


def _is_catalog(doc: Document | ProcessWalkError) -> bool:
    return isinstance(doc, Document) and build.kind_of(doc.root) == "catalog"


def load_paths(paths: Sequence[str]) -> Loaded:
    """Load every process under ``paths`` with the catalogs that apply to it."""
    session = _Session()
    processes: list[Process] = []
    problems: set[Problem] = set()
    files = find_files(paths)
    for path in files:
        process, found = _load_one(session, path)
        problems.update(found)
        if process is not None:
            processes.append(process)
    return Loaded(tuple(processes), tuple(sorted(problems)), tuple(files))


def _load_one(session: _Session, path: str) -> tuple[Process | None, list[Problem]]:
    doc = session.document(path)
    if isinstance(doc, ProcessWalkError):
        return None, list(doc.problems)
    kind = build.kind_of(doc.root)
    if kind == "catalog":
        return None, session.catalog(path)[1]
    if kind == "other":
        return None, [_not_a_process(path, doc)]
    assert isinstance(doc.root, Map)
    shared, problems = session.folder_catalog(os.path.dirname(path))
    reader = Reader(path)
    process = build.read_process(reader, doc.root, shared)
    found = [*problems, *reader.problems]
    if process is not None:
        found.extend(validate.check(process, rule_ids()))
        found.extend(budget_problems(process.budgets, path))
    return (process if len(found) == len(problems) else None), found


def _not_a_process(path: str, doc: Document) -> Problem:
    expected = "expected a mapping with 'process: <id>' (a process) or 'teams', 'systems', 'policies' (a catalog)"
    root = doc.root
    if root is None:
        return Problem(Location(path, 1, 1), f"the file is empty; {expected}")
    if isinstance(root, Map):
        keys = ", ".join(f"'{k}'" for k in root.entries) or "none"
        return Problem(Location(path, root.line, root.column), f"neither a process nor a catalog (keys: {keys}); {expected}")
    what = "a list" if root.__class__.__name__ == "Seq" else "a single value"
    return Problem(Location(path, root.line, root.column), f"the top level is {what}; {expected}")


def relative(path: str) -> str:
    """``path`` relative to the working folder when it is below it, for messages."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def rule_ids() -> tuple[str, ...]:
    from processwalk.rules import REGISTRY

    return tuple(REGISTRY)
