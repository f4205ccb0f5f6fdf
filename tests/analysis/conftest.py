from __future__ import annotations

from collections.abc import Callable

import pytest

from processwalk.model import Process

from .helpers import load_process

ProcessFrom = Callable[..., Process]


@pytest.fixture
def process_from() -> ProcessFrom:
    """``process_from(yaml_text, catalog_text=CATALOG) -> Process``, asserting no problems."""
    return load_process
