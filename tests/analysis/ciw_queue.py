"""The mean wait in queue of an M/G/c queue, simulated with ``ciw`` (shared by the test and the bench).

Poisson arrivals at rate ``lambda = rho c`` (mean work 1), work drawn from a gamma with shape
``1 / cv^2`` and scale ``cv^2`` (an exponential for cv 1), ``c`` servers, first come first served.
Each replication starts empty, takes the customers who arrive in a window of ``customers``
arrivals' worth of time after a warm-up of ``warmup`` times that (runs on until they have all left)
and averages their waits in queue.

Plain averages are too noisy near saturation for a 5% comparison (at rho 0.95 a mean wait needs
some 10^8 customers), so the estimate uses a control variate (Lavenberg and Welch 1981): the wait
of the same customers, with the same arrival times and the same work, at one server ``c`` times as
fast, by Lindley's recursion, whose mean is known exactly (Pollaczek–Khinchine). The slope is
fitted on batch means pooled over the replications; the result is the mean of the replications'
controlled means with its 95% half-width (Student's t over replications, which are independent),
and the plain mean and half-width beside it for comparison.
"""
from __future__ import annotations

import math
import statistics
from typing import Any, NamedTuple


class SimulatedWait(NamedTuple):
    mean: float
    half_width: float
    plain_mean: float
    plain_half_width: float
    customers: int


def simulated_wait(c: int, rho: float, cv: float, customers: int, replications: int,
                   seed: int = 0, warmup: float = 0.1, batches: int = 20) -> SimulatedWait:
    runs = [_replication(c, rho, cv, customers, warmup, seed + r, batches) for r in range(replications)]
    known = rho / c * (1 + cv**2) / (2 * (1 - rho))  # Pollaczek-Khinchine for the fast single server
    beta = _slope([b for run in runs for b in run])
    controlled = [statistics.fmean(w - beta * (w1 - known) for w, w1 in run) for run in runs]
    plain = [statistics.fmean(w for w, _ in run) for run in runs]
    return SimulatedWait(*_mean_and_half_width(controlled), *_mean_and_half_width(plain),
                         customers * replications)


def _mean_and_half_width(means: list[float]) -> tuple[float, float]:
    from scipy.stats import t

    spread = statistics.stdev(means) / math.sqrt(len(means))
    return statistics.fmean(means), float(t.ppf(0.975, len(means) - 1)) * spread


def _slope(pairs: list[tuple[float, float]]) -> float:
    """The least-squares slope of the multi-server batch means on the single server's."""
    xs = [x for _, x in pairs]
    ys = [y for y, _ in pairs]
    spread = statistics.variance(xs)
    return statistics.covariance(xs, ys) / spread if spread > 0 else 0.0


def _replication(c: int, rho: float, cv: float, customers: int, warmup: float, seed: int,
                 batches: int) -> list[tuple[float, float]]:
    """Batch means of (ciw's wait with c servers, the fast single server's wait on the same customers)."""
    import ciw

    rate = rho * c
    service = ciw.dists.Exponential(1.0) if cv == 1 else ciw.dists.Gamma(1 / cv**2, cv**2)
    network = ciw.create_network(arrival_distributions=[ciw.dists.Exponential(rate)],
                                 service_distributions=[service], number_of_servers=[c])
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    start, end = warmup * customers / rate, (1 + warmup) * customers / rate
    # run on past the window so that every customer who arrived in it has left and been recorded
    simulation.simulate_until_max_time(end + 0.25 * customers / rate)
    records = sorted(simulation.get_all_records(), key=lambda r: r.arrival_date)
    single = _fast_single_server(records, c)
    kept = [(r.waiting_time, w1) for r, w1 in zip(records, single) if start <= r.arrival_date < end]
    size = len(kept) // batches
    return [(statistics.fmean(w for w, _ in kept[i * size:(i + 1) * size]),
             statistics.fmean(w1 for _, w1 in kept[i * size:(i + 1) * size])) for i in range(batches)]


def _fast_single_server(records: list[Any], c: int) -> list[float]:
    """Lindley's recursion for one server c times as fast, fed the same arrivals and the same work."""
    waits = [0.0]
    for before, after in zip(records, records[1:]):
        wait = waits[-1] + before.service_time / c - (after.arrival_date - before.arrival_date)
        waits.append(wait if wait > 0 else 0.0)
    return waits
