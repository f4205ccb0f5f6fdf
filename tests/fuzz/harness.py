"""Every command over a folder of inputs, in-process through click's ``CliRunner``, and what
each run must never do: an internal error, a traceback, an ANSI escape, a non-finite number,
an output that does not parse, a partial output, a changed input.  Time and memory are measured
by ``bench/bench_hostile.py`` and ``bench/bench_large.py``, never asserted in a test."""
from __future__ import annotations

import hashlib
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from processwalk.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
TODAY = "2026-11-24"
#: a problem line: ``file:line:col: [level] message (rule)``, all on one line
PROBLEM = re.compile(r"^.+:\d+:\d+: \[(error|warning|info)\] .+$")
#: characters no output may hold (XML 1.0 forbids them, terminals act on them)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\x1b]")


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str
    #: wall time, for a look when a run fails; the bound (10 s) is held by bench/bench_hostile.py, not here
    seconds: float


def invoke(*args: str) -> Run:
    start = time.perf_counter()
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Run(tuple(args), result.exit_code, result.stdout, result.stderr, time.perf_counter() - start)


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def process_commands(inputs: Path, process: Path, out: Path, original: Path | None = None) -> list[tuple[str, ...]]:
    """Every command that reads process files, each writing (if at all) into its own place in ``out``."""
    folder, file = str(inputs), str(process)
    commands: list[tuple[str, ...]] = [
        ("validate", folder),
        ("analyze", folder, "--format", "json", "--today", TODAY),
        ("analyze", folder, "--today", TODAY),
        ("walk", file),
        ("check", folder, "--today", TODAY, "--format", "json", "--output", f"sarif={out / 'check.sarif'}",
         "--output", f"junit={out / 'check.xml'}", "--output", f"markdown={out / 'check.md'}"),
        ("check", folder, "--today", TODAY, "--format", "github"),
        ("report", folder, "-o", str(out / "html"), "--today", TODAY),
        ("report", folder, "-o", str(out / "markdown"), "--format", "markdown", "--today", TODAY),
        ("diagram", file, "-o", str(out / "diagram.dot"), "--today", TODAY),
        ("whatif", folder, "--format", "json", "--today", TODAY),
        ("rules", "--config", str(inputs / ".processwalk.yaml")),
    ]
    if original is not None:
        commands.append(("diff", str(original), file, "--format", "json", "--today", TODAY))
    return commands


def log_commands(process: Path, log: Path, out: Path) -> list[tuple[str, ...]]:
    return [("discover", str(log), "-o", str(out / "draft.yaml")),
            ("discover", str(log)),
            ("calibrate", str(process), "--log", str(log), "--format", "json"),
            ("convert", str(log), "-o", str(out / "log.parquet"))]


def run_all(inputs: Path, commands: list[tuple[str, ...]], out: Path) -> list[Run]:
    """Run each command and check it; the inputs must be byte for byte as they were."""
    before = hashes(inputs)
    runs = []
    for args in commands:
        run = invoke(*args)
        check_run(run, out)
        runs.append(run)
    assert hashes(inputs) == before, "an input changed"
    return runs


def check_run(run: Run, out: Path) -> None:
    where = " ".join(run.args)
    text = run.out + run.err
    assert run.code in (0, 1), f"{where}: exit {run.code}\n{run.err}"
    assert "Traceback" not in text and "internal error" not in text, f"{where}:\n{run.err}"
    assert not FORBIDDEN.search(text), f"{where}: a control character in the output: {text!r}"
    for line in text.splitlines():
        if re.match(r"^\S+\.ya?ml:\d+:", line):
            assert PROBLEM.match(line), f"{where}: a problem not on one line: {line!r}"
    if "--format" in run.args and run.args[run.args.index("--format") + 1] == "json" and run.code in (0, 1) and run.out:
        finite_json(run.out, where)
    check_outputs(run, out)


def finite_json(text: str, where: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{where}: {name} in the JSON")

    return json.loads(text, parse_constant=refuse)


def check_outputs(run: Run, out: Path) -> None:
    """Outputs that exist parse; a command that failed on its input left none behind."""
    args, where = run.args, " ".join(run.args)
    written = [Path(a.split("=", 1)[1]) for a in args if "=" in a and a.split("=", 1)[0] in ("sarif", "junit", "markdown")]
    if "-o" in args:
        written.append(Path(args[args.index("-o") + 1]))
    failed = run.code == 1 and args[0] in ("report", "diagram", "discover", "convert")
    for path in written:
        if failed:
            assert not path.exists(), f"{where}: failed but left {path}"
        elif path.exists():
            check_file(path, where)


def check_file(path: Path, where: str) -> None:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if file.suffix == ".parquet":
            continue
        text = file.read_text(encoding="utf-8")
        assert not FORBIDDEN.search(text), f"{where}: a control character in {file.name}"
        if file.suffix == ".sarif":
            sarif_validator().validate(finite_json(text, where))
        elif file.suffix == ".xml":
            ET.fromstring(text)
        elif file.suffix == ".html":
            assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>"), file.name


@lru_cache(maxsize=1)
def sarif_validator() -> Any:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
