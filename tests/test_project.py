"""Finding files, catalogs by folder, and loading many files the same way in one process or several."""
from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from processwalk import parallel, project
from processwalk.project import find_files, load_paths

DATA = Path(__file__).parent / "data"
STEPS = "start: a\nsteps:\n  a: {team: front, next: b}\n  b: {kind: end}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty project: its config file marks the root, so no catalog above it applies."""
    write(tmp_path / ".processwalk.yaml", "")
    return tmp_path


def lines(paths: list[str]) -> list[str]:
    return [str(p) for p in load_paths(paths).problems]


# -- files -------------------------------------------------------------------------------------


def test_files_in_a_stable_order_without_hidden_ones(root: Path) -> None:
    for name in ("b.yaml", "a.yml", "notes.txt", ".pre-commit-config.yaml", "sub/c.yaml", ".hidden/d.yaml"):
        write(root / name, "x: 1\n")
    assert find_files([str(root)]) == [str(root / n) for n in ("a.yml", "b.yaml", "sub/c.yaml")]


def test_a_file_named_twice_is_read_once(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(root / "sub" / "a.yaml", "x: 1\n")
    monkeypatch.chdir(root / "sub")
    assert find_files(["a.yaml", "../sub/a.yaml", str(root)]) == ["a.yaml"]


def test_a_file_that_cannot_be_read(root: Path) -> None:
    (root / "gone.yaml").symlink_to(root / "nowhere.yaml")
    assert lines([str(root)]) == [(f"{root}/gone.yaml: [error] cannot read the file (No such file or directory); "
                                  "check that it is a readable file (invalid)")]


# -- catalogs by folder ------------------------------------------------------------------------


def test_a_process_in_a_subfolder_sees_the_catalogs_of_its_folder_and_above() -> None:
    loaded = load_paths([str(DATA / "valid" / "project")])
    assert loaded.problems == ()
    credit = next(p for p in loaded.processes if p.id == "billing-credit")
    assert sorted(credit.teams) == ["back-office", "billing-desk", "frontline"]
    assert sorted(credit.policies) == ["credit-approval"]
    top = next(p for p in loaded.processes if p.id == "address-change")
    assert sorted(top.teams) == ["back-office", "frontline"] and not top.policies


def test_a_catalog_applies_below_its_folder_only(root: Path) -> None:
    write(root / "billing" / "catalog.yaml", "teams:\n  front: {name: Front}\n")
    process = write(root / "delivery" / "p.yaml", "process: p\n" + STEPS)
    assert lines([str(process)]) == [(f"{process}:4:13: [error] unknown team 'front'; no teams are defined; define "
                                     "it under 'teams:' in a catalog file or in the process (invalid)")]


def test_catalogs_above_the_project_root_do_not_apply(tmp_path: Path) -> None:
    write(tmp_path / "catalog.yaml", "teams:\n  front: {name: Front}\n")
    write(tmp_path / "project" / ".processwalk.yaml", "")
    process = write(tmp_path / "project" / "p.yaml", "process: p\n" + STEPS)
    assert [p.message for p in load_paths([str(process)]).problems] == [
        "unknown team 'front'; no teams are defined; define it under 'teams:' in a catalog file or in the process"]


def test_relative_paths_climb_to_the_catalogs_above(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(root / "catalog.yaml", "teams:\n  front: {name: Front}\n")
    write(root / "a" / "b" / "p.yaml", "process: p\n" + STEPS)
    monkeypatch.chdir(root / "a" / "b")
    loaded = load_paths(["p.yaml"])
    assert (loaded.problems, [p.id for p in loaded.processes]) == ((), ["p"])


def test_a_conflict_names_both_places_once(root: Path) -> None:
    first = write(root / "a.yaml", "teams:\n  front: {name: Front, staff: 4}\n")
    second = write(root / "b.yaml", "teams:\n  front: {name: Front, staff: 5}\n")
    write(root / "p.yaml", "process: p\n" + STEPS)
    expected = [(f"{second}:2:3: [error] team 'front' is also defined, differently, at {first}:2:3; keep one "
                "definition or give them different ids (invalid)")]
    assert lines([str(root)]) == expected
    assert lines([str(second)]) == expected  # also when only the catalogs are checked


def test_a_process_id_used_twice_names_both_places_and_builds_neither(root: Path) -> None:
    first = write(root / "a.yaml", "process: p\n" + STEPS.replace("team: front", "team: front, work: 5m"))
    second = write(root / "sub" / "b.yaml", "# a copy\nprocess: p\n" + STEPS)
    write(root / "c.yaml", "process: q\n" + STEPS)
    write(root / "catalog.yaml", "teams: {front: {name: Front}}\n")
    loaded = load_paths([str(root)])
    hint = "give each process its own id (one process per id: they would share findings and pages) (invalid)"
    assert [str(p) for p in loaded.problems] == [
        f"{first}:1:10: [error] process id 'p' is also used at {second}:2:10; {hint}",
        f"{second}:2:10: [error] process id 'p' is also used at {first}:1:10; {hint}",
    ]
    assert ([p.id for p in loaded.processes], loaded.built) == (["q"], 1)  # nothing pooled under 'p'


def test_catalog_problems_are_reported_with_the_catalog(root: Path) -> None:
    catalog = write(root / "catalog.yaml", "teams:\n  front: {name: Front, staf: 4}\n")
    write(root / "p.yaml", "process: p\n" + STEPS)
    assert lines([str(root)]) == [(f"{catalog}:2:24: [error] unknown key 'staf' in team 'front'; did you mean "
                                  "'staff'? (invalid)")]


def test_a_file_that_looks_like_a_process_is_not_read_as_a_catalog(root: Path) -> None:
    assert not project._may_be_catalog(str(write(root / "p.yaml", "# x\nprocess: p\nteams: {}\n")))
    assert project._may_be_catalog(str(write(root / "c.yaml", "teams:\n  t: {name: process: x}\n")))
    assert project._may_be_catalog(str(write(root / "q.yaml", '"process": p\n')))  # parsed to be sure


# -- loading many ------------------------------------------------------------------------------


def test_many_files_load_the_same_in_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = load_paths([str(DATA)])
    monkeypatch.setattr(project, "FILES_PER_WORKER", 2)
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    shared = load_paths([str(DATA)])
    assert shared.problems == alone.problems and shared.files == alone.files
    assert [p.id for p in shared.processes] == [p.id for p in alone.processes]
    assert shared.built == alone.built == len(alone.processes) > 0


def test_only_checking_keeps_no_records() -> None:
    loaded = load_paths([str(DATA / "valid")], records=False)
    assert (loaded.processes, loaded.problems, loaded.built) == ((), (), 4)


def test_loading_leaves_the_cycle_collector_as_it_was() -> None:
    import gc

    assert gc.isenabled()
    load_paths([str(DATA / "valid")])
    assert gc.isenabled()
    gc.disable()
    try:
        load_paths([str(DATA / "valid")])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_workers_fork_on_linux_and_count_the_cpus_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    from processwalk import parallel

    assert parallel.context().get_start_method() == "fork" and parallel.forks()
    assert parallel.cpus() == len(os.sched_getaffinity(0))
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not parallel.forks()
    assert parallel.context().get_start_method() == multiprocessing.get_start_method()


def test_a_folder_that_vanished_has_no_catalogs(monkeypatch: pytest.MonkeyPatch) -> None:
    def gone(folder: str) -> list[str]:
        raise FileNotFoundError(folder)

    monkeypatch.setattr("os.listdir", gone)
    assert project._context_files("somewhere") == []
    assert project._may_be_catalog("/no/such/file.yaml")  # loading will say why it cannot be read


def test_problems_of_one_file_and_paths_for_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_paths([str(DATA / "invalid" / "unreachable.yaml"), str(DATA / "invalid" / "empty.yaml")])
    assert [p.location.line for p in loaded.problems_of(str(DATA / "invalid" / "empty.yaml"))] == [1]
    monkeypatch.chdir(DATA)
    assert project.relative(str(DATA / "valid")) == "valid"
    assert project.relative("/") == "/"
