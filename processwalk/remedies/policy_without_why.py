"""Remedy of ``policy-without-why``: remove the policy, exactly as its friction is measured."""
from __future__ import annotations

from processwalk.remedies.policies import without as remedies

RULE = "policy-without-why"
__all__ = ["RULE", "remedies"]
