"""How close Allen–Cunneen's predicted wait comes to a ``ciw`` discrete-event simulation.

Run ``python bench/bench_queueing.py``. The grid of issue 11: staff 1, 2, 5, 10, 20 × utilization
0.5, 0.8, 0.9, 0.95 × work cv 0.5, 1, 1.5, Poisson arrivals, gamma work of mean 1 (exponential for
cv 1). Each cell is simulated in seeded replications (tests/analysis/ciw_queue.py: warm-up
discarded, a control variate whose mean is known exactly), longer where the load is higher, and
printed with the simulation's 95% half-width, the plain (uncontrolled) half-width beside it, and
the formula's error relative to the simulated mean.

Target (issue 11): within 5% of the simulated mean wait in 90% of the cells and within 10% in all.
The script exits 1 when that fails. Cells with ``c = 1`` (Pollaczek–Khinchine) and ``cv = 1``
(Erlang C) are exact in theory, so there the comparison checks the simulation as much as the
formula.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from analysis.ciw_queue import SimulatedWait, simulated_wait  # noqa: E402

from processwalk.analysis.queueing import allen_cunneen, erlang_c  # noqa: E402

STAFF = (1, 2, 5, 10, 20)
UTILIZATION = (0.5, 0.8, 0.9, 0.95)
WORK_CV = (0.5, 1.0, 1.5)


class Cell(NamedTuple):
    c: int
    rho: float
    cv: float
    predicted: float
    simulated: SimulatedWait

    @property
    def error(self) -> float:
        return (self.predicted - self.simulated.mean) / self.simulated.mean


def run_cell(c: int, rho: float, cv: float, scale: float, replications: int, seed: int) -> Cell:
    # the queue's memory grows like 1 / (1 - rho); at light load few customers wait at all, so
    # those cells get more customers (up to 40,000 a replication) to see C(c, a) of them wait
    memory = 2500 / (1 - rho)
    rare = min(40_000, 1500 / (erlang_c(c, rho * c) * (1 - rho)))
    customers = int(scale * max(memory, rare))
    predicted = allen_cunneen(c, rho * c, 1.0, cv)
    assert predicted is not None
    return Cell(c, rho, cv, predicted, simulated_wait(c, rho, cv, customers, replications, seed=seed))


def line(cell: Cell) -> str:
    s = cell.simulated
    return (f"{cell.c:>5} {cell.rho:>5.2f} {cell.cv:>4.1f} {cell.predicted:>11.5g} {s.mean:>11.5g} "
            f"{100 * s.half_width / s.mean:>7.1f}% {100 * s.plain_half_width / s.plain_mean:>7.1f}% "
            f"{100 * cell.error:>+8.1f}% {s.customers:>9,}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="customers per replication, times this")
    parser.add_argument("--replications", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    print(f"{'staff':>5} {'rho':>5} {'cv':>4} {'predicted':>11} {'simulated':>11} {'±95%':>8} "
          f"{'plain ±':>8} {'error':>9} {'customers':>9}", flush=True)
    cells = []
    for c in STAFF:
        for rho in UTILIZATION:
            for cv in WORK_CV:
                cells.append(run_cell(c, rho, cv, args.scale, args.replications, args.seed))
                print(line(cells[-1]), flush=True)
    within = sum(abs(cell.error) <= 0.05 for cell in cells) / len(cells)
    worst = max(cells, key=lambda cell: abs(cell.error))
    ok = within >= 0.9 and abs(worst.error) <= 0.10
    print(f"\nwithin 5%: {within:.0%} of {len(cells)} cells (target 90%); "
          f"worst: staff {worst.c}, rho {worst.rho}, cv {worst.cv}: {100 * worst.error:+.1f}% "
          f"(target within 10%); {time.perf_counter() - start:.0f} s; {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
