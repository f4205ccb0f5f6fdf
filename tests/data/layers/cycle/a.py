"""Imports its sibling at the top."""
from __future__ import annotations

from cycle import b

VALUE = b.VALUE


class Thing:
    pass
