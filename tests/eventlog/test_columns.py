from __future__ import annotations

from pathlib import Path

import pytest

from processwalk.errors import ProcessWalkError
from processwalk.eventlog.columns import Columns, load_columns

from .conftest import Write


def problems(path: Path) -> str:
    with pytest.raises(ProcessWalkError) as caught:
        load_columns(path)
    return caught.value.format_message()


def test_defaults_are_the_xes_names() -> None:
    assert Columns() == Columns(
        "case:concept:name", "concept:name", "time:timestamp", "org:resource", "org:group",
        "lifecycle:transition", None,
    )
    assert Columns(group=None).named() == {
        "case": "case:concept:name", "activity": "concept:name", "timestamp": "time:timestamp",
        "resource": "org:resource", "lifecycle": "lifecycle:transition",
    }
    assert Columns(resource="Agent").is_default("case")
    assert not Columns(resource="Agent").is_default("resource")


def test_mapping_file_overrides_what_it_names(write: Write) -> None:
    path = write("columns.yaml", "case: Ticket\nactivity: Step\ntimestamp_format: '%d-%m-%Y %H:%M'\n"
                                 "group: null\n")
    assert load_columns(path) == Columns(case="Ticket", activity="Step", group=None,
                                         timestamp_format="%d-%m-%Y %H:%M")


def test_every_problem_of_a_mapping_file_at_once(write: Write) -> None:
    path = write("columns.yaml", "case: [a, b]\nactivty: Step\ntimestamp: null\nx-note: mine\nzzz: 1\n")
    assert problems(path) == (
        f"{path}:1:7: [error] 'case' must be a column name (text) (invalid)\n"
        f"{path}:2:1: [error] unknown key 'activty'; did you mean 'activity'? expected one of: case,"
        " activity, timestamp, resource, group, lifecycle, timestamp_format (invalid)\n"
        f"{path}:3:12: [error] 'timestamp' cannot be empty; give a column name (invalid)\n"
        f"{path}:5:1: [error] unknown key 'zzz'; expected one of: case, activity, timestamp, resource,"
        " group, lifecycle, timestamp_format (invalid)"
    )


def test_a_key_given_twice(write: Write) -> None:
    # refused by processwalk.load, in the words it uses for every YAML file
    path = write("columns.yaml", "case: A\ncase: B\n")
    assert problems(path) == (f"{path}:2:1: [error] duplicate key 'case' (first defined at line 1, column 1);"
                              " keep one (invalid)")


def test_timestamp_format_cannot_be_null(write: Write) -> None:
    path = write("columns.yaml", "timestamp_format: ~\n")
    assert problems(path) == (f"{path}:1:19: [error] 'timestamp_format' cannot be empty; give a strptime"
                              " format or nothing (invalid)")


@pytest.mark.parametrize("text", ["- case\n- activity\n", "", "just text\n"])
def test_not_a_mapping(write: Write, text: str) -> None:
    path = write("columns.yaml", text)
    assert problems(path) == (f"{path}:1:1: [error] expected a mapping of roles to column names,"
                              " such as 'case: Ticket' (invalid)")


def test_invalid_yaml(write: Write) -> None:
    path = write("columns.yaml", "case: Ticket\n  activity: [Step\n")
    assert problems(path) == (f"{path}:2:11: [error] YAML syntax error: mapping values are not allowed in this"
                              " context; put a value that contains ': ' in quotes, or check the indentation"
                              " (invalid)")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert problems(path) == (f"{path}: [error] cannot read the file (No such file or directory); check that it "
                              "is a readable file (invalid)")
