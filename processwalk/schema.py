"""The JSON Schema of the process format, shipped in the package (``process.schema.json``).

``processwalk schema`` prints it and ``processwalk init`` writes it into a starting folder.
"""
from __future__ import annotations

from importlib import resources


def text() -> str:
    return resources.files("processwalk").joinpath("process.schema.json").read_text(encoding="utf-8")
