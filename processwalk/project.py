"""Finding and loading process files: paths -> processes and problems.

A folder is searched recursively for ``*.yaml`` and ``*.yml``.  Catalogs apply
to the process files in their folder and below, so for every process the
catalogs of its folder and of each parent folder are merged, up to the project
root (the first folder holding ``.git`` or a config file).
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from processwalk import build, changes, collector, files, parallel, validate
from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.load import Document, Map, Scalar, load
from processwalk.model import TEAM_CHANGES, Catalog, Process, Scenario, Step
from processwalk.read import Reader, suggest
from processwalk.rule_defaults import RULES

SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = (".processwalk.yaml", ".processwalk.yml")
#: From this many files per worker on, loading is shared among worker processes.
FILES_PER_WORKER = 100
#: Files are cut into this many shares per worker, handed out in turn.
SHARES_PER_WORKER = 4
#: A top-level ``process:`` key at the start of a line: the file is a process, not a catalog.
_PROCESS_ID = re.compile(rb"^process[ \t]*:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)", re.MULTILINE)

T = TypeVar("T")
#: Where a file says ``process: <id>``: the id and its place.
_Ident = tuple[str, Location]
#: What loading one file gives: what ``then`` made of its process (nothing if it did not build), its
#: problems, and the process id it declares (also when it did not build).
_Result = tuple[tuple[T, ...], list[Problem], "_Ident | None"]


@dataclass(frozen=True)
class Loaded:
    """What a set of paths holds: the processes that built, and every problem found."""

    processes: tuple[Process, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...] = ()
    #: how many processes built, also when their records were not kept (``load_paths(records=False)``)
    built: int = 0

    def problems_of(self, file: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.location.file == file)


def find_files(paths: Iterable[str]) -> list[str]:
    """The YAML files named or found below ``paths``, in a stable order (config files left out)."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, subfolders, names in os.walk(path, onerror=_unreadable_folder):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                found.extend(os.path.join(folder, n) for n in sorted(names) if _is_yaml(n))
        else:
            found.append(path)
    unique: dict[str, str] = {}  # the same file named twice ('a.yaml', '../here/a.yaml') is read once
    for name in found:
        unique.setdefault(os.path.realpath(name), os.path.normpath(name))
    return list(unique.values())


@dataclass
class _Session:
    """Caches documents and catalogs so each file is read and built once."""

    documents: dict[str, Document | ProcessWalkError] = field(default_factory=dict)
    catalogs: dict[str, tuple[Catalog, list[Problem]]] = field(default_factory=dict)
    folders: dict[str, tuple[Catalog, list[Problem]]] = field(default_factory=dict)
    #: each folder's catalog files and scenario files
    contexts: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    scenario_files: dict[str, tuple[tuple[Scenario, ...], list[Problem]]] = field(default_factory=dict)

    def document(self, path: str) -> Document | ProcessWalkError:
        if path not in self.documents:
            try:
                self.documents[path] = load(path)
            except ProcessWalkError as exc:
                # without its traceback: the frames would tie the session to itself in a cycle,
                # and loading runs without the cycle collector
                self.documents[path] = exc.with_traceback(None)
            except OSError as exc:  # pragma: no cover - files.read_bytes says why first
                self.documents[path] = ProcessWalkError(Problem(Location(path), files.unreadable(path, exc)))
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
            parent = _parent(folder)
            outer: tuple[Catalog, list[Problem]] = (Catalog(), [])
            if parent is not None and not _is_root(folder):
                outer = self.folder_catalog(parent)
            here = [self.catalog(p) for p in self.context(folder)[0]]
            merged, conflicts = build.merge_catalogs([outer[0], *(c for c, _ in here)])
            problems = [*outer[1], *(p for _, ps in here for p in ps), *conflicts]
            self.folders[folder] = (merged, problems)
        return self.folders[folder]


    def context(self, folder: str) -> tuple[list[str], list[str]]:
        """The catalog files and the scenario files of ``folder`` (not below it)."""
        if folder not in self.contexts:
            kinds = {path: build.kind_of(doc.root) for path in _context_files(folder)
                     if isinstance(doc := self.document(path), Document)}
            self.contexts[folder] = ([p for p, k in kinds.items() if k == "catalog"],
                                     [p for p, k in kinds.items() if k == "scenarios"])
        return self.contexts[folder]

    def scenario_file(self, path: str) -> tuple[tuple[Scenario, ...], list[Problem]]:
        """The scenarios of a scenario file, and its problems: those of its shape, and its team
        changes checked against the catalogs of its folder."""
        if path not in self.scenario_files:
            doc = self.document(path)
            assert isinstance(doc, Document) and isinstance(doc.root, Map)
            reader = Reader(path)
            scenarios = build.read_scenario_file(reader, doc.root)
            catalog = self.folder_catalog(os.path.dirname(path))[0]
            problems = [*reader.problems, *(p for s in scenarios for p in team_change_problems(s, catalog)),
                        *_named_processes(scenarios, self.process_ids(os.path.dirname(path)))]
            self.scenario_files[path] = (scenarios, problems)
        return self.scenario_files[path]

    def folder_scenarios(self, folder: str) -> tuple[Scenario, ...]:
        """The scenarios of the scenario files that apply to a process file in ``folder``."""
        found: list[Scenario] = []
        at: str | None = folder
        while at is not None:
            found[:0] = [s for path in self.context(at)[1] for s in self.scenario_file(path)[0]]
            at = None if _is_root(at) else _parent(at)
        return tuple(found)

    def process_ids(self, folder: str) -> set[str]:
        """The ids of the processes in the files below ``folder``, as written (without reading them)."""
        ids: set[str] = set()
        for path in find_files([folder or os.curdir]):
            try:
                with open(path, "rb") as stream:
                    ids.update(m.decode("utf-8", "replace") for m in _PROCESS_ID.findall(stream.read()))
            except OSError:
                continue
        return ids


def team_change_problems(scenario: Scenario, catalog: Catalog) -> list[Problem]:
    """The problems of the team changes of ``scenario``: each names a team of ``catalog``."""
    team_changes = [c for c in scenario.changes if c.kind in TEAM_CHANGES]
    path = scenario.location.file
    if not team_changes:
        return []
    end = Step("end", "end", "end", Location(path))
    holder = Process("", "", path, Location(path), "end", {"end": end}, catalog)
    return changes.apply(holder, [dataclasses.replace(c, process="") for c in team_changes])[1]


def _named_processes(scenarios: Iterable[Scenario], known: set[str]) -> Iterable[Problem]:
    for scenario in scenarios:
        for change in scenario.changes:
            if change.process is not None and change.process not in known:
                yield Problem(change.location, f"the change '{change.kind}' names process '{change.process}', "
                                               f"which no process file below this folder holds"
                                               f"{suggest(change.process, known, 'process')}")


def neighbours(files: Iterable[str]) -> list[str]:
    """The catalogs that may apply to ``files``: the YAML files without a ``process:`` key beside
    them and in the folders above them up to the project root (an output never replaces one)."""
    found: dict[str, None] = {}
    for folder in dict.fromkeys(os.path.dirname(path) for path in files):
        here: str | None = folder
        while here is not None:
            try:
                found.update((os.path.join(here, n), None) for n in sorted(os.listdir(here or os.curdir)) if _is_yaml(n))
            except OSError:
                pass
            here = None if _is_root(here) else _parent(here)
    return [path for path in found if os.path.isfile(path) and _may_be_catalog(path)]


def _unreadable_folder(exc: OSError) -> None:
    """A folder that cannot be listed is never skipped silently: its files may be processes."""
    folder = exc.filename or "?"
    raise ProcessWalkError(Problem(Location(folder), f"cannot read the folder ({exc.strerror}); give yourself "
                                   "read permission (chmod u+rx), or name the folders to check"))


def _is_yaml(name: str) -> bool:
    """Hidden files (``.pre-commit-config.yaml``, the config file) are never processes or catalogs."""
    return name.endswith(SUFFIXES) and not name.startswith(".")


def _parent(folder: str) -> str | None:
    """The folder above ``folder`` (relative paths climb with '..'), None at the top of the disk."""
    parent = os.path.normpath(os.path.join(folder, os.pardir))
    return None if os.path.abspath(parent) == os.path.abspath(folder) else parent


def _is_root(folder: str) -> bool:
    return any(os.path.exists(os.path.join(folder, n)) for n in (".git", *CONFIG_NAMES))


def _context_files(folder: str) -> list[str]:
    """The files of ``folder`` that may be catalogs or scenario files: those without ``process:``."""
    try:
        names = sorted(os.listdir(folder or os.curdir))
    except OSError:
        return []
    files = [os.path.normpath(os.path.join(folder, n)) for n in names if _is_yaml(n)]
    return [f for f in files if os.path.isfile(f) and _may_be_catalog(f)]


def _may_be_catalog(path: str) -> bool:
    """False for a file that is surely a process, without parsing it: a worker reads only its own share."""
    try:
        return not files.is_process(files.read_bytes(path))
    except ProcessWalkError:
        return True  # let loading report why it cannot be read


def load_paths(paths: Sequence[str], *, records: bool = True) -> Loaded:
    """Load every process under ``paths`` with the catalogs that apply to it.

    Many files are shared among worker processes; the result is the same, in the same order.
    ``records=False`` only checks: ``processes`` stays empty, which spares sending every
    process back from the workers (that would cost as much as building it).
    """
    loaded, kept = load_each(paths, _keep if records else _drop)
    return replace(loaded, processes=tuple(p for p in kept if p is not None))


def load_each(paths: Sequence[str], then: Callable[[Process], T]) -> tuple[Loaded, list[T]]:
    """Load every process under ``paths`` and apply ``then`` to each where it was built.

    Many files are shared among worker processes, each of which loads its share
    and applies ``then``, so only what ``then`` returns comes back (give a
    module-level function or a :func:`functools.partial` of one, which pickles).
    The results are in the order of the files; the :class:`Loaded` holds no
    process records.
    """
    files = find_files(paths)
    with collector.paused(freeze=True):
        results = _load_all(files, then)
    twice = duplicate_ids([ident for _, _, ident in results if ident is not None])
    problems = {problem for _, found, _ in results for problem in found} | set(twice)
    shared = {problem.location.file for problem in twice}
    made = [result for built, _, ident in results if not (ident and ident[1].file in shared) for result in built]
    return Loaded((), tuple(sorted(problems)), tuple(files), len(made)), made


def catalogs(paths: Sequence[str]) -> dict[str, Catalog]:
    """Every catalog file that applies to the files below ``paths`` (in their folders and the folders
    above, up to the project root, as loading finds them), built; their problems are left to loading."""
    session = _Session()
    found: dict[str, Catalog] = {}
    seen: set[str] = set()
    for folder in dict.fromkeys(os.path.dirname(path) for path in find_files(paths)):
        here: str | None = folder
        while here is not None and os.path.abspath(here) not in seen:
            seen.add(os.path.abspath(here))
            found.update((name, session.catalog(name)[0]) for name in session.context(here)[0])
            here = None if _is_root(here) else _parent(here)
    return found


def duplicate_ids(idents: Sequence[_Ident]) -> list[Problem]:
    """A process id declared by several files is a problem in each, naming the others: their findings
    would be pooled and their pages would overwrite each other."""
    places: dict[str, list[Location]] = {}
    for ident, location in idents:
        places.setdefault(ident, []).append(location)
    return [Problem(here, f"process id '{ident}' is also used at "
                          f"{', '.join(str(there) for there in found if there != here)}; give each process "
                          "its own id (one process per id: they would share findings and pages)")
            for ident, found in places.items() if len(found) > 1 for here in found]


def _keep(process: Process) -> Process | None:
    return process


def _drop(process: Process) -> Process | None:
    return None


def _load_all(files: Sequence[str], then: Callable[[Process], T]) -> list[_Result[T]]:
    workers = min(parallel.cpus(), len(files) // FILES_PER_WORKER)
    if workers < 2:
        return _load_share(files, then)
    # A few shares per worker: a worker that finishes early takes the next, and the results of each
    # share come back (and are unpickled here) while the workers go on.  Each share reads the
    # catalogs of its folders once.
    size = -(-len(files) // (workers * SHARES_PER_WORKER))
    shares = [files[i:i + size] for i in range(0, len(files), size)]
    # The catalogs are read here, once, rather than by every share (each would look at every file
    # of its folders to find them).
    session = _Session()
    for folder in dict.fromkeys(os.path.dirname(path) for path in files):
        session.folder_catalog(folder)
    with ProcessPoolExecutor(workers, mp_context=parallel.context()) as pool:
        return [result for share in pool.map(_load_share, shares, [then] * len(shares), [session] * len(shares))
                for result in share]


def _load_share(files: Sequence[str], then: Callable[[Process], T],
                session: _Session | None = None) -> list[_Result[T]]:
    session = session or _Session()
    results = (_load_one(session, path) for path in files)
    return [((then(process),) if process is not None else (), found, ident) for process, found, ident in results]


def _load_one(session: _Session, path: str) -> tuple[Process | None, list[Problem], _Ident | None]:
    doc = session.document(path)
    if isinstance(doc, ProcessWalkError):
        return None, list(doc.problems), None
    kind = build.kind_of(doc.root)
    if kind == "catalog":
        return None, [*session.catalog(path)[1], *session.folder_catalog(os.path.dirname(path))[1]], None
    if kind == "scenarios":
        return None, [*session.scenario_file(path)[1], *session.folder_catalog(os.path.dirname(path))[1]], None
    if kind == "other":
        return None, [_not_a_process(path, doc)], None
    assert isinstance(doc.root, Map)
    process, found = _build_one(session, path, doc.root)
    declared = doc.root.entries["process"]
    ident = declared.raw if isinstance(declared, Scalar) and declared.value is not None else None
    return process, found, (ident, Location(path, declared.line, declared.column)) if ident else None


def _build_one(session: _Session, path: str, root: Map) -> tuple[Process | None, list[Problem]]:
    shared, problems = session.folder_catalog(os.path.dirname(path))
    reader = Reader(path)
    process = build.read_process(reader, root, shared)
    found = [*problems, *reader.problems]
    if process is not None:
        found.extend(validate.check(process, rule_ids()))
        if len(found) == len(problems):  # its scenarios are tried on a process that holds
            scenarios = (*process.scenarios, *session.folder_scenarios(os.path.dirname(path)))
            found.extend(p for s in scenarios for p in changes.apply(process, s.changes)[1])
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
    return tuple(RULES)


def shared_scenarios(paths: Sequence[str], extra: Sequence[str] = ()) -> tuple[tuple[Scenario, ...], list[Problem]]:
    """The scenarios of the scenario files that apply to the process files under ``paths``, and of
    the scenario files ``extra`` (given on the command line), with the problems of those files."""
    session = _Session()
    folders = dict.fromkeys(os.path.dirname(path) for path in find_files(paths))
    found = {s.location: s for folder in folders for s in session.folder_scenarios(folder)}
    problems: list[Problem] = []
    for path in extra:
        doc = session.document(path)
        if isinstance(doc, ProcessWalkError):
            problems.extend(doc.problems)
        elif build.kind_of(doc.root) != "scenarios":
            problems.append(Problem(Location(path, 1, 1), "not a scenario file; a scenario file has "
                                                          "'scenarios:' at its top level and no 'process:'"))
        else:
            scenarios, more = session.scenario_file(path)
            found.update((s.location, s) for s in scenarios)
            problems.extend(more)
    return tuple(found.values()), problems
