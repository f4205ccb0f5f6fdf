"""The one Jinja environment of the reports, and the one module that imports jinja2.

HTML and Markdown pages, and the calibration section, are rendered from the templates of the package
``processwalk.templates`` through it; autoescape is on for every template.
"""
from __future__ import annotations

import importlib.resources
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


@lru_cache(maxsize=1)
def get_env() -> jinja2.Environment:
    """The one Jinja environment: templates from ``processwalk.templates``, autoescape on
    (Markdown templates too), and the ``md`` filter for Markdown text."""
    import jinja2

    from processwalk.render.mdtext import md

    folder = importlib.resources.files("processwalk.templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    return env
