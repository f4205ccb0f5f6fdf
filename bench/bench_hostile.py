"""Every command over every hostile and invalid input, with its time and peak memory (issue 14).

Run ``python bench/bench_hostile.py``.  For each file of ``tests/data/hostile`` (and its logs) and
of ``tests/data/invalid``, each command that reads it runs in a child process on a copy; printed:
the number of runs, the slowest and the most memory-hungry (peak resident set, imports included),
and every run over the targets: under 10 s and 1 GB each.  The exit codes and messages themselves
are held by ``tests/fuzz/test_hostile.py``; the exit status here is 1 when a target is missed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS, MEGABYTES = 10.0, 1024.0
LOG = ROOT / "tests" / "data" / "eventlogs" / "receipt.csv"


def process_commands(folder: Path, file: Path, out: Path) -> list[list[str]]:
    f, d = str(file), str(folder)
    return [["validate", d], ["analyze", d, "--format", "json"], ["walk", f], ["whatif", d],
            ["check", d, "--output", f"sarif={out / 'c.sarif'}", "--output", f"junit={out / 'c.xml'}"],
            ["report", d, "-o", str(out / "html")], ["report", d, "-o", str(out / "md"), "--format", "markdown"],
            ["diagram", f, "-o", str(out / "d.svg")], ["diff", f, f],
            ["calibrate", f, "--log", str(LOG), "--format", "json"]]


def log_commands(log: Path, out: Path) -> list[list[str]]:
    process = str(ROOT / "processes" / "refund-sendback.yaml")
    return [["discover", str(log), "-o", str(out / "draft.yaml")], ["calibrate", process, "--log", str(log)],
            ["convert", str(log), "-o", str(out / "log.parquet")]]


def measure(args: list[str]) -> tuple[float, float, int]:
    """Wall time (s), peak memory (MB) and exit status of one run in a child process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "processwalk", *args], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, raw, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(raw)


def runs(tmp: Path) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    files = sorted((ROOT / "tests" / "data" / "hostile").glob("*.yaml")) + \
        sorted((ROOT / "tests" / "data" / "invalid").glob("*.yaml"))
    for i, source in enumerate(files):
        folder, out = tmp / f"in{i}", tmp / f"out{i}"
        folder.mkdir()
        out.mkdir()
        shutil.copy(source, folder / "p.yaml")
        found += [(source.name, args) for args in process_commands(folder, folder / "p.yaml", out)]
    for i, log in enumerate(sorted((ROOT / "tests" / "data" / "hostile" / "logs").glob("*.csv"))):
        out = tmp / f"log{i}"
        out.mkdir()
        found += [(log.name, args) for args in log_commands(log, out)]
    return found


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        measured = [(name, args, *measure(args)) for name, args in runs(Path(tmp))]
    slowest = max(measured, key=lambda m: m[2])
    hungriest = max(measured, key=lambda m: m[3])
    print(f"{len(measured)} runs over {len({m[0] for m in measured})} inputs; "
          f"exit codes {sorted({m[4] for m in measured})}")
    print(f"slowest: {slowest[0]} {slowest[1][0]}: {slowest[2]:.2f} s (target under {SECONDS:g} s)")
    print(f"most memory: {hungriest[0]} {hungriest[1][0]}: {hungriest[3]:.0f} MB (target under {MEGABYTES:g} MB)")
    missed = [m for m in measured if m[2] >= SECONDS or m[3] >= MEGABYTES or m[4] not in (0, 1, 2)]
    for name, args, took, peak, status in missed:
        print(f"  MISSED {name} {' '.join(args[:1])}: {took:.2f} s, {peak:.0f} MB, exit {status}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
