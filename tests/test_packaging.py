"""The package as installed: every subpackage is listed, the schema ships, the CLI is thin."""
from __future__ import annotations

import configparser
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_setup_cfg() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "processwalk").rglob("__init__.py")}
    assert found | {"processwalk.templates"} == listed


def test_schema_command_prints_the_shipped_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "processwalk", "schema"], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = ("import sys; from processwalk.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('numpy', 'scipy', 'networkx', 'jinja2', 'graphviz', 'duckdb') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"
