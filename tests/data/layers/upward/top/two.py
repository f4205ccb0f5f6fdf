"""Another command: it imports a lower layer, which is fine."""
from __future__ import annotations

from upward.high import VALUE

NAME = f"two {VALUE}"
