"""Ids from names, for the files processwalk drafts (``discover``, ``import``): 'Close ticket' is
the step 'close-ticket', and a second one 'close-ticket-2'."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from processwalk.read import MAX_ID


def slugify(text: str, default: str = "step") -> str:
    """An id from a name: lowercase ASCII letters, digits and '-' (``default`` when none is left),
    at most ``MAX_ID - 10`` characters (room for a '-2' suffix), and never an ``x-`` key, which
    the format keeps for the user's own keys: 'X-ray' is the step 'step-x-ray'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or default
    if slug.startswith("x-"):
        slug = f"{default}-{slug}"
    return slug[:MAX_ID - 10].rstrip("-")


def unique_ids(names: Iterable[str], taken: Iterable[str] = (), default: str = "step") -> dict[str, str]:
    """A unique slug for each name, in order: 'close', 'close-2', ..."""
    used, ids = set(taken), {}
    for name in names:
        base = slugify(name, default)
        ident, number = base, 1
        while ident in used:
            number += 1
            ident = f"{base}-{number}"
        used.add(ident)
        ids[name] = ident
    return ids
