"""processwalk: walk a customer-service process stop by stop and ask "why?" at every stop."""
from __future__ import annotations

__version__ = "0.1.0"
