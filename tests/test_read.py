"""Typed reading of positioned values: what is taken, and the message for what is not."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import pytest

from processwalk import units
from processwalk.load import Map, Node, load
from processwalk.read import Reader, describe, suggest

T = TypeVar("T")
DURATION = "write a number with a unit (s, m, h, d, w), e.g. '15m', '1h30m', '2d', or ISO 8601 'PT15M'"
SHAPES = "a distribution is {mean: 2d, cv: 0.5}, {min: 5m, mode: 10m, max: 40m} or {p50: 10m, p90: 40m}"


def value(text: str) -> Node:
    """The value of ``v: <text>``, which starts at line 1, column 4."""
    root = load("f.yaml", f"v: {text}\n".encode()).root
    assert isinstance(root, Map)
    return root.entries["v"]


def read(method: Callable[[Reader, Node], T], text: str) -> tuple[T, list[str]]:
    """What ``method`` reads from ``v: <text>``, and the problems it reports."""
    reader = Reader("f.yaml")
    return method(reader, value(text)), [str(p) for p in reader.problems]


def error(column: int, message: str, line: int = 1) -> list[str]:
    return [f"f.yaml:{line}:{column}: [error] {message} (invalid)"]


# -- suggestions -------------------------------------------------------------------------------


def test_suggest_the_nearest_id() -> None:
    assert suggest("frontlien", ["back-office", "frontline"], "team") == "; did you mean 'frontline'?"


def test_suggest_lists_the_known_ids_when_none_is_near() -> None:
    assert suggest("warehouse", ["frontline", "back-office"], "team") == "; known teams: back-office, frontline"
    assert suggest("x", ["b", "a"], "policy") == "; known policies: a, b"


def test_suggest_says_when_nothing_is_defined() -> None:
    assert suggest("crm", [], "system") == "; no systems are defined"


def test_suggest_shows_twelve_ids_at_most() -> None:
    known = [f"team-{n:02d}" for n in range(20)]
    assert suggest("zzz", known, "team") == "; known teams: " + ", ".join(known[:12]) + ", ..."


@pytest.mark.parametrize(("text", "shown"), [("{a: 1}", "a mapping"), ("[1]", "a list"), ("", "nothing"),
                                             ("no", "'no'")])
def test_describe(text: str, shown: str) -> None:
    assert describe(value(text)) == shown


# -- structure ---------------------------------------------------------------------------------


def test_unknown_keys_get_the_nearest_and_x_keys_pass() -> None:
    reader = Reader("f.yaml")
    node = value("{tema: a, x-mine: b, zzz: c}")
    assert isinstance(node, Map)
    reader.keys(node, ("team", "name"), "step 'a'")
    assert [str(p) for p in reader.problems] == [
        "f.yaml:1:5: [error] unknown key 'tema' in step 'a'; did you mean 'team'? (invalid)",
        "f.yaml:1:25: [error] unknown key 'zzz' in step 'a'; known keys: name, team (invalid)",
    ]


def test_mapping_list_and_required_key() -> None:
    assert read(lambda r, n: r.mapping(n, "'teams'"), "[a]") == \
        (None, error(4, "'teams' should be a mapping of keys to values, not a list"))
    assert read(lambda r, n: r.items(n, "'systems'"), "crm") == ((), error(4, "'systems' should be a list, not 'crm'"))
    node = value("{a: 1}")
    assert isinstance(node, Map)
    reader = Reader("f.yaml")
    assert reader.require(node, "to", "a branch", "say where it goes") is None
    assert [str(p) for p in reader.problems] == error(4, "a branch has no 'to'; say where it goes")


# -- text, ids, numbers, booleans, dates -------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("no", "no"), ("on", "on"), ("off", "off"), ("yes", "yes"), ("12", "12"), ("1.5", "1.5"),
    ("2026-10-01", "2026-10-01"), ("'quoted'", "quoted"), ("Customer asks", "Customer asks"),
])
def test_text_is_taken_as_written(text: str, expected: str) -> None:
    assert read(lambda r, n: r.string(n, "name"), text) == (expected, [])


def test_text_missing() -> None:
    # an empty value has no text to point at: the place is right after the key's ':'
    assert read(lambda r, n: r.string(n, "name"), "") == (None, error(3, "name should be text, not nothing"))
    assert read(lambda r, n: r.string(n, "name"), "[a]") == (None, error(4, "name should be text, not a list"))


def test_ids() -> None:
    assert read(lambda r, n: r.ident(n, "step id"), "call-in-2") == ("call-in-2", [])
    assert read(lambda r, n: r.ident(n, "step id"), "Call In!") == ("Call In!", error(
        4, "'Call In!' is not a valid step id; use lowercase letters, digits and '-', e.g. 'call-in'"))
    assert read(lambda r, n: r.ident(n, "step id"), "'!!'")[1] == error(
        4, "'!!' is not a valid step id; use lowercase letters, digits and '-', e.g. 'my-id'")


@pytest.mark.parametrize(("text", "expected"), [("40", 40.0), ("7.5", 7.5), ("1e-3", 0.001), ("+5", 5.0)])
def test_numbers(text: str, expected: float) -> None:
    assert read(lambda r, n: r.number(n, "staff"), text) == (expected, [])


@pytest.mark.parametrize(("text", "shown"), [("yes", "'yes'"), ("forty", "'forty'"), (".inf", "'.inf'"),
                                             (".nan", "'.nan'"), ("[40]", "a list")])
def test_not_numbers(text: str, shown: str) -> None:
    assert read(lambda r, n: r.number(n, "staff"), text) == (None, error(4, f"staff should be a number, not {shown}"))


def test_number_bounds() -> None:
    assert read(lambda r, n: r.number(n, "hours_per_day", units.HOURS_PER_DAY), "0") == \
        (None, error(4, "hours_per_day should be more than 0, not 0"))
    assert read(lambda r, n: r.number(n, "cost"), "-3") == (None, error(4, "cost should be at least 0, not -3"))


@pytest.mark.parametrize(("text", "within", "message"), [
    ("25", units.HOURS_PER_DAY, "should be at most 24, not 25"),
    ("8", units.DAYS_PER_WEEK, "should be at most 7, not 8"),
    ("1e-300", units.STAFF, "should be at least 0.01, not 1e-300"),
    ("1e+308", units.STAFF, "should be at most 1e+06, not 1e+308"),
    ("1" + "0" * 100, units.COUNT, "should be at most 1e+09, not 1e+100"),
    ("1e13", units.ANY, "should be at most 1e+12, not 1e+13"),
    ("1" * 400, units.ANY, "should be at most 1e+12, not inf"),
])
def test_every_kind_of_number_has_a_range(text: str, within: units.Range, message: str) -> None:
    assert read(lambda r, n: r.number(n, "x", within), text) == (None, error(4, f"x {message}"))


@pytest.mark.parametrize(("text", "hint"), [
    ("190:20:30", " in plain decimal digits (YAML 1.1 reads '1:30' in base 60, '010' in base 8)"),
    ("010", " in plain decimal digits (YAML 1.1 reads '1:30' in base 60, '010' in base 8)"),
    ("0x1f", " in plain decimal digits (YAML 1.1 reads '1:30' in base 60, '010' in base 8)"),
    ("1_000", " in plain decimal digits (YAML 1.1 reads '1:30' in base 60, '010' in base 8)"),
    ("!!str 5", " without quotes or a tag"),
    ("'40'", " without quotes or a tag"),
])
def test_numbers_yaml_reads_otherwise_are_refused(text: str, hint: str) -> None:
    """YAML 1.1 reads '190:20:30' as 685,230 and '010' as 8: never a figure taken silently."""
    found, problems = read(lambda r, n: r.number(n, "staff"), text)
    assert found is None
    shown = text.split(" ")[-1] if text.startswith("!!") else text.strip("'")
    assert problems == error(4, f"staff should be a number{hint}, not '{shown}'")


def test_booleans() -> None:
    assert read(lambda r, n: r.boolean(n, "refusal"), "yes") == (True, [])
    assert read(lambda r, n: r.boolean(n, "refusal"), "maybe") == \
        (None, error(4, "refusal should be true or false, not 'maybe'"))


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-10-01", dt.date(2026, 10, 1)), ("2026-10-01 10:30:00", dt.date(2026, 10, 1)),
    ("'2026-10-01'", dt.date(2026, 10, 1)),
])
def test_dates(text: str, expected: dt.date) -> None:
    assert read(lambda r, n: r.date(n, "as_of"), text) == (expected, [])


def test_a_date_that_does_not_exist() -> None:
    assert read(lambda r, n: r.date(n, "as_of"), "2026-02-30") == (None, error(
        4, "as_of '2026-02-30' is not a real date (day is out of range for month); write year-month-day, "
           "e.g. 2026-10-01"))


@pytest.mark.parametrize(("text", "shown"), [("03/01/2026", "'03/01/2026'"), ("2026-1-5", "'2026-1-5'"),
                                             ("", "nothing"), ("[2026]", "a list")])
def test_not_dates(text: str, shown: str) -> None:
    assert read(lambda r, n: r.date(n, "as_of"), text) == (None, error(
        3 if text == "" else 4, f"as_of should be a date written year-month-day, like 2026-10-01, not {shown}"))


# -- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "hours"), [
    ("0", 0.0), ("45s", 45 / 3600), ("15m", 0.25), ("1h30m", 1.5), ("2d", 48.0), ("1w", 168.0),
    ("PT15M", 0.25), ("P2D", 48.0), ("P1DT12H", 36.0),
])
def test_duration_figures(text: str, hours: float) -> None:
    figure, found = read(lambda r, n: r.hours(n, "wait"), text)
    assert found == []
    assert figure == pytest.approx(hours)


@pytest.mark.parametrize(("text", "message"), [
    ("15", f"bad wait: '15' has no unit; {DURATION}"),
    ("1.5", f"bad wait: '1.5' has no unit; {DURATION}"),
    ("-2d", "bad wait: '-2d' is negative; a duration is 0 or more"),
    ("2days", f"bad wait: unknown unit 'days' in '2days'; {DURATION}"),
    ("3x", f"bad wait: unknown unit 'x' in '3x'; {DURATION}"),
    ("1h 30m", f"bad wait: '1h 30m' is not a duration; {DURATION}"),
    ("PT", f"bad wait: 'PT' is not an ISO 8601 duration; {DURATION}"),
    ("no", f"bad wait: 'no' is not a duration; {DURATION}"),
    ("", "wait should be a duration like '2d', not nothing"),
    ("[2d]", "wait should be a duration like '2d', not a list"),
])
def test_bad_durations(text: str, message: str) -> None:
    assert read(lambda r, n: r.duration(n, "wait"), text) == (None, error(3 if text == "" else 4, message))


def test_a_single_figure_is_a_mean_with_cv_1_and_zero_is_constant() -> None:
    assert read(lambda r, n: r.duration(n, "wait"), "2d") == (units.Duration(48.0, 1.0), [])
    assert read(lambda r, n: r.duration(n, "wait"), "0") == (units.Duration(0.0, 0.0), [])


def test_distributions_of_each_shape() -> None:
    def shape(text: str) -> units.Duration | None:
        duration, problems = read(lambda r, n: r.duration(n, "wait"), text)
        assert problems == []
        return duration

    assert shape("{mean: 2d, cv: 0.5}") == units.Duration(48.0, 0.5)
    assert shape("{mean: 2d}") == units.Duration(48.0, 1.0)
    assert shape("{mean: 2d, cv: 0.5, x-source: survey}") == units.Duration(48.0, 0.5)
    triangular = shape("{min: 5m, mode: 10m, max: 40m}")
    assert triangular is not None and triangular.shape == "triangular"
    assert triangular.mean == pytest.approx((5 + 10 + 40) / 3 / 60)  # (min + mode + max) / 3, in hours
    lognormal = shape("{p50: 10m, p90: 40m}")
    assert lognormal is not None and lognormal.shape == "lognormal"


@pytest.mark.parametrize(("text", "column", "message"), [
    ("{mean: 2d, sd: 1d}", 15, f"unknown key 'sd' in the distribution of wait; {SHAPES}"),
    ("{maen: 2d}", 5, f"unknown key 'maen' in the distribution of wait; did you mean 'mean'?; {SHAPES}"),
    ("{min: 5m, max: 40m}", 4, f"the distribution of wait has min, max but no 'mode'; {SHAPES}"),
    ("{cv: 0.5}", 4, f"the distribution of wait has cv but no 'mean'; {SHAPES}"),
    ("{mean: 2d, p90: 4d}", 4, f"the distribution of wait has mean, p90, which do not go together; {SHAPES}"),
    ("{}", 4, f"the distribution of wait has no keys but no 'mean'; {SHAPES}"),
    ("{min: 20m, mode: 10m, max: 40m}", 4,
     "bad wait: a triangular duration needs min <= mode <= max, not min '20m', mode '10m', max '40m'"),
    ("{p50: 40m, p90: 10m}", 4, "bad wait: a log-normal duration needs 0 < p50 <= p90, not p50 '40m', p90 '10m'"),
    ("{mean: 2d, cv: -1}", 19, "wait cv should be at least 0, not -1"),
    ("{mean: 2, cv: 1}", 11, f"bad wait mean: '2' has no unit; {DURATION}"),
])
def test_bad_distributions(text: str, column: int, message: str) -> None:
    assert read(lambda r, n: r.duration(n, "wait"), text) == (None, error(column, message))


# -- rates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "per_day"), [("120/day", 120.0), ("15/hour", 360.0), ("700/week", 100.0),
                                               ("30.44/month", 1.0), ("365.25/year", 1.0), ("5 / day", 5.0)])
def test_rates(text: str, per_day: float) -> None:
    figure, found = read(lambda r, n: r.rate(n, "demand"), text)
    assert found == []
    assert figure == pytest.approx(per_day)


@pytest.mark.parametrize(("text", "message"), [
    ("120", ("bad demand: '120' is not a rate; write a number per unit (hour, day, workday, week, month, year), e.g. "
            "'120/day'")),
    ("120/fortnight", ("bad demand: unknown rate unit 'fortnight' in '120/fortnight'; use one of hour, day, workday, week, "
                      "month, year")),
    ("", "demand should be a rate like '120/day', not nothing"),
])
def test_bad_rates(text: str, message: str) -> None:
    assert read(lambda r, n: r.rate(n, "demand"), text) == (None, error(3 if text == "" else 4, message))


def test_no_id_when_there_is_no_text() -> None:
    assert read(lambda r, n: r.ident(n, "step id"), "[a]") == (None, error(4, "step id should be text, not a list"))
    assert Reader("f.yaml").ident(None, "step id") is None
