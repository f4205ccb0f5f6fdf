"""How fast what-if scenarios are evaluated (``processwalk.whatif``).

Run ``python bench/bench_whatif.py``.  It writes a synthetic 50-step process (bench_analysis's
generator) and prints, as the best of a few runs:

* one scenario (``staff: {back-office: +1}``) on the 50-step process, exact figures and the
  findings (its simulation runs only when a figure of it is shown)          target: under 50 ms;
* every +1 and -1 staff move on every team of the 50-step process           target: under 1 s;
* ``processwalk whatif processes/`` with every declared scenario, in-process, simulations
  included                                                                   target: under 2 s.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_analysis import TEAMS, small_process, write  # noqa: E402

from processwalk.assess import assess  # noqa: E402
from processwalk.config import discover, load_config  # noqa: E402
from processwalk.load import load  # noqa: E402
from processwalk.model import Scenario  # noqa: E402
from processwalk.project import shared_scenarios  # noqa: E402
from processwalk.read import Reader  # noqa: E402
from processwalk.render.whatif import text  # noqa: E402
from processwalk.scenarios import read_change  # noqa: E402
from processwalk.whatif import evaluate  # noqa: E402

TARGETS = {"one": 0.05, "moves": 1.0, "examples": 2.0}


def scenario(ident: str, change: str) -> Scenario:
    node = load(ident, change.encode()).root
    made = read_change(Reader(ident), node, None)  # type: ignore[arg-type]
    assert made is not None
    return Scenario(ident, change, made.location, (made,))


def best(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        write(folder, {"p.yaml": small_process(1)})
        config = load_config(discover([folder]), None)
        base = assess([folder], config)
        processes = [w.process for w in base.walks]
        walks = {w.process.id: w for w in base.walks}
        one = [scenario("one", "staff: {back-office: +1}")]
        moves = [scenario(f"{t}{sign}", f"staff: {{{t}: {sign}1}}") for t in TEAMS for sign in "+-"]
        figures = {
            "one": best(5, lambda: evaluate(processes, one, config, walks=walks)),
            "moves": best(3, lambda: evaluate(processes, moves, config, walks=walks)),
        }
    def examples() -> str:
        config = load_config(discover(["processes"]), None)
        found = assess(["processes"], config)
        shared, _ = shared_scenarios(["processes"])
        ps = [w.process for w in found.walks]
        return text(evaluate(ps, [*(s for p in ps for s in p.scenarios), *shared], config,
                             walks={w.process.id: w for w in found.walks}))
    figures["examples"] = best(3, examples)
    labels = {"one": "one scenario, 50-step process", "moves": f"{len(moves)} staff moves (+1/-1 on every team), 50 steps",
              "examples": "whatif processes/, every declared scenario, simulations included"}
    failed = 0
    for key, seconds in figures.items():
        ok = seconds < TARGETS[key]
        failed += not ok
        print(f"{labels[key]:<66} {seconds * 1000:8.1f} ms   target < {TARGETS[key] * 1000:.0f} ms  {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
