"""Durations, distributions and rates, as the format spells them.

Everything is converted to hours (durations) and cases per day (rates).  The
functions raise ``ValueError`` with a message fit for a user; the caller adds
the place.
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple

#: A year of calendar days, the Julian year: every "a year" figure is a day's figure times this.
DAYS_PER_YEAR = 365.25
HOURS = {"s": 1 / 3600, "m": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0, "y": DAYS_PER_YEAR * 24}
#: ``workday``: a working day, five to a week (``120/workday`` is 120 x 5 / 7 cases a calendar day).
PER_DAY = {"hour": 24.0, "day": 1.0, "workday": 5 / 7, "week": 1 / 7, "month": 1 / 30.44, "year": 1 / DAYS_PER_YEAR}
#: z-score of the 90th percentile of the standard normal distribution.
Z90 = 1.2815515655446004

_COMPACT = re.compile(r"(\d+(?:\.\d+)?)([smhdwy])")
_ISO = re.compile(
    r"P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)
_ISO_HOURS = {"y": DAYS_PER_YEAR * 24, "mo": 30.44 * 24, "w": 168.0, "d": 24.0, "h": 1.0, "mi": 1 / 60, "s": 1 / 3600}
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*([a-z]+)")

#: The longest duration the format takes: 100 years, in hours (a longer one is a typo or an attack).
MAX_HOURS = 100 * DAYS_PER_YEAR * 24
#: The largest rate: ten million cases a calendar day.
MAX_PER_DAY = 1e7


class Range(NamedTuple):
    """The sane values of one kind of number: from ``low`` (excluded when ``low_open``) to ``high``.

    Every number of the format is read against its range, so that no figure made from it
    overflows, turns negative or means nothing (a staff of 1e-300, 25 hours a day).
    """

    low: float = 0.0
    high: float = 1e12
    low_open: bool = False

    def refuses(self, value: float) -> str | None:
        """What the value should be, when it is out of the range (None when it is in)."""
        if value < self.low or (self.low_open and value == self.low):
            return f"{'more than' if self.low_open else 'at least'} {self.low:g}"
        if value > self.high:
            return f"at most {self.high:,g}"
        return None


#: Any count or threshold: 0 to a million millions.
ANY = Range()
STAFF = Range(0.01, 1e6)
HOURS_PER_DAY = Range(0.0, 24.0, low_open=True)
DAYS_PER_WEEK = Range(0.0, 7.0, low_open=True)
COST = Range(0.0, 1e6)
COUNT = Range(0.0, 1e9)
CV = Range(0.0, 100.0)

DURATION_HELP = "write a number with a unit (s, m, h, d, w), e.g. '15m', '1h30m', '2d', or ISO 8601 'PT15M'"


class Duration(NamedTuple):
    """A duration in hours, possibly random.

    ``shape`` is ``gamma`` (``{mean, cv}``; cv 1 is the exponential), ``triangular``
    (``params`` = min, mode, max) or ``lognormal`` (``params`` = mu, sigma of log-hours).
    A NamedTuple: two per step, and tuples pickle fast.
    """

    mean: float
    cv: float = 1.0
    shape: str = "gamma"
    params: tuple[float, ...] = ()

    @property
    def variance(self) -> float:
        return (self.cv * self.mean) ** 2


ZERO = Duration(0.0)


def with_mean(duration: Duration, mean: float) -> Duration:
    """``duration`` scaled to ``mean``, its shape kept: the same cv, min/mode/max or p50/p90 in
    proportion; a duration of mean 0 becomes the single figure ``mean``."""
    if duration.mean <= 0 or mean <= 0:
        return fixed(max(mean, 0.0))
    factor = mean / duration.mean
    if duration.shape == "triangular":
        return duration._replace(mean=mean, params=tuple(p * factor for p in duration.params))
    if duration.shape == "lognormal":
        mu, sigma = duration.params
        return duration._replace(mean=mean, params=(mu + math.log(factor), sigma))
    return duration._replace(mean=mean)


def parse_hours(text: str) -> float:
    """``'1h30m'`` -> 1.5; ``'PT15M'`` -> 0.25; raise ``ValueError`` otherwise."""
    text = text.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        if float(text) == 0:
            return 0.0
        raise ValueError(f"'{text}' has no unit; {DURATION_HELP}")
    if text.startswith("-"):
        raise ValueError(f"'{text}' is negative; a duration is 0 or more")
    if text.startswith("P"):
        return _iso_hours(text)
    if not re.fullmatch(r"(?:\d+(?:\.\d+)?[smhdwy])+", text):
        unknown = re.search(r"\d(?:\.\d+)?([A-Za-z]+)", text)
        if unknown and unknown.group(1) not in HOURS:
            raise ValueError(f"unknown unit '{unknown.group(1)}' in '{text}'; {DURATION_HELP}")
        raise ValueError(f"'{text}' is not a duration; {DURATION_HELP}")
    parts = _COMPACT.findall(text)
    twice = next((unit for i, (_, unit) in enumerate(parts) if unit in {u for _, u in parts[:i]}), None)
    if twice:
        raise ValueError(f"'{text}' gives the unit '{twice}' twice; write each unit once, e.g. '1d12h'")
    return bounded(sum(float(number) * HOURS[unit] for number, unit in parts), text)


def bounded(hours: float, text: str) -> float:
    """``hours``, when it is no longer than :data:`MAX_HOURS`."""
    if not hours <= MAX_HOURS:
        raise ValueError(f"'{text}' is longer than 100 years; a duration is at most 100y")
    return hours


def _iso_hours(text: str) -> float:
    match = _ISO.fullmatch(text)
    if not match or text in ("P", "PT") or text.endswith("T"):
        raise ValueError(f"'{text}' is not an ISO 8601 duration; {DURATION_HELP}")
    return bounded(sum(float(v) * _ISO_HOURS[k] for k, v in match.groupdict().items() if v), text)


def fixed(hours: float) -> Duration:
    """The single figure ``2d``: mean 2d, cv 1 (exponential), or a constant 0."""
    return Duration(hours, 1.0 if hours else 0.0)


def mean_cv(mean: float, cv: float) -> Duration:
    if cv < 0:
        raise ValueError(f"cv {cv:g} is negative; a coefficient of variation is 0 or more")
    return Duration(mean, cv if mean else 0.0)


def triangular(low: float, mode: float, high: float) -> Duration:
    if not low <= mode <= high:
        raise ValueError("a triangular duration needs min <= mode <= max")
    mean = (low + mode + high) / 3
    var = (low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18
    return Duration(mean, math.sqrt(var) / mean if mean else 0.0, "triangular", (low, mode, high))


def lognormal(p50: float, p90: float) -> Duration:
    if not 0 < p50 <= p90:
        raise ValueError("a log-normal duration needs 0 < p50 <= p90")
    mu, sigma = math.log(p50), (math.log(p90) - math.log(p50)) / Z90
    if mu + sigma**2 / 2 > math.log(MAX_HOURS):
        raise ValueError("p90 is so far above p50 that the mean would be longer than 100 years")
    mean = math.exp(mu + sigma**2 / 2)
    return Duration(mean, math.sqrt(math.expm1(sigma**2)), "lognormal", (mu, sigma))


def parse_rate(text: str) -> float:
    """``'120/day'`` -> 120.0 cases per day; raise ``ValueError`` otherwise."""
    match = _RATE.fullmatch(text.strip())
    units = ", ".join(PER_DAY)
    if not match:
        raise ValueError(f"'{text}' is not a rate; write a number per unit ({units}), e.g. '120/day'")
    number, unit = match.groups()
    if unit not in PER_DAY:
        raise ValueError(f"unknown rate unit '{unit}' in '{text}'; use one of {units}")
    rate = float(number) * PER_DAY[unit]
    if not rate <= MAX_PER_DAY:
        raise ValueError(f"'{text}' is more than {MAX_PER_DAY:,.0f} cases a day; a rate is at most that")
    return rate
