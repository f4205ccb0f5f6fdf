from __future__ import annotations

import pytest

from processwalk.errors import Location, Problem
from processwalk.text import printable


@pytest.mark.parametrize(("text", "shown"), [
    ("a\x85b", "a\\x85b"), ("a\u2028b\u2029c", "a\\u2028b\\u2029c"), ("\ufffe\uffff", "\\ufffe\\uffff"),
    ("\x1b[31mred", "\\x1b[31mred"), ("nul\x00", "nul\\x00"), ("\x7f", "\\x7f"), ("\r", "\\r"),
    ("\u202eevil", "\\u202eevil"), ("\U0010ffff", "\\U0010ffff"), ("\ud800", "\\ud800"),
])
def test_what_no_output_can_show_is_escaped(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_ordinary_text_is_kept_as_it_is() -> None:
    text = "Héllo <b>&</b> 日本 😀 \U0010fffd\ttab\nline"
    assert printable(text) is text


def test_one_line_escapes_newlines_and_tabs() -> None:
    assert printable("a\nb\tc", lines=False) == "a\\nb\\tc"


def test_a_problem_is_always_one_line() -> None:
    problem = Problem(Location("odd\nname.yaml", 2, 3), "unknown key 'a\nb\u2028c'")
    assert str(problem) == "odd\\nname.yaml:2:3: [error] unknown key 'a\\nb\\u2028c' (invalid)"


def test_costs_in_the_summary_carry_the_currency() -> None:
    from processwalk.assess import assess
    from processwalk.config import load_config
    from processwalk.render import text as render

    summary = render.summary(assess(["processes/billing-credit.yaml"], load_config("processes/.processwalk.yaml")))
    assert "      impact: 38,698 customer-days/yr; 6,506 staff-hours/yr; cost 218,455 EUR/yr\n" in summary
    assert " lead time 44.4d against a promise of 10.0d (sla-breach)\n" in summary
