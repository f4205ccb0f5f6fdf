"""Numbers and units for people (processwalk.formatting): each figure's text, exactly."""
from __future__ import annotations

import pytest

from processwalk import formatting


@pytest.mark.parametrize(("hours", "text"), [
    (0, "0"), (0.005, "18s"), (0.25, "15m"), (3.5, "3.5h"), (50, "2.1d"), (24 * 30, "30.0d"), (24 * 1234.5, "1,234.5d"),
])
def test_format_hours(hours: float, text: str) -> None:
    assert formatting.format_hours(hours) == text


@pytest.mark.parametrize(("hours", "unit", "text"), [
    (1080, "d", "45.0d"), (48, "d", "2.0d"), (0, "d", "0"), (0.05, "d", "0.0021d"),
    (0.25, "m", "15m"), (0.005, "m", "18s"), (1.5, "h", "1.5h"), (168 * 3, "w", "3.0w"), (-36, "d", "-1.5d"),
    (24 * 1234.5, "d", "1,234.5d"),
])
def test_format_in_one_unit(hours: float, unit: str, text: str) -> None:
    assert formatting.format_in(hours, unit) == text


def test_figures_compared_together_share_the_unit_of_the_largest() -> None:
    assert formatting.format_together(48, 1080) == ("2.0d", "45.0d")
    assert formatting.format_together(0.5, 3) == ("0.5h", "3.0h")
    assert formatting.format_together(0.1, 0.5) == ("6m", "30m")
    assert formatting.format_together(48, unit="h") == ("48.0h",)


def test_a_figure_against_its_promise_is_in_the_promises_unit() -> None:
    # 7.4d = 177.6h against 7d = 168h: days, never "177.6h against 7.0d"
    assert formatting.format_against(177.6, 168) == ("7.4d", "7.0d")
    # 720.7h against 720h reads 30.0d both at one decimal: 30.03d against 30.00d
    assert formatting.format_against(720.7, 720) == ("30.03d", "30.00d")
    assert formatting.format_against(0.75, 0.5) == ("45m", "30m")
    assert formatting.format_against(30, 12, "d") == ("1.2d", "0.5d")


@pytest.mark.parametrize("fmt, value, expected", [
    (formatting.hours, None, "not declared"), (formatting.hours, float("nan"), "not declared"), (formatting.hours, 36.0, "1.5d"),
    (formatting.pct, 0.123, "12%"), (formatting.pct, 0.004, "0.4%"), (formatting.pct, 0.0, "0%"), (formatting.pct, None, "not declared"),
    (formatting.hours, -2.4, "-2.4h"), (formatting.per_case, -0.001, "0.00"), (formatting.per_case, 1.666, "1.67"), (formatting.per_case, 12.34, "12.3"), (formatting.per_case, None, "not declared"),
    (formatting.big, 1_873_472.3, "1.87 M"), (formatting.big, 12_345.6, "12,346"), (formatting.big, 4.56, "4.6"),
    (formatting.big, None, "not declared"), (formatting.days, 2.0, "2.0d"), (formatting.days, None, "not declared"),
])
def test_formatting(fmt: object, value: float | None, expected: str) -> None:
    assert fmt(value) == expected  # type: ignore[operator]


@pytest.mark.parametrize("value, fmt, expected", [
    (-2.4, formatting.hours, "saves 2.4h"), (2.4, formatting.hours, "2.4h"), (-0.5, formatting.per_case, "saves 0.50"),
    (-0.001, formatting.per_case, "0.00"), (-0.01, formatting.big, "0.0"), (-393.2, formatting.big, "saves 393"),
    (None, formatting.big, "not declared"), (float("-inf"), formatting.hours, "not declared"),
])
def test_a_figure_a_policy_takes_away_reads_as_a_saving(value: float | None, fmt: object, expected: str) -> None:
    assert formatting.added_by(value, fmt) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value, expected", [(1_872_608.4, "1,872,608"), (-0.4, "0"), (-12.6, "-13"), (0.0, "0")])
def test_whole_figures_never_read_minus_zero(value: float, expected: str) -> None:
    assert formatting.whole(value) == expected


@pytest.mark.parametrize("value, expected", [(7305.0, "+7,305"), (-12.0, "-12"), (0.4, "0"), (-0.4, "0")])
def test_a_signed_whole_figure(value: float, expected: str) -> None:
    assert formatting.signed_whole(value) == expected


def test_the_words_for_a_missing_figure() -> None:
    # not declared: what the figure needs is not in the files; n/a: the figure does not exist (a share of
    # nothing); unbounded: it grows without bound
    assert (formatting.pct(None), formatting.share(None), formatting.hours(float("inf"))) == (
        "not declared", "n/a", "unbounded")
    assert (formatting.share(0.004), formatting.share(0.98), formatting.share(0.0)) == ("0.4%", "98%", "0%")


def test_one_unit_per_kind_chosen_from_the_largest() -> None:
    # lead times 45d (1,080h) and 2h: days for both; waits of 30m and 20m: minutes; None and unbounded
    # figures take no part in the choice
    units = formatting.PageUnits.of({formatting.LEAD: [1080.0, 2.0, None, float("inf")],
                                     formatting.WAIT: [0.5, 1 / 3]})
    assert (units.show(1080.0, formatting.LEAD), units.show(2.0, formatting.LEAD)) == ("45.0d", "0.1d")  # 2 / 24 = 0.083
    assert (units.show(0.5, formatting.WAIT), units.show(1 / 3, formatting.WAIT)) == ("30m", "20m")
    assert (units.show(None, formatting.LEAD), units.show(float("inf"), formatting.LEAD)) == (
        "not declared", "unbounded")
    # a difference in the unit of its figure: -30m of a 45d lead time is -0.021d (0.5 / 24)
    assert (units.signed(-0.5, formatting.LEAD), units.signed(48.0, formatting.LEAD)) == ("-0.021d", "+2.0d")
    assert units.signed(0.0, formatting.LEAD) == "0"
    # a kind the page did not announce: each figure in the unit that suits it alone
    assert units.show(3.0, formatting.AGE) == "3.0h"


def test_the_configured_unit_is_every_kinds() -> None:
    units = formatting.PageUnits.of({formatting.LEAD: [1080.0], formatting.WAIT: [0.5]}, "h")
    assert (units.show(1080.0, formatting.LEAD), units.show(0.5, formatting.WAIT),
            units.show(3.0, formatting.AGE)) == ("1,080.0h", "0.5h", "3.0h")


def test_a_figure_too_small_for_its_unit_keeps_two_digits_never_an_exponent() -> None:
    # 11 seconds in days: 11 / 86,400 = 0.000127
    assert formatting.format_in(11 / 3600, "d") == "0.00013d"
    # one second in days: 1 / 86,400 = 0.0000116
    assert formatting.format_in(1 / 3600, "d") == "0.000012d"


@pytest.mark.parametrize("unit", ["m", "h", "d", "w"])
def test_under_a_second_reads_so_in_every_unit(unit: str) -> None:
    # a queue's predicted wait at a low load: 1.0e-44 hours (4.2e-46 days), and half a second
    assert formatting.format_in(1.0e-44, unit) == "<1s"
    assert formatting.format_in(0.5 / 3600, unit) == "<1s"
    assert formatting.format_in(-0.5 / 3600, unit) == "-<1s"
    assert (formatting.format_hours(1.0e-44), formatting.format_hours(-1.0e-44)) == ("<1s", "-<1s")
