"""The repository stands alone: the tests and benchmarks read nothing outside the clone."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "tests" / "data" / "eventlogs"


def sources() -> list[Path]:
    """The code and build files of the tests, benchmarks, scripts and CI (test data aside)."""
    files = [ROOT / "Makefile", ROOT / "setup.cfg", ROOT / "pyproject.toml", ROOT / ".ci" / "run"]
    files += sorted((ROOT / "scripts").iterdir()) + sorted((ROOT / "bench").glob("*.py"))
    files += sorted(p for p in (ROOT / "tests").rglob("*.py") if "data" not in p.relative_to(ROOT).parts)
    return [p for p in files if p.is_file() and p != Path(__file__).resolve()]


def test_no_test_or_bench_reads_outside_the_clone() -> None:
    outside = re.compile(r"/work/|\.\./shared|[\"'/]shared[\"']\s*/|parent\s*/\s*[\"']shared")
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in sources()
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if outside.search(line)]
    assert offenders == []


def test_every_shipped_log_is_cited_with_its_checksum() -> None:
    readme = (LOGS / "README.md").read_text(encoding="utf-8")
    logs = sorted(p for p in LOGS.iterdir() if p.name != "README.md")
    assert [p.name for p in logs] == ["helpdesk.xes.gz", "receipt.csv", "receipt.xes.gz"]
    for log in logs:
        assert f"`{log.name}`" in readme
        assert f"{hashlib.sha256(log.read_bytes()).hexdigest()}  {log.name}" in readme
    assert "Verenich" in readme and "Buijs, J.C.A.M." in readme and "4TU.ResearchData" in readme


def test_the_shipped_bpmn_models_are_cited_with_their_licence() -> None:
    readme = (ROOT / "tests" / "data" / "bpmn" / "README.md").read_text(encoding="utf-8")
    assert "bpmn-miwg/bpmn-miwg-test-suite" in readme and "commit bc9f858" in readme
    assert "Creative Commons Attribution 3.0" in readme and "CC BY 3.0" in readme
