"""YAML in, positioned plain data out: positions, plain values, and every hazard refused."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from processwalk import load as loading
from processwalk.errors import ProcessWalkError
from processwalk.load import Document, Map, Scalar, Seq, load

INVALID = Path(__file__).parent / "data" / "invalid"
TAGS = "is not allowed; write plain values without tags"
KEYS = ("check the indentation: the keys of one mapping start in the same column, and nothing follows a "
        "quoted value or a closed list on its line")


def root(text: str) -> Map:
    document = load("f.yaml", text.encode("utf-8"))
    assert isinstance(document.root, Map)
    return document.root


def problems(data: str | bytes) -> list[str]:
    """Every problem of ``data`` as the command prints it."""
    with pytest.raises(ProcessWalkError) as info:
        load("f.yaml", data if isinstance(data, bytes) else data.encode("utf-8"))
    return [str(problem) for problem in info.value.problems]


def error(line: int, column: int, message: str) -> str:
    return f"f.yaml:{line}:{column}: [error] {message} (invalid)"


# -- positions and values ----------------------------------------------------------------------


def test_values_and_keys_keep_their_1_based_line_and_column() -> None:
    top = root("process: refund\nsteps:\n  call-in:\n    next: [done, close]\n")
    steps = top.entries["steps"]
    assert isinstance(steps, Map)
    assert top.keys["steps"] == Scalar("steps", "steps", 2, 1)
    assert (steps.line, steps.column) == (3, 3)
    assert steps.keys["call-in"][2:4] == (3, 3)
    call_in = steps.entries["call-in"]
    assert isinstance(call_in, Map)
    branches = call_in.entries["next"]
    assert isinstance(branches, Seq) and (branches.line, branches.column) == (4, 11)
    assert [(s.raw, s.line, s.column) for s in branches.items if isinstance(s, Scalar)] == \
        [("done", 4, 12), ("close", 4, 18)]


def test_plain_values_are_read_as_yaml_1_1_but_keep_their_text() -> None:
    values = root("a: no\nb: on\nc: 12\nd: 1.5\ne: 2026-10-01\nf: ~\ng:\nh: 'no'\ni: 0x1F\n").entries
    assert {k: (v.value, v.raw) for k, v in values.items() if isinstance(v, Scalar)} == {
        "a": (False, "no"), "b": (True, "on"), "c": (12, "12"), "d": (1.5, "1.5"),
        "e": (dt.date(2026, 10, 1), "2026-10-01"), "f": (None, "~"), "g": (None, ""), "h": ("no", "no"),
        "i": (31, "0x1F"),
    }
    assert values["a"] == Scalar(False, "no", 1, 4, True)
    assert values["h"] == Scalar("no", "no", 8, 4, False)  # quoted: not plain


@pytest.mark.parametrize(("text", "value"), [
    ("0", 0), ("7", 7), ("-7", -7), ("+1", 1), ("00", 0), ("0755", 493), ("1_000", 1000), ("1:30", 90),
    ("0x1f", 31), ("123456789012345678901", 123456789012345678901),
    ("0.9", 0.9), ("1.", 1.0), ("-1.5", -1.5), (".5", 0.5), ("+2.0", 2.0), ("6.02E+23", 6.02e23),
    ("1.0e+3", 1000.0), ("1_0.5", 10.5), ("1:30.5", 90.5), ("-.inf", float("-inf")), ("1e3", "1e3"),
    ("1.2.3", "1.2.3"),
])
def test_numbers_are_read_as_yaml_1_1_reads_them(text: str, value: object) -> None:
    # Decimal numbers take a shortcut past PyYAML's constructor; it must give what the constructor gives.
    import yaml

    read = root(f"v: {text}\n").entries["v"]
    assert isinstance(read, Scalar) and read.raw == text
    assert (read.value, type(read.value)) == (value, type(value)) == (yaml.safe_load(f"v: {text}")["v"],
                                                                      type(value))


def test_a_date_that_does_not_exist_stays_text_for_the_reader_to_explain() -> None:
    assert root("reviewed: 2019-02-30\n").entries["reviewed"] == Scalar("2019-02-30", "2019-02-30", 1, 11)


def test_plain_tags_are_allowed() -> None:
    values = root("a: !!str 12\nb: ! 12\nc: !!int 7\nd: !!int seven\n").entries
    assert [v.value for v in values.values() if isinstance(v, Scalar)] == ["12", "12", 7, "seven"]


def test_an_empty_file_and_a_file_of_comments_have_no_root() -> None:
    assert load("f.yaml", b"") == Document("f.yaml", None)
    assert load("f.yaml", b"# nothing yet\n") == Document("f.yaml", None)


def test_a_byte_order_mark_is_accepted() -> None:
    assert root("\ufeffprocess: refund\n").keys["process"] == Scalar("process", "process", 1, 1)


def test_reads_the_file_when_no_data_is_given(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("process: refund\n", encoding="utf-8")
    assert load(str(path)).root == Map({"process": Scalar("refund", "refund", 1, 10)},
                                       {"process": Scalar("process", "process", 1, 1)}, 1, 1)


# -- aliases and merges ------------------------------------------------------------------------


def test_aliases_share_the_anchored_value() -> None:
    top = root("base: &team {team: frontline}\nother: *team\n")
    assert top.entries["other"] is top.entries["base"]


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    top = root("base: &b {team: frontline, work: 5m}\nstep:\n  <<: *b\n  work: 10m\n")
    step = top.entries["step"]
    assert isinstance(step, Map)
    assert {k: v.raw for k, v in step.entries.items() if isinstance(v, Scalar)} == \
        {"team": "frontline", "work": "10m"}
    assert list(step.keys) == ["work"]


def test_merge_of_a_list_of_mappings_the_first_wins() -> None:
    top = root("a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc: {<<: [*a, *b]}\n")
    c = top.entries["c"]
    assert isinstance(c, Map)
    assert {k: v.value for k, v in c.entries.items() if isinstance(v, Scalar)} == {"x": 1, "y": 3}


def test_merging_something_else_than_a_mapping() -> None:
    assert problems("a: &a [1]\nb:\n  <<: *a\n") == [
        error(1, 8, "'<<' merges mappings only; write '<<: *anchor' where the anchor is on a mapping")]


def test_an_alias_to_no_anchor() -> None:
    assert problems("a: *nowhere\n") == [
        error(1, 4, "alias '*nowhere' refers to no anchor; write '&nowhere' on an earlier value, or remove "
                    "the alias")]


def test_the_billion_laughs_is_refused() -> None:
    with pytest.raises(ProcessWalkError) as info:
        load(str(INVALID / "alias-bomb.yaml"))
    assert [(p.location.line, p.location.column, p.message) for p in info.value.problems] == [
        (7, 63, "aliases expand to more than 100,000 values; use fewer or smaller aliases")]


def test_aliases_below_the_bound_are_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    # lol1: 10 values + 1 list, then 10 aliases of lol1 expand to 10 * 11 = 110 values
    text = "lol0: &lol0 x\nlol1: &lol1 [" + ", ".join(["*lol0"] * 10) + "]\nlol2: [" + \
        ", ".join(["*lol1"] * 10) + "]\n"
    monkeypatch.setattr(loading, "MAX_ALIAS_EXPANSION", 120)
    assert len(root(text).entries) == 3
    monkeypatch.setattr(loading, "MAX_ALIAS_EXPANSION", 110)
    assert problems(text) == [error(3, 71, "aliases expand to more than 110 values; use fewer or smaller aliases")]


def test_a_recursive_alias_is_refused() -> None:
    assert problems("a: &loop [1, *loop]\n") == [
        error(1, 14, "recursive alias: '*loop' is used inside the value that '&loop' names; an alias must "
                     "refer to a finished value")]


# -- tags --------------------------------------------------------------------------------------


def test_the_python_tag_is_refused_and_runs_nothing() -> None:
    pwned = "/tmp/processwalk-pwned-by-load"
    if os.path.exists(pwned):
        os.remove(pwned)
    assert problems(f'title: !!python/object/apply:os.system ["touch {pwned}"]\n') == [
        error(1, 8, f"tag '!!python/object/apply:os.system' {TAGS}")]
    assert not os.path.exists(pwned)


@pytest.mark.parametrize(("text", "tag", "column"), [
    ("a: !foo x\n", "!foo", 4),
    ("a: !!python/name:os.system x\n", "!!python/name:os.system", 4),
    ("a: !!binary aGVsbG8=\n", "!!binary", 4),
    ("a: !!set {x}\n", "!!set", 4),
    ("a: !!omap [x: 1]\n", "!!omap", 4),
    ("a: !!map [x]\n", "!!map", 4),
    ("a: !!str {x: 1}\n", "!!str", 4),
    ("!foo a: x\n", "!foo", 1),
    ("a: !<tag:example.com,2026:x> x\n", "tag:example.com,2026:x", 4),
])
def test_any_tag_beyond_plain_data_is_refused(text: str, tag: str, column: int) -> None:
    assert problems(text) == [error(1, column, f"tag '{tag}' {TAGS}")]


# -- keys --------------------------------------------------------------------------------------


def test_a_duplicate_key_names_the_first() -> None:
    assert problems("team: a\nwork: 5m\nteam: b\n") == [
        error(3, 1, "duplicate key 'team' (first defined at line 1, column 1); keep one")]


def test_a_key_written_twice_differently_is_a_duplicate() -> None:
    assert problems("on: a\n'on': b\n") == [error(2, 1, "duplicate key 'on' (first defined at line 1, column 1); keep one")]


def test_a_key_must_be_a_word() -> None:
    assert problems("? [a, b]\n: x\n") == [error(1, 3, "a key must be a plain word, not a list or a mapping")]


def test_all_problems_of_a_file_at_once_sorted_by_position() -> None:
    text = "a: !foo x\nsteps:\n  s: {team: a, team: b}\n  t: !bar y\na: 2\n"
    assert problems(text) == [
        error(1, 4, f"tag '!foo' {TAGS}"),
        error(3, 16, "duplicate key 'team' (first defined at line 3, column 7); keep one"),
        error(4, 6, f"tag '!bar' {TAGS}"),
        error(5, 1, "duplicate key 'a' (first defined at line 1, column 1); keep one"),
    ]


# -- bytes and syntax ---------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_point_at_the_first_bad_byte() -> None:
    assert problems(b"process: x\ntitle: R" + b"\xe9clamation\n") == [
        error(2, 9, "the file is not UTF-8 (byte 0xe9); save it as UTF-8")]


def test_the_column_of_a_bad_byte_counts_characters() -> None:
    assert problems("t: é".encode() + b" \xff\n") == [error(1, 6, "the file is not UTF-8 (byte 0xff); save it as UTF-8")]


def test_a_control_character() -> None:
    assert problems("a: b\nc: éé\x07\n") == [
        error(2, 6, "the file contains the control character #x07, which YAML does not allow; remove it "
                    "(use '\\t' or '\\n' inside double quotes if you meant one)")]


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("a: [1, 2\n", 2, 1, "did not find expected ',' or ']'; close the list opened at line 1, column 4 with ']'"),
    ("a: {b: 1\n", 2, 1, "did not find expected ',' or '}'; close the mapping opened at line 1, column 4 with '}'"),
    ("a: b: c\n", 1, 5, ("mapping values are not allowed in this context; put a value that contains ': ' in "
                        "quotes, or check the indentation")),
    ("a:\n  b: 1\n c: 2\n", 3, 2, f"did not find expected key; {KEYS}"),
    ("a: 'x' y\n", 1, 8, f"did not find expected key; {KEYS}"),
    ("- a\nb: 1\n", 2, 1, ("did not find expected '-' indicator; check the indentation: the items of one list "
                          "start in the same column")),
    ("a:\n\tb: c\n", 2, 1, "found character that cannot start any token; indent with spaces, not tabs"),
    ("a: @x\n", 1, 4, ("found character that cannot start any token; a plain value cannot start with '@'; put "
                      "the value in quotes")),
    ('a: "x\n', 2, 1, "found unexpected end of stream; close the quote opened at line 1, column 4"),
    ("a: !x!foo bar\n", 1, 4, "found undefined tag handle; remove the tag: write plain values"),
    ("&a &b x\n", 1, 4, "did not find expected <document start>; check the indentation and the quoting here"),
], ids=repr)
def test_syntax_errors_say_what_to_do(text: str, line: int, column: int, message: str) -> None:
    assert problems(text) == [error(line, column, f"YAML syntax error: {message}")]


def test_two_documents_in_one_file() -> None:
    assert problems("process: a\n---\nprocess: b\n") == [
        error(2, 1, "the file holds more than one YAML document ('---'); put each process or catalog in a "
                    "file of its own")]


def test_problems_found_before_a_syntax_error_are_kept() -> None:
    assert problems("a: !foo x\nb: [1\n") == [
        error(1, 4, f"tag '!foo' {TAGS}"),
        error(3, 1, "YAML syntax error: did not find expected ',' or ']'; close the list opened at line 2, "
                    "column 4 with ']'"),
    ]


# -- nesting -----------------------------------------------------------------------------------

DEEP = ("lists and mappings are nested more than 100 levels deep; a process needs only a few levels: look "
        "for an unclosed '[' or '{'")


def test_nesting_up_to_the_bound_is_fine() -> None:
    assert load("f.yaml", ("a: " + "[" * 99 + "]" * 99).encode()).root is not None


@pytest.mark.parametrize(("text", "column"), [
    # the file's mapping is the first level: the 100th '[' opens the 101st, at column 4 + 99
    ("a: " + "[" * 10_000 + "]" * 10_000, 103),
    ("a: " + "[" * 10_000, 103),
    ("a: " + "[" * 1_000_000, 103),
    ("a: " + "{a: " * 10_000, 4 + 99 * 4),
    ("- " * 10_000 + "x", 1 + 100 * 2),
], ids=["closed", "unclosed", "a million", "mappings", "block lists"])
def test_deep_nesting_is_refused_without_a_crash(text: str, column: int) -> None:
    assert problems(text) == [error(1, column, DEEP)]


def test_too_deep_finds_the_place_for_libyaml_versions_that_refuse_first() -> None:
    # libyaml >= 0.2.6 refuses deep flow nesting while scanning ahead; the fallback scan reports
    # the same place the event count reports with 0.2.5: one block mapping open, the 100th '['.
    from processwalk import load as loader

    problem = loader._too_deep("f.yaml", "a: 'x[' " + "[" * 200, 1)
    assert problem is not None and str(problem) == f"f.yaml:1:108: [error] {loader.TOO_DEEP} (invalid)"
    assert loader._too_deep("f.yaml", "a: [b, c]\n", 1) is None
