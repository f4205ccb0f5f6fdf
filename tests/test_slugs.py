"""Ids from names (processwalk/slugs.py)."""
from __future__ import annotations

import pytest

from processwalk.slugs import slugify, unique_ids


@pytest.mark.parametrize(("name", "slug"), [
    ("Take in charge ticket", "take-in-charge-ticket"),
    ("T07-1 Draft intern advice aspect 1", "t07-1-draft-intern-advice-aspect-1"),
    ("Ärger über Äpfel", "arger-uber-apfel"),
    ("  --Close--  ", "close"),
    ("???", "step"),
    ("日本", "step"),
    ("X-ray", "step-x-ray"),  # an 'x-' key is the user's own, never a step
    ("a" * 150, "a" * 90),  # ids have at most 100 characters; room is left for '-2'
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_unique_ids() -> None:
    assert unique_ids(["Close", "close", "CLOSE!", "end"], taken=["end"]) == {
        "Close": "close", "close": "close-2", "CLOSE!": "close-3", "end": "end-2"}
