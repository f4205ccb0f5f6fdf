"""The file breaks the format contract.

Every problem ``processwalk validate`` reports is an ``invalid`` finding: an
unknown key, a duration without a unit, a step nobody reaches, a loop with no way
out.  A process with invalid findings is not analysed, since its figures would
mean nothing.  This rule has no thresholds and is always an error.

Remedy: none; the file is mended, not priced.

Failing (an unknown team)::

    call-in: {kind: contact, team: frontlien, next: done}

Passing::

    call-in: {kind: contact, team: front, next: done}
"""
from __future__ import annotations

from processwalk.rule_defaults import RULES

ID = "invalid"
SEVERITY, DEFAULTS = RULES[ID]
