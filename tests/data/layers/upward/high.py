"""High: nothing above it here."""
from __future__ import annotations

VALUE = 1
