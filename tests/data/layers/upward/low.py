"""Low, yet it calls up into high."""
from __future__ import annotations


def value() -> int:  # pragma: no cover - never run
    from upward.high import VALUE

    return VALUE
