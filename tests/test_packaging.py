"""The package as installed: every subpackage is listed, the schema ships, the CLI is thin."""
from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_the_sdist_and_the_wheel_build_and_pass_twine_check(tmp_path: Path) -> None:
    """``python -m build`` on a copy of the repository's files (tracked or not ignored), then
    ``twine check --strict``: both are ready to publish, and the wheel holds the templates and schema."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    source = tmp_path / "source"
    for name in listed:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    version = subprocess.run([sys.executable, "-c", "import processwalk; print(processwalk.__version__)"],
                             capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    sdist, wheel = tmp_path / "dist" / f"processwalk-{version}.tar.gz", \
        tmp_path / "dist" / f"processwalk-{version}-py3-none-any.whl"
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [wheel.name, sdist.name]
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist), str(wheel)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"processwalk/process.schema.json", "processwalk/py.typed", "processwalk/templates/report.css",
            "processwalk/templates/process.html.j2", "processwalk/starter/address-change.yaml",
            f"processwalk-{version}.dist-info/licenses/LICENSE"} <= names
    with tarfile.open(sdist) as archive:
        assert f"processwalk-{version}/LICENSE" in archive.getnames()
