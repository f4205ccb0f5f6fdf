"""Python's cycle collector, paused while a run builds many records that hold no cycles.

Loading 1,000 files, or writing the SARIF of 39,000 findings, makes hundreds of
thousands of small records; the collector would scan them again and again (it
halved the speed of loading and cost a sixth of the SARIF writing) and find
nothing, as frozen dataclasses, tuples and plain dicts of values form no cycles.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """No cycle collection inside; ``freeze`` moves what exists at the end out of every later
    collection's way (the loaded records, which live as long as the run)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
