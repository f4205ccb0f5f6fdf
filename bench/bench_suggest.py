"""How fast the suggested moves are evaluated (``processwalk whatif --suggest``).

Run ``python bench/bench_suggest.py``.  It prints, as the best of three runs, the wall time of
``processwalk whatif --suggest processes/`` as a user runs it (a fresh interpreter: start-up,
loading, the baseline, every remedy's scenario, the best together, the text)   target: under 3 s.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = 3.0


def once() -> float:
    env = {**os.environ, "PYTHONPATH": ROOT}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "processwalk", "whatif", "--suggest", "processes/"], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    best = min(once() for _ in range(3))
    verdict = "ok" if best < TARGET else "OVER TARGET"
    print(f"whatif --suggest processes/: {best:.2f} s (target < {TARGET:.0f} s) {verdict}")
    return 0 if best < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
