"""The one module jinja2 enters through."""
from __future__ import annotations

import jinja2

ENV = jinja2.Environment(autoescape=True)
