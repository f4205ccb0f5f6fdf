"""Run every benchmark in this folder and print its figures: ``python bench/run.py`` (or ``make bench``).

Each ``bench_*.py`` is a script that prints its own figures and targets; this runs them one after
the other so that they do not compete for the two cores.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main(names: list[str]) -> int:
    here = Path(__file__).resolve().parent
    scripts = sorted(here.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    failed = 0
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=here.parent, check=False)
        print(f"   ({time.perf_counter() - start:.1f} s in all, exit {result.returncode})\n", flush=True)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
