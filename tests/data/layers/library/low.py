"""Builds its own Jinja environment, inside a function."""
from __future__ import annotations


def env() -> object:  # pragma: no cover - never run
    import os.path

    import jinja2

    return jinja2.Environment(autoescape=os.path.isdir("."))
