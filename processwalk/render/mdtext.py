"""Text made safe for Markdown: the ``md`` filter of the Markdown templates and the what-if tables.

It sits apart from :mod:`~processwalk.render.markdown` because the Jinja environment
(:mod:`~processwalk.render.html`) and the what-if tables (:mod:`~processwalk.render.whatif`), which
the Markdown pages build on, need it too.
"""
from __future__ import annotations

import re

from markupsafe import Markup

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(value: object) -> Markup:
    """Text safe in Markdown, in a table cell too: ``& < >`` as entities, Markdown marks
    (backslash, backtick, ``* _ [ ] | ~``) escaped with a backslash, line breaks folded."""
    text = _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    return Markup("".join(_ENTITIES.get(c, c) for c in text))
