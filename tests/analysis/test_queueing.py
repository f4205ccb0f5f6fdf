from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from processwalk.analysis.queueing import allen_cunneen, erlang_b, erlang_c


def closed_form_c(c: int, a: Fraction) -> Fraction:
    """The textbook Erlang C, in exact rationals: ``(a^c/c!)(c/(c-a)) / (sum_{k<c} a^k/k! + (a^c/c!)(c/(c-a)))``."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


def incomplete_gamma_b(c: float, a: float) -> float:
    """``1/B = e^a a^-c Γ(c+1, a)``, i.e. ``gammaincc(c+1, a) Γ(c+1) e^a / a^c``, through logarithms."""
    from scipy.special import gammaincc, gammaln

    return math.exp(-(math.log(gammaincc(c + 1, a)) + gammaln(c + 1) + a - c * math.log(a)))


def test_single_server_waits_with_probability_rho() -> None:
    # M/M/1: B(1, a) = a / (1 + a), so C = 1 * B / (1 - a (1 - B)) = (a/(1+a)) / (1 - a/(1+a)) ... = a
    # a = 0.8: B = 0.8/1.8 = 4/9; C = (4/9) / (1 - 0.8 * 5/9) = (4/9) / (5/9) = 0.8
    assert erlang_b(1, 0.8) == pytest.approx(4 / 9, rel=1e-15)
    assert erlang_c(1, 0.8) == pytest.approx(0.8, rel=1e-15)


def test_two_servers_at_one_erlang() -> None:
    # B(2, 1) = (1/2!) / (1 + 1 + 1/2) = 0.5 / 2.5 = 1/5
    # C(2, 1) = 2 * (1/5) / (2 - 1 * (4/5)) = 0.4 / 1.2 = 1/3
    assert erlang_b(2, 1) == pytest.approx(0.2, rel=1e-15)
    assert erlang_c(2, 1) == pytest.approx(1 / 3, rel=1e-15)
    # Wq = C E[S] / (c - a) (ca^2 + cs^2)/2 = (1/3) * 2 h / (2 - 1) * (1 + 1)/2 = 2/3 h (exact for M/M/2)
    assert allen_cunneen(2, 1, 2.0, 1.0) == pytest.approx(2 / 3, rel=1e-15)


def test_single_server_is_pollaczek_khinchine() -> None:
    # M/G/1, rho = 0.9, E[S] = 3 h, cs = 0.5: P-K Wq = rho E[S] (1 + cs^2) / (2 (1 - rho))
    #   = 0.9 * 3 * 1.25 / (2 * 0.1) = 3.375 / 0.2 = 16.875 h
    # Allen–Cunneen: C = 0.9, so 0.9 * 3 / 0.1 * (1 + 0.25) / 2 = 27 * 0.625 = 16.875 h
    assert allen_cunneen(1, 0.9, 3.0, 0.5) == pytest.approx(16.875, rel=1e-14)
    # deterministic work (cs = 0), Poisson arrivals: M/D/1 Wq = rho E[S] / (2 (1 - rho)) = 0.9*3/0.2 = 13.5 h
    assert allen_cunneen(1, 0.9, 3.0, 0.0) == pytest.approx(13.5, rel=1e-14)


def test_arrivals_cv_enters_squared() -> None:
    # c = 2, a = 1, E[S] = 2 h: C E[S]/(c-a) = 2/3 h; (ca^2 + cs^2)/2 = (0.25 + 2.25)/2 = 1.25 -> 5/6 h
    assert allen_cunneen(2, 1, 2.0, cs=1.5, ca=0.5) == pytest.approx(5 / 6, rel=1e-15)


@pytest.mark.parametrize("c", [1, 2, 3, 5, 10, 20, 50])
@pytest.mark.parametrize("rho", [Fraction(1, 10), Fraction(1, 2), Fraction(4, 5), Fraction(19, 20), Fraction(999, 1000)])
def test_integer_staff_match_the_closed_form(c: int, rho: Fraction) -> None:
    a = rho * c
    assert erlang_c(c, float(a)) == pytest.approx(float(closed_form_c(c, a)), rel=1e-12)


def test_closed_form_by_hand() -> None:
    # c = 3, a = 2: a^c/c! = 8/6 = 4/3; times c/(c-a) = 3 -> 4; sum_{k<3} 2^k/k! = 1 + 2 + 2 = 5
    # C = 4 / (5 + 4) = 4/9
    assert closed_form_c(3, Fraction(2)) == Fraction(4, 9)
    assert erlang_c(3, 2) == pytest.approx(4 / 9, rel=1e-14)


@pytest.mark.parametrize("c", [0.3, 1.5, 2.7, 10.5, 99.9, 1000.25])
@pytest.mark.parametrize("share", [0.01, 0.1, 0.5, 0.9, 0.99, 1.0])
def test_fractional_staff_match_the_incomplete_gamma(c: float, share: float) -> None:
    a = share * c
    assert erlang_b(c, a) == pytest.approx(incomplete_gamma_b(c, a), rel=1e-10)


def test_fractional_staff_by_hand() -> None:
    # c = 0.5: 1/B = e^a a^-0.5 Γ(1.5, a); at a = 1, Γ(1.5, 1) = 0.5 Γ(0.5, 1) + e^-1 = 0.5 sqrt(pi) erfc(1) + e^-1
    # so 1/B = e (0.5 sqrt(pi) erfc(1) + e^-1) = 0.5 e sqrt(pi) erfc(1) + 1
    assert erlang_b(0.5, 1.0) == pytest.approx(1 / (0.5 * math.e * math.sqrt(math.pi) * math.erfc(1) + 1), rel=1e-13)


def test_thousands_of_servers_do_not_overflow() -> None:
    b = erlang_b(3000, 2900)
    assert 0 < b < 1
    assert erlang_c(3000.5, 2999.0) == pytest.approx(
        3000.5 * incomplete_gamma_b(3000.5, 2999.0)
        / (3000.5 - 2999.0 * (1 - incomplete_gamma_b(3000.5, 2999.0))), rel=1e-10)


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_continuous_across_an_integer(n: int) -> None:
    a = 0.7 * n
    assert erlang_c(n - 1e-9, a) == pytest.approx(erlang_c(n, a), rel=1e-7)
    assert erlang_c(n + 1e-9, a) == pytest.approx(erlang_c(n, a), rel=1e-7)


@given(st.floats(0.05, 60.0), st.floats(0.001, 0.95), st.floats(0.01, 1.0))
def test_monotonic_in_staff_and_load(c: float, share: float, more: float) -> None:
    a = share * c
    assert erlang_c(c + more, a) <= erlang_c(c, a)
    assert erlang_c(c, a) <= erlang_c(c, min(a + more * (c - a), c * 0.999999))
    assert erlang_b(c + more, a) <= erlang_b(c, a)


def test_no_load_no_wait() -> None:
    assert erlang_b(2.5, 0.0) == 0.0
    assert erlang_c(2.5, 0.0) == 0.0
    assert allen_cunneen(2.5, 0.0, 1.0, 1.0) == 0.0


@pytest.mark.parametrize("c, a", [(1, 1.0), (2, 3.0), (0.5, 0.5)])
def test_unbounded_queue_is_none(c: float, a: float) -> None:
    assert allen_cunneen(c, a, 1.0, 1.0) is None


def test_erlang_c_refuses_an_unbounded_queue() -> None:
    with pytest.raises(ValueError) as caught:
        erlang_c(2, 2.0)
    assert str(caught.value) == ("the offered load (2 servers) must be below the staff (2); "
                                 "at or above it the queue grows without bound")


@pytest.mark.parametrize("args, message", [
    ((0, 0.5, 1.0, 1.0), "the staff (number of servers) must be a finite number above 0, not 0"),
    ((-1.5, 0.5, 1.0, 1.0), "the staff (number of servers) must be a finite number above 0, not -1.5"),
    ((math.inf, 0.5, 1.0, 1.0), "the staff (number of servers) must be a finite number above 0, not inf"),
    ((2, -0.5, 1.0, 1.0), "the offered load (servers) must be a finite number of at least 0, not -0.5"),
    ((2, math.nan, 1.0, 1.0), "the offered load (servers) must be a finite number of at least 0, not nan"),
    ((2, 0.5, -1.0, 1.0), "the mean work (hours) must be a finite number of at least 0, not -1.0"),
    ((2, 0.5, 1.0, -0.1), "the work's cv must be a finite number of at least 0, not -0.1"),
    ((2, 0.5, 1.0, 1.0, -2.0), "the arrivals' cv must be a finite number of at least 0, not -2.0"),
])
def test_bad_arguments(args: tuple[float, ...], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        allen_cunneen(*args)
    assert str(caught.value) == message


def test_erlang_b_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="staff"):
        erlang_b(0.0, 1.0)
    with pytest.raises(ValueError, match="offered load"):
        erlang_b(1.0, -1.0)
