"""Imports a back, for a type only."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import a

VALUE = os.sep


def other() -> type[a.Thing]:  # pragma: no cover - never run
    raise NotImplementedError
