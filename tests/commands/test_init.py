"""``processwalk init DIR``: the starting folder, which validates, and never a file replaced without --force."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import yaml

from processwalk.schema import text
from tests.conftest import Run

FILES = [".processwalk.yaml", ".vscode/settings.json", "process.schema.json", "processes/address-change.yaml",
         "processes/catalog.yaml"]


def written(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def wrote(folder: Path) -> str:
    return "".join(f"wrote {folder}/{name}\n" for name in FILES) + (
        f"next: describe a process in {folder}/processes/address-change.yaml, then run "
        f"'processwalk validate {folder}'\n")


def test_init_writes_the_starting_folder(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "walks"
    assert run("init", str(folder)) == (0, "", wrote(folder))
    assert written(folder) == FILES


def test_what_init_writes_validates(run: Run, tmp_path: Path) -> None:
    run("init", str(tmp_path))
    assert run("validate", str(tmp_path)) == (0, "", "1 process(es) valid in 2 file(s)\n")
    code, out, _ = run("analyze", str(tmp_path / "processes"), "--format", "json")
    assert code == 0 and [p["id"] for p in json.loads(out)["processes"]] == ["address-change"]


def test_the_configuration_is_found_and_read(run: Run, tmp_path: Path) -> None:
    run("init", str(tmp_path))
    code, out, err = run("rules", "handoff-chain", "--config", str(tmp_path / ".processwalk.yaml"))
    assert code == 0 and "thresholds: max = 4" in out


def test_the_editor_finds_the_schema_by_settings_and_by_modeline(tmp_path: Path, run: Run) -> None:
    run("init", str(tmp_path))
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    assert settings == {"yaml.schemas": {"./process.schema.json": "processes/**/*.yaml"}}
    assert (tmp_path / "process.schema.json").read_text() == text()
    for name in ("address-change.yaml", "catalog.yaml"):
        first = (tmp_path / "processes" / name).read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../process.schema.json"


def test_the_process_and_the_catalog_validate_against_the_schema(tmp_path: Path, run: Run) -> None:
    run("init", str(tmp_path))
    schema = json.loads(text())
    for name in ("address-change.yaml", "catalog.yaml"):
        document = yaml.safe_load((tmp_path / "processes" / name).read_text())
        jsonschema.validate(json.loads(json.dumps(document, default=dt.date.isoformat)), schema)


def test_init_replaces_no_existing_file_without_force(run: Run, tmp_path: Path) -> None:
    (tmp_path / "processes").mkdir()
    (tmp_path / "processes" / "catalog.yaml").write_text("teams: {mine: {}}\n")
    (tmp_path / ".processwalk.yaml").write_text("today: 2026-01-01\n")
    code, out, err = run("init", str(tmp_path))
    assert (code, out, err) == (2, "", (
        f"Error: {tmp_path}/.processwalk.yaml already exists; name another file, or add --force to replace it\n"
        f"{tmp_path}/processes/catalog.yaml already exists; name another file, or add --force to replace it\n"
        "init wrote nothing: choose an empty folder, or add --force to replace the files\n"))
    assert written(tmp_path) == [".processwalk.yaml", "processes/catalog.yaml"]
    assert (tmp_path / "processes" / "catalog.yaml").read_text() == "teams: {mine: {}}\n"


def test_init_replaces_the_files_with_force(run: Run, tmp_path: Path) -> None:
    run("init", str(tmp_path))
    (tmp_path / "processes" / "catalog.yaml").write_text("teams: {mine: {}}\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    assert run("init", str(tmp_path), "--force") == (0, "", wrote(tmp_path))
    assert written(tmp_path) == sorted([*FILES, "notes.txt"])
    assert (tmp_path / "processes" / "catalog.yaml").read_text().startswith("# yaml-language-server")


def test_init_writes_into_no_folder_in_place_of_a_file(run: Run, tmp_path: Path) -> None:
    (tmp_path / "processes").write_text("a file\n")
    code, _, err = run("init", str(tmp_path))
    assert code == 2
    assert err.startswith(f"Error: cannot write {tmp_path}/processes/address-change.yaml (")
    assert written(tmp_path) == ["processes"]


def test_init_is_listed_first_among_the_commands(run: Run) -> None:
    out = run("--help")[1]
    assert out.index("  init ") < out.index("  validate ")
