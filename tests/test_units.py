from __future__ import annotations

import math

import pytest

from processwalk import units


@pytest.mark.parametrize(("text", "hours"), [
    ("45s", 45 / 3600), ("15m", 0.25), ("1h30m", 1.5), ("2d", 48.0), ("1w", 168.0), ("0", 0.0),
    ("1.5h", 1.5), ("1d12h", 36.0), ("1y", 8766.0),
    ("PT15M", 0.25), ("P2D", 48.0), ("P1DT2H", 26.0), ("PT1H30M", 1.5), ("P1W", 168.0), ("PT45S", 0.0125),
])
def test_parse_hours(text: str, hours: float) -> None:
    assert units.parse_hours(text) == pytest.approx(hours)


@pytest.mark.parametrize(("text", "message"), [
    ("5", "'5' has no unit; " + units.DURATION_HELP),
    ("-2d", "'-2d' is negative; a duration is 0 or more"),
    ("3x", "unknown unit 'x' in '3x'; " + units.DURATION_HELP),
    ("2 d", "'2 d' is not a duration; " + units.DURATION_HELP),
    ("1h30", "'1h30' is not a duration; " + units.DURATION_HELP),
    ("P", "'P' is not an ISO 8601 duration; " + units.DURATION_HELP),
    ("PT", "'PT' is not an ISO 8601 duration; " + units.DURATION_HELP),
    ("1d1d", "'1d1d' gives the unit 'd' twice; write each unit once, e.g. '1d12h'"),
    ("101y", "'101y' is longer than 100 years; a duration is at most 100y"),
    ("9999999w", "'9999999w' is longer than 100 years; a duration is at most 100y"),
    ("1" + "0" * 400 + "h", "'1" + "0" * 400 + "h' is longer than 100 years; a duration is at most 100y"),
    ("P101Y", "'P101Y' is longer than 100 years; a duration is at most 100y"),
])
def test_parse_hours_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        units.parse_hours(text)
    assert str(error.value) == message


@pytest.mark.parametrize(("text", "per_day"), [
    ("120/day", 120.0), ("15/hour", 360.0), ("800/week", 800 / 7), ("3044/month", 100.0),
    ("365.25/year", 1.0), ("120 / day", 120.0),
    ("120/workday", 120 * 5 / 7),  # 5 working days a week: 600 a week, 85.71 a calendar day
])
def test_parse_rate(text: str, per_day: float) -> None:
    assert units.parse_rate(text) == pytest.approx(per_day)


def test_parse_rate_errors() -> None:
    with pytest.raises(ValueError, match=r"^unknown rate unit 'fortnight' in '3/fortnight'; use one of "
                                         r"hour, day, workday, week, month, year$"):
        units.parse_rate("3/fortnight")
    with pytest.raises(ValueError, match=r"^'lots' is not a rate; write a number per unit"):
        units.parse_rate("lots")


def test_single_figure_is_exponential() -> None:
    assert units.fixed(48.0) == units.Duration(48.0, 1.0)
    assert units.fixed(0.0) == units.Duration(0.0, 0.0)


def test_triangular_moments() -> None:
    # min 5, mode 10, max 40: mean (5+10+40)/3 = 18.333;
    # variance (25+100+1600-50-200-400)/18 = 1075/18 = 59.72, sd 7.728, cv 7.728/18.333 = 0.4215
    d = units.triangular(5, 10, 40)
    assert d.mean == pytest.approx(55 / 3)
    assert d.cv == pytest.approx(math.sqrt(1075 / 18) / (55 / 3))
    with pytest.raises(ValueError, match="min <= mode <= max"):
        units.triangular(10, 5, 40)


def test_lognormal_from_percentiles() -> None:
    # p50 1h, p90 4h: mu = ln 1 = 0, sigma = ln 4 / 1.28155 = 1.08173;
    # mean = exp(sigma^2 / 2) = exp(0.585070) = 1.795118; cv = sqrt(exp(sigma^2) - 1) = 1.490789
    d = units.lognormal(1.0, 4.0)
    assert d.params == pytest.approx((0.0, math.log(4) / units.Z90))
    assert d.mean == pytest.approx(1.795118, rel=1e-6)
    assert d.cv == pytest.approx(1.490789, rel=1e-6)


def test_mean_cv() -> None:
    assert units.mean_cv(48.0, 0.5).variance == pytest.approx(576.0)
    with pytest.raises(ValueError, match="cv -1 is negative"):
        units.mean_cv(1.0, -1.0)


def test_the_longest_duration_is_100_years() -> None:
    assert units.parse_hours("100y") == 100 * 365.25 * 24  # 876,600 h


def test_a_lognormal_whose_mean_passes_100_years_is_refused() -> None:
    # p50 1s, p90 10y: sigma = ln(10 * 8766 * 3600) / 1.2816 = 15.39, mean = 1s * exp(sigma^2 / 2), 10^51 h
    with pytest.raises(ValueError, match="the mean would be longer than 100 years"):
        units.lognormal(1 / 3600, 10 * 8766)


def test_a_rate_is_at_most_ten_million_a_day() -> None:
    assert units.parse_rate("10000000/day") == 1e7
    with pytest.raises(ValueError, match="'10000001/day' is more than 10,000,000 cases a day"):
        units.parse_rate("10000001/day")
