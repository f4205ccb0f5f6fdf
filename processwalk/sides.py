"""One side of a diff: the walks, findings and problems of the files compared, and their real names.

A side is loaded from where its files are (a folder, or a mirror of a git commit,
:mod:`processwalk.gitplan`); ``relocate`` names each loaded file as it really is, and ``root``
is the folder the files are compared relative to (``diff OLD NEW``).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from processwalk.errors import Location, Problem
from processwalk.findings import Finding
from processwalk.model import Catalog

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk

Relocate = Callable[[str], str]


def same(path: str) -> str:
    return path


@dataclass(frozen=True)
class Side:
    """One side of a diff: the walks and findings by process id, the problems, and the files' real names."""

    walks: Mapping[str, Walk]
    findings: Mapping[str, tuple[Finding, ...]]
    problems: tuple[Problem, ...]
    relocate: Relocate = same
    #: the folder the files are compared relative to (``diff OLD NEW``); None: as they are
    root: str | None = None
    #: the catalog files that apply to the compared files, by their path as loaded
    catalogs: Mapping[str, Catalog] = field(default_factory=dict)
    #: the process id each invalid file declares (read from its text), with the file's real name
    broken_ids: Mapping[str, str] = field(default_factory=dict)

    def file_of(self, process_id: str) -> str:
        return self.relocate(self.walks[process_id].process.file)

    def name_of(self, process_id: str) -> str:
        """The process's file as compared with the other side's."""
        return self.named(self.walks[process_id].process.file)

    def named(self, path: str) -> str:
        """A file, as loaded, named as it is compared with the other side's files."""
        return compared_name(self.relocate(path), self.root)

    @property
    def broken(self) -> set[str]:
        """The files with problems."""
        return {p.location.file for p in self.problems}

    @property
    def broken_names(self) -> set[str]:
        """The files with problems, named as they are compared."""
        return {compared_name(f, self.root) for f in self.broken}

    def at(self, location: Location) -> Location:
        return location._replace(file=self.relocate(location.file)) if location.file else location


def compared_name(file: str, root: str | None) -> str:
    """``file`` named as it is compared with the other side's files: relative to ``root``, if any."""
    return os.path.relpath(file, root) if root is not None else file
