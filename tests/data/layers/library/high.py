"""Imports a library that the architecture does not list."""
from __future__ import annotations

import yaml

LOAD = yaml.safe_load
