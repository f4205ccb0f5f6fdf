"""A command that imports another command."""
from __future__ import annotations

from upward.top.two import NAME

TITLE = NAME.title()
