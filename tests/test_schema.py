"""The JSON Schema (for editors) agrees with the validator on the examples."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from processwalk.commands.schema import text

SCHEMA = json.loads(text())
EXAMPLES = sorted(p for p in Path("processes").glob("*.yaml") if not p.name.startswith("."))


def plain(value: Any) -> Any:
    """YAML dates as the strings an editor sees."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_validate_against_the_schema(path: Path) -> None:
    jsonschema.validate(plain(yaml.safe_load(path.read_text())), SCHEMA)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_carry_the_modeline(path: Path) -> None:
    assert path.read_text().startswith("# yaml-language-server: $schema=../processwalk/process.schema.json\n")


@pytest.mark.parametrize("document", [
    {"process": "p", "start": "a", "steps": {"a": {"team": "t", "wait": "5", "next": "b"}, "b": {"kind": "end"}}},
    {"process": "p", "start": "a", "steps": {"a": {"team": "t", "wiat": "5m", "next": "b"}, "b": {"kind": "end"}}},
    {"process": "P Q", "start": "a", "steps": {"a": {"kind": "end"}}},
])
def test_schema_rejects_what_the_validator_rejects(document: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
