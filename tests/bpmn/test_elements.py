"""The values of written BPMN elements as text (processwalk/bpmn/elements.py)."""
from __future__ import annotations

from processwalk.bpmn.elements import iso, probability
from processwalk.yamltext import exact as number


def test_numbers_read_back_as_themselves_without_exponents() -> None:
    assert [number(x) for x in (1080.0, 0.05, 1e-05, 1 / 3, 1e16)] == [
        "1080", "0.05", "0.00001", "0.3333333333333333", "10000000000000000"]
    assert float(number(1 / 3)) == 1 / 3
    assert iso(3 / 60) == "PT0.05H"
    assert probability(1 - 0.8) == "0.2"  # 0.19999999999999996 to twelve digits
