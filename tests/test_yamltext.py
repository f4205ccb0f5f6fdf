"""The hand-written text of the process format (processwalk/yamltext.py)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from processwalk.yamltext import (
    count,
    duration_text,
    exact,
    figure_text,
    number,
    p_text,
    quoted,
    rate_text,
    scalar,
    short_p,
    token,
)


@pytest.mark.parametrize(("hours", "text"), [
    (0.0, "0"), (0.1 / 3600, "0"), (30 / 3600, "30s"), (90 / 3600, "1.5m"), (12.5 / 60, "12.5m"),
    (3.2, "3.2h"), (47.0, "47h"), (48.0, "2d"), (702.9, "29.3d"), (24 * 1234.4, "1234d"),
])
def test_duration_text(hours: float, text: str) -> None:
    assert duration_text(hours) == text


@pytest.mark.parametrize(("per_day", "text"), [
    (3.2344, "3.23/day"), (150.4, "150/day"), (0.5, "3.5/week"), (0.05, "1.52/month"), (0.01, "3.65/year"),
])
def test_rate_text(per_day: float, text: str) -> None:
    assert rate_text(per_day) == text


@pytest.mark.parametrize(("name", "block", "flow"), [
    ("Take in charge ticket", "Take in charge ticket", "Take in charge ticket"),
    ("Group 1", "Group 1", "Group 1"),
    ("a, b", "a, b", '"a, b"'),
    ("yes", '"yes"', '"yes"'),
    ("Check: stock", '"Check: stock"', '"Check: stock"'),
    ("12 things", '"12 things"', '"12 things"'),
    ("say \"hi\"", '"say \\"hi\\""', '"say \\"hi\\""'),
    ("Prüfung", "Prüfung", "Prüfung"),
    ("trailing ", '"trailing "', '"trailing "'),
])
def test_names_are_quoted_when_needed(name: str, block: str, flow: str) -> None:
    assert scalar(name) == block
    assert scalar(name, flow=True) == flow


@pytest.mark.parametrize(("text", "written"), [
    ("check-credit", "check-credit"),
    ("check->fix", "check->fix"),      # a place: from one step to another
    ("2d", "2d"),                      # a duration
    ("v1.2_a", "v1.2_a"),
    ("Team lead", '"Team lead"'),      # prose is quoted: a token has no spaces
    ("no", '"no"'),                    # a YAML 1.1 boolean
    ("a->b->c", '"a->b->c"'),
    ("-x", '"-x"'),
    ("", '""'),
])
def test_tokens_are_plain_and_everything_else_quoted(text: str, written: str) -> None:
    assert token(text) == written


def test_quoted_text_escapes_what_no_output_shows() -> None:
    # JSON's escapes for the quote and the backslash; the line separator U+2028 would break the line
    assert quoted('say "hi" \\ now\u2028then') == '"say \\"hi\\" \\\\ now\\u2028then"'
    assert quoted("Prüfung") == '"Prüfung"'


@pytest.mark.parametrize(("x", "exactly", "rounded"), [
    (2.0, "2", "2"),
    (0.5, "0.5", "0.5"),
    (1e-05, "0.00001", "0.00001"),
    (1 / 3, "0.3333333333333333", "0.333333"),
    (1234567.0, "1234567", "1234567"),
    (1e-07, "0.0000001", "0"),         # six places: 0.0000001 rounds to 0
    (3, "3", "3"),
])
def test_numbers(x: float, exactly: str, rounded: str) -> None:
    assert (exact(x), number(x)) == (exactly, rounded)


def test_short_probabilities() -> None:
    # four places, or two significant digits under 0.00005; never an exponent when written
    assert short_p(0.95724) == Decimal("0.9572")
    assert short_p(0.000004999) == Decimal("0.0000050")
    assert p_text(short_p(0.000004999)) == "0.000005"
    assert p_text(Decimal("0.5000")) == "0.5"


@pytest.mark.parametrize(("x", "text"), [
    (3.14159, "3.14"), (99.4, "99.4"), (99.5, "100"), (1234.5, "1234"), (0.000123, "0.000123"),
    (0.0000001234, "0"),  # 1.23e-07: six places at most, no exponent
])
def test_figure_text(x: float, text: str) -> None:
    assert figure_text(x) == text


def test_count() -> None:
    assert [count(1, "case"), count(4580, "case"), count(2, "activity")] == ["1 case", "4,580 cases", "2 activities"]
