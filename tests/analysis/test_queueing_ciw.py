"""Allen–Cunneen against a seeded ``ciw`` simulation on four cells near saturation, where the queue matters.

The full grid, with the light-load cells where the formula misses by more than 10%, is
bench/bench_queueing.py.
"""
from __future__ import annotations

import pytest

from processwalk.analysis.queueing import allen_cunneen

from .ciw_queue import simulated_wait


@pytest.mark.parametrize("c, rho, cv", [(2, 0.95, 1.5), (5, 0.9, 0.5), (10, 0.95, 1.5), (20, 0.95, 1.0)])
def test_allen_cunneen_agrees_with_ciw(c: int, rho: float, cv: float) -> None:
    simulated = simulated_wait(c, rho, cv, customers=12_000, replications=4, seed=11)
    predicted = allen_cunneen(c, rho * c, 1.0, cv)
    assert predicted is not None
    # the simulation is precise enough for the comparison to mean something ...
    assert simulated.half_width < 0.05 * simulated.mean
    # ... and the formula is within the 10% of it (5% in 90% of the bench's cells)
    assert abs(predicted - simulated.mean) < 0.10 * simulated.mean
