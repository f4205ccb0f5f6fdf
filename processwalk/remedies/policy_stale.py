"""Remedy of ``policy-stale``: remove the policy, exactly as its friction is measured."""
from __future__ import annotations

from processwalk.remedies.policies import without as remedies

RULE = "policy-stale"
__all__ = ["RULE", "remedies"]
