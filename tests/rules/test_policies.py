"""policy-without-why, policy-stale and unused-policy: the rules about policies."""
from __future__ import annotations

import pytest

from tests.rules.conftest import Check, run

PROCESS = """\
process: delivery
title: Goodwill delivery
owner: Head of Service
demand: 10/day
start: call
policies:
  driver-only: {{title: Deliveries only with a company driver{extra}}}
  old-rule: {{title: Letters by post, owner: Back office, why: Legal}}
steps:
  call: {{kind: contact, team: front, work: 10m, next: book}}
  book: {{team: back, policy: driver-only, wait: 2d, work: 10m, next: done}}
  done: {{kind: end}}
"""


def test_policy_without_why_and_owner(check: Check) -> None:
    # Without the policy 'book' is bypassed: lead time 10m instead of 10m + 2d 10m: 2.0d added per case,
    # per year 10 * 365.25 * 48.1667 / 24 = 7,330.4 customer-days.
    [finding] = check(PROCESS.format(extra=""), "policy-without-why")
    assert (finding.place, finding.at, finding.location.line, finding.location.column) == \
        ("policy", "driver-only", 7, 3)
    assert finding.message == ("policy 'Deliveries only with a company driver' has no why and no owner; "
                               "it adds 2.0d and 0.00 refusals per case")
    assert finding.why == ("Why do we follow 'Deliveries only with a company driver', which adds 2.0d per case "
                           "to 'Goodwill delivery', when nobody has written down why or who owns it?")
    assert finding.ask == "Head of Service"
    assert finding.impact.customer_days_per_year == pytest.approx(10 * 365.25 * (48 + 10 / 60) / 24)


def test_policy_with_why_and_owner_is_quiet(check: Check) -> None:
    assert check(PROCESS.format(extra=", owner: Logistics, why: Insurance"), "policy-without-why") == []


def test_policy_stale(check: Check) -> None:
    extra = ", owner: Logistics, why: Insurance, reviewed: 2019-03-01, review_every: 52w"
    [finding] = check(PROCESS.format(extra=extra), "policy-stale")
    assert (finding.place, finding.at, finding.location.line) == ("policy", "driver-only", 7)
    assert finding.message == ("policy 'Deliveries only with a company driver' was last reviewed 2019-03-01, "
                               "due again 2020-02-28")
    assert finding.why == ("Why does 'Deliveries only with a company driver', last reviewed 2019-03-01, still "
                           "add 2.0d per case to 'Goodwill delivery'; is its reason still true?")
    assert finding.ask == "Logistics"


def test_policy_reviewed_recently_is_quiet(check: Check) -> None:
    extra = ", owner: Logistics, why: Insurance, reviewed: 2026-06-01, review_every: 52w"
    assert check(PROCESS.format(extra=extra), "policy-stale") == []


def test_unused_inline_policy(check: Check) -> None:
    findings = check(PROCESS.format(extra=", owner: Logistics, why: Insurance"), "unused-policy")
    [finding] = [f for f in findings if f.process == "delivery"]
    assert (finding.place, finding.at, finding.location.line) == ("policy", "old-rule", 8)
    assert finding.message == "policy 'Letters by post' is defined but no step or branch follows it"
    assert finding.why == ("Is 'Letters by post' still followed in 'Goodwill delivery'? If so, where; "
                           "if not, why keep it?")


def test_unused_catalog_policy_is_a_portfolio_finding(tmp_path: pytest.TempPathFactory) -> None:
    # The catalog's 'approval-rule' is followed by no process in the folder.
    result = run(tmp_path, PROCESS.format(extra=", owner: L, why: W").replace(  # type: ignore[arg-type]
        "  old-rule: {title: Letters by post, owner: Back office, why: Legal}\n", ""))
    [finding] = [f for f in result.findings if f.rule == "unused-policy"]
    assert (finding.process, finding.at, finding.location.line) == ("(portfolio)", "approval-rule", 13)
    assert finding.why == "Is 'Credits need approval' still followed anywhere? If so, where; if not, why keep it?"


EXPRESS = """\
process: express
title: Express lane
owner: Head of Service
demand: 10/day
start: sort
policies:
  fast-track: {title: Fast track, reviewed: 2019-03-01, review_every: 52w}
steps:
  sort:
    team: front
    work: 10m
    next:
      - {to: done, p: 0.5, policy: fast-track}
      - {to: check, p: 0.5}
  check: {team: back, wait: 5h, work: 10m, next: done}
  done: {kind: end}
"""


def test_a_policy_that_shortens_the_walk_saves_time_in_words(check: Check) -> None:
    # With the fast track: 10m + 0.5 * (5h + 10m) = 2h45m; without it every case goes through 'check':
    # 10m + 5h10m = 5h20m; the policy's friction is 2.75h - 5.3333h = -2.5833h, shown as "saves 2.6h".
    [finding] = check(EXPRESS, "policy-without-why")
    assert finding.message == ("policy 'Fast track' has no why and no owner; "
                               "it saves 2.6h and adds 0.00 refusals per case")
    assert finding.why == ("Why do we follow 'Fast track', which saves 2.6h per case in 'Express lane', "
                           "when nobody has written down why or who owns it?")
    [stale] = check(EXPRESS, "policy-stale")
    assert stale.why == ("Why does 'Fast track', last reviewed 2019-03-01, still save 2.6h per case in "
                         "'Express lane'; is its reason still true?")
