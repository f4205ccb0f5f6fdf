from __future__ import annotations

from tests.rules.conftest import Check
from tests.rules.test_refusal_loop import PROCESS


def test_fires_when_two_refusals_are_likely(check: Check) -> None:
    # Each pass of 'check' refuses 20% and sends back: P(refused at least twice) = 0.2^2 = 4% >= 2%;
    # first-pass yield 1 - 0.2 = 80%.
    [finding] = check(PROCESS.format(target="call"), "repeated-refusal")
    assert (finding.place, finding.at, finding.location.line) == ("process", "credit", 1)
    assert finding.message == "4% of cases are refused at least twice (first-pass yield 80%)"
    assert finding.why == ("Why are 4% of customers told \"no\" twice or more in 'Credit request', "
                           "and only 80% get through without a refusal?")
    assert finding.ask == "Head of Billing"


def test_quiet_below_two_percent(check: Check) -> None:
    # 0.1^2 = 1% < 2%
    text = PROCESS.format(target="call").replace("p: 0.8", "p: 0.9").replace("p: 0.2", "p: 0.1")
    assert check(text, "repeated-refusal") == []
