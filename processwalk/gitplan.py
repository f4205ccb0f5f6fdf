"""Which files ``diff --base REF`` compares, read through git: the planning of a diff against a ref.

Only files whose content differs (blob ids from ``git ls-tree`` against ``git hash-object``) are
analysed, with every file below a changed catalog.  Each side's changed files and the catalogs
and configuration files of their folders are written to a temporary folder with the same layout
(:func:`mirrored`), to be loaded with the normal loader, and their paths mapped back
(:meth:`Mirror.relocate`).  :func:`processwalk.compare.against_ref` compares the two sides.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from processwalk import files, gitbase
from processwalk.errors import ProcessWalkError
from processwalk.project import CONFIG_NAMES, SUFFIXES, find_files


def plan(ref: str, paths: Sequence[str]) -> Plan:
    """The plan to compare the files below ``paths`` at ``ref`` with the working tree."""
    repo = gitbase.find(paths[0])
    if repo is None:
        raise ProcessWalkError(f"{paths[0]} is not in a git repository; to compare two folders, "
                               "give them without --base: processwalk diff OLD NEW", exit_code=2)
    return Plan.make(repo, repo.resolve(ref), paths)


@dataclass(frozen=True)
class Plan:
    """Which files differ between a commit and the working tree, and what must be loaded for each side."""

    repo: gitbase.Repo
    commit: str
    #: process-format files at the commit below the paths: name -> blob id
    base: Mapping[str, str]
    #: the same in the working tree
    work: Mapping[str, str]
    #: every file at the commit (for the catalogs of the folders above the paths)
    everything: Mapping[str, str]
    #: files to analyse: those that differ, and those below a catalog that differs
    affected: frozenset[str]
    #: contents read so far (working-tree files by name, blobs by id)
    contents: Mapping[str, bytes]

    @classmethod
    def make(cls, repo: gitbase.Repo, commit: str, paths: Sequence[str]) -> Plan:
        specs = [repo.relative(p) for p in paths]
        everything = repo.tree(commit, [""])
        base = {name: blob for name, blob in everything.items() if _listed(name, specs)}
        work = repo.hashes([n for n in (repo.relative(f) for f in find_files(paths)) if n])
        # Catalogs in the folders above the paths apply too: a change there reaches every file below.
        above = _above(repo, specs, everything)
        base_context = {n: b for n, b in everything.items() if _folder(n) in above and _catalog_name(n)}
        work_context = repo.hashes([n for f in sorted(above) for n in _listdir(repo.root, f) if _catalog_name(n)])
        old, new = {**base_context, **base}, {**work_context, **work}
        changed = {n for n in old.keys() | new.keys() if old.get(n) != new.get(n)}
        blobs = repo.blobs(old[n] for n in changed if n in old)
        contents = {**blobs, **{n: _read(repo, n) for n in changed if n in new}}
        catalogs = {n for n in changed if not files.is_process(contents.get(old.get(n, ""), b"process:"))
                    or not files.is_process(contents.get(n, b"process:"))}
        affected = {n for n in changed if n in base or n in work}
        for name in catalogs:
            affected.update(n for n in base.keys() | work.keys() if _below(n, _folder(name)))
        return cls(repo, commit, base, work, everything, frozenset(affected), contents)

    def folders(self) -> set[str]:
        """The folders whose catalogs and configuration apply to an affected file."""
        found: set[str] = set()
        for name in self.affected:
            folder = _folder(name)
            while folder not in found:
                found.add(folder)
                if not folder:
                    break
                folder = _folder(folder)
        return found

    def base_files(self) -> dict[str, bytes]:
        folders = self.folders()
        wanted = {n: b for n, b in self.everything.items()
                  if n in self.affected and n in self.base or (_folder(n) in folders and _context(n))}
        blobs = self.repo.blobs(b for b in wanted.values() if b not in self.contents)
        data = {n: self.contents[b] if b in self.contents else blobs[b] for n, b in wanted.items()}
        return {n: d for n, d in data.items() if n in self.affected or _is_context(n, d)}

    def work_files(self) -> dict[str, bytes]:
        folders = self.folders()
        names = {n for n in self.work if n in self.affected}
        for folder in folders:
            names.update(n for n in _listdir(self.repo.root, folder) if _context(n))
        data = {n: self.contents[n] if n in self.contents else _read(self.repo, n) for n in names}
        return {n: d for n, d in data.items() if n in self.affected or _is_context(n, d)}


@dataclass(frozen=True)
class Mirror:
    """One side's files, written below ``folder`` with the repository's layout."""

    folder: str
    #: the files to compare, as written in the mirror
    targets: tuple[str, ...]
    #: the repository's top-level folder
    root: str

    def relocate(self, path: str) -> str:
        """A file of the mirror by its name in the repository (relative to the current folder)."""
        inside = os.path.relpath(path, self.folder)
        if inside.startswith(os.pardir):
            return path
        return os.path.relpath(os.path.join(self.root, inside))


@contextlib.contextmanager
def mirrored(plan: Plan) -> Iterator[tuple[Mirror, Mirror]]:
    """The commit's side and the working tree's side of ``plan``, each in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="processwalk-diff-") as folder:
        yield (mirror(plan, plan.base_files(), os.path.join(folder, "base")),
               mirror(plan, plan.work_files(), os.path.join(folder, "work")))


def mirror(plan: Plan, files: Mapping[str, bytes], folder: str) -> Mirror:
    gitbase.materialise(files, folder)
    # The mirror's top is the repository's top: catalogs of folders above it never apply.
    with open(os.path.join(folder, ".git"), "w", encoding="utf-8"):
        pass
    targets = tuple(os.path.join(folder, *name.split("/")) for name in sorted(plan.affected) if name in files)
    return Mirror(folder, targets, plan.repo.root)


def _listed(name: str, specs: Sequence[str]) -> bool:
    """Whether ``find_files`` would list ``name`` for the top-level relative ``specs``."""
    for spec in specs:
        if name == spec:
            return True
        if spec and not name.startswith(spec + "/"):
            continue
        below = name[len(spec) + 1:] if spec else name
        parts = below.split("/")
        if parts[-1].endswith(SUFFIXES) and not any(p.startswith(".") for p in parts):
            return True
    return False


def _above(repo: gitbase.Repo, specs: Sequence[str], everything: Mapping[str, str]) -> set[str]:
    """The folders whose catalogs apply to the paths but which the paths do not list themselves."""
    found: set[str] = set()
    for spec in specs:
        is_file = spec in everything or os.path.isfile(os.path.join(repo.root, *spec.split("/")))
        folder: str | None = _folder(spec) if is_file else (_folder(spec) if spec else None)
        while folder is not None and folder not in found:
            found.add(folder)
            folder = _folder(folder) if folder else None
    return found


def _folder(name: str) -> str:
    return name.rpartition("/")[0]


def _below(name: str, folder: str) -> bool:
    return not folder or name.startswith(folder + "/")


def _context(name: str) -> bool:
    """A file that may shape how the files of its folder load: a catalog or a configuration."""
    return _catalog_name(name) or name.rpartition("/")[2] in CONFIG_NAMES


def _catalog_name(name: str) -> bool:
    """A name a catalog may have (hidden files never are: ``.pre-commit-config.yaml``)."""
    return name.endswith(SUFFIXES) and not name.rpartition("/")[2].startswith(".")


def _is_context(name: str, data: bytes) -> bool:
    return name.rpartition("/")[2] in CONFIG_NAMES or not files.is_process(data)


def _read(repo: gitbase.Repo, name: str) -> bytes:
    with open(os.path.join(repo.root, *name.split("/")), "rb") as stream:
        return stream.read()


def _listdir(root: str, folder: str) -> list[str]:
    try:
        entries = os.listdir(os.path.join(root, *folder.split("/")) if folder else root)
    except OSError:
        return []
    prefix = f"{folder}/" if folder else ""
    return [prefix + e for e in entries if os.path.isfile(os.path.join(root, prefix + e))]
