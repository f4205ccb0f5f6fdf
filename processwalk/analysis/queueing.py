"""The predicted queueing wait at a step: Allen–Cunneen on the exact Erlang C (analysis.md).

For ``c`` servers (staff, any real ``c > 0``) and an offered load of ``a = lambda × E[S]`` servers:

* Erlang's loss probability ``B(c, a)`` (Erlang 1917), for integer ``c``
  ``B = (a^c / c!) / sum_{k<=c} a^k / k!``, and for any real ``c`` its continuous extension
  (Jagerman 1974) ``1/B(c, a) = a ∫_0^∞ e^(-a t) (1 + t)^c dt = e^a a^(-c) Γ(c + 1, a)``;
* Erlang's probability of waiting ``C(c, a) = c B / (c - a (1 - B))`` for ``0 <= a < c``;
* Allen–Cunneen's mean wait in queue (Allen 1990, *Probability, Statistics and Queueing Theory*,
  2nd ed., §6.5): ``Wq = C(c, a) × E[S] / (c - a) × (ca^2 + cs^2) / 2``, with ``ca`` the arrivals'
  cv and ``cs`` the work's cv. It is exact for M/M/c (``ca = cs = 1``) and for M/G/1, where it is
  Pollaczek–Khinchine; elsewhere an approximation (bench/bench_queueing.py measures it against a
  ``ciw`` simulation).

How ``B`` is computed. Write ``c = n + x`` with ``n = floor(c)`` and ``x`` in ``[0, 1)``.
``B(x, a)`` comes from the upper incomplete gamma function of ``s = x + 1`` in the scaled form that
cannot overflow: for ``a < s + 1`` the power series of the lower function,
``1/B = e^a a^(-x) Γ(s) - a sum_k a^k / (s (s+1) ... (s+k))``; otherwise the continued fraction
``1/B = a / (a + 1 - s - 1 (1 - s) / (a + 3 - s - 2 (2 - s) / (a + 5 - s - ...)))`` (modified Lentz),
both as in *Numerical Recipes* §6.2. ``B(0, a) = 1``. Then the upward recurrence
``B(x + 1, a) = a B(x, a) / (x + 1 + a B(x, a))`` climbs to ``c``. It is stable: a relative error
``e`` in ``B(x, a)`` becomes ``e (x + 1) / (x + 1 + a B(x, a)) < e`` in ``B(x + 1, a)``, so errors
shrink at every step, and every intermediate lies in ``(0, 1]``: nothing overflows for thousands
of servers, unlike ``a^c / c!``.
"""
from __future__ import annotations

import math

_EPS = 1e-16
_MAX_TERMS = 10_000


def erlang_b(c: float, a: float) -> float:
    """Erlang's loss probability for ``c > 0`` servers (any real) and offered load ``a >= 0``."""
    _check_servers(c)
    _check_load(a)
    if a == 0.0:
        return 0.0
    whole = math.floor(c)
    b = _erlang_b_fractional(c - whole, a)
    x = c - whole
    for k in range(whole):
        b = a * b / (x + k + 1 + a * b)
    return b


def erlang_c(c: float, a: float) -> float:
    """Erlang's probability of waiting ``c B / (c - a (1 - B))`` for ``c > 0`` servers, ``0 <= a < c``."""
    b = erlang_b(c, a)
    if a >= c:
        raise ValueError(f"the offered load ({a:g} servers) must be below the staff ({c:g}); "
                         "at or above it the queue grows without bound")
    return c * b / (c - a * (1.0 - b))


def allen_cunneen(c: float, a: float, service_h: float, cs: float, ca: float = 1.0) -> float | None:
    """Mean wait in queue in hours, ``C(c, a) × E[S] / (c - a) × (ca^2 + cs^2) / 2``.

    ``c`` staff (> 0, may be fractional), ``a`` offered load in servers (>= 0), ``service_h`` the
    mean work in elapsed hours (>= 0), ``cs`` and ``ca`` the work's and the arrivals' cv (>= 0).
    None when ``a >= c``: the queue grows without bound; 0 when there is no load.
    """
    _check_servers(c)
    _check_load(a)
    _check_non_negative("the mean work (hours)", service_h)
    _check_non_negative("the work's cv", cs)
    _check_non_negative("the arrivals' cv", ca)
    if a >= c:
        return None
    if a == 0.0:
        return 0.0
    return erlang_c(c, a) * service_h / (c - a) * (ca * ca + cs * cs) / 2.0


def _erlang_b_fractional(x: float, a: float) -> float:
    """``B(x, a)`` for ``x`` in ``[0, 1)`` and ``a > 0``, through the incomplete gamma of ``x + 1``."""
    if x == 0.0:
        return 1.0
    s = x + 1.0
    inverse = _inverse_b_series(s, a) if a < s + 1.0 else _inverse_b_fraction(s, a)
    return 1.0 / inverse


def _inverse_b_series(s: float, a: float) -> float:
    """``e^a a^(1-s) Γ(s) - a sum_k a^k / (s (s+1) ... (s+k))``: small loads, no cancellation to fear."""
    term = 1.0 / s
    total = term
    for k in range(1, _MAX_TERMS):  # pragma: no branch (a < 3: converged within some 25 terms)
        term *= a / (s + k)
        total += term
        if term < total * _EPS:
            break
    return math.exp(a + (1.0 - s) * math.log(a)) * math.gamma(s) - a * total


def _inverse_b_fraction(s: float, a: float) -> float:
    """``a × e^a a^(-s) Γ(s, a)`` by its continued fraction (modified Lentz), for ``a >= s + 1``."""
    tiny = 1e-300
    b = a + 1.0 - s
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_TERMS):  # pragma: no branch (a >= s + 1: converged within some 40 terms)
        an = -i * (i - s)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 4 * _EPS:
            break
    return a * h


def _check_servers(c: float) -> None:
    if not (math.isfinite(c) and c > 0):
        raise ValueError(f"the staff (number of servers) must be a finite number above 0, not {c!r}")


def _check_load(a: float) -> None:
    _check_non_negative("the offered load (servers)", a)


def _check_non_negative(what: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{what} must be a finite number of at least 0, not {value!r}")
