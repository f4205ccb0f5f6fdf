"""``pytest.approx`` where a record's field wants a float."""
from __future__ import annotations

from typing import cast

import pytest


def near(expected: float, *, rel: float | None = None, abs: float | None = None) -> float:
    """``pytest.approx(expected)``, typed as the float it stands for, so that it can sit in a record the
    test compares whole: ``Wait(1.0, near(0.75), ...) == wait`` compares that field approximately (the
    record's ``==`` compares field by field, and ``approx`` is on the right of each)."""
    return cast(float, pytest.approx(expected, rel=rel, abs=abs))
