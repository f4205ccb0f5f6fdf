"""Every rule's remedy: the scenario it writes, its figures against hand-computed values, and the
finding gone in the scenario (or, where it stays, why)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from processwalk.analysis.queueing import allen_cunneen
from processwalk.findings import Finding
from processwalk.remedies import REMEDIES
from processwalk.remedies.base import read_back
from processwalk.render.whatif import named
from processwalk.rules import REGISTRY
from processwalk.whatif import Evaluation, evaluate
from tests.remedies.conftest import CATALOG, Remedied
from tests.rules.conftest import run

YEAR = 365.25
CALL = "  call: {kind: contact, team: front, work: 10m, next: %s}\n"
HEAD = "process: p\ntitle: P\ndemand: %s/day\nstart: call\nsteps:\n"


def process(*steps: str, demand: float = 100, first: str = "check") -> str:
    refused = "  refused: {kind: end, outcome: refused}\n" if any("refused" in s for s in steps) else ""
    return HEAD % demand + CALL % first + "".join(f"  {s}\n" for s in steps) + "  done: {kind: end}\n" + refused


def days(hours_per_case: float, demand: float = 100) -> float:
    return demand * YEAR * hours_per_case / 24


APPROVE = "approve: {kind: approval, team: leads, wait: 2d, work: 5m, next: [{to: done, p: 0.98}, " \
          "{to: refused, refusal: true}]}"


def test_rubber_stamp_removes_the_approval_or_samples_it(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(APPROVE, first="approve"), "rubber-stamp")
    remove, sample = r.remedies
    assert remove.yaml == (
        "scenarios:\n"
        "  remove-approve:\n"
        "    title: \"Remove the approval 'approve'\"\n"
        "    description: \"answers rubber-stamp at approve\"\n"
        "    changes:\n"
        "      - remove: approve\n")
    assert remove.action == "remove this approval" and remove.note is None
    # without the approval a case is the 10m call: 2d 5m less, 100 a day
    assert r.lead_h(0) == pytest.approx(10 / 60)
    assert r.saved_days(0) == pytest.approx(days(48 + 5 / 60))  # 73,126 customer-days
    assert ("rubber-stamp", "approve") in r.gone(0)
    assert sample.yaml.endswith("      - automate: {at: approve, share: 0.9}\n")
    assert sample.note == ("assumption: 10% of cases sampled (remedies: sampled-share), the others pass at once; "
                           "its refusals are kept as declared")
    # a tenth of the cases still wait and are worked: 0.9 x (48h + 5m) saved
    assert r.saved_days(1) == pytest.approx(days(0.9 * (48 + 5 / 60)))
    assert ("rubber-stamp", "approve") not in r.gone(1)  # a sampling approval still passes 98%


def test_the_sampled_share_is_configured(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(APPROVE, first="approve"), "rubber-stamp",
                           config="remedies: {sampled-share: 0.25}\n")
    assert r.remedies[1].yaml.endswith("      - automate: {at: approve, share: 0.75}\n")
    assert r.saved_days(1) == pytest.approx(days(0.75 * (48 + 5 / 60)))


def test_approval_stack_keeps_the_approval_that_decides(remedied) -> None:  # type: ignore[no-untyped-def]
    first = "first: {kind: approval, team: leads, wait: 1d, work: 5m, next: [{to: second, p: 0.9}, " \
            "{to: refused, refusal: true}]}"
    second = "second: {kind: approval, team: leads, wait: 2d, work: 5m, next: [{to: done, p: 0.99}, " \
             "{to: refused, refusal: true}]}"
    r: Remedied = remedied(process(first, second, first="first"), "approval-stack")
    keep, _ = r.remedies
    assert keep.scenario.id == "one-approval"
    assert keep.yaml.splitlines()[2:] == ["    title: \"One approval: keep 'first', remove the others\"",
                                          "    description: \"answers approval-stack at p\"", "    changes:",
                                          "      - remove: second"]
    # 1.9 approvals a case; 90% passed on to 'second' no longer wait its 2d 5m
    assert r.saved_days(0) == pytest.approx(days(0.9 * (48 + 5 / 60)))  # 65,859 customer-days
    assert ("approval-stack", "p") in r.gone(0)


LOOP = "check: {team: back, wait: 1d, work: 30m, next: [{to: done, p: 0.8}, {to: call, p: 0.2, refusal: true}]}"


def test_refusal_loop_gets_it_right_the_first_time(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(LOOP), "refusal-loop")
    [right] = r.remedies
    assert right.yaml.splitlines()[1] == "  right-first-time-check-to-call:"
    assert right.yaml.endswith("      - branch: {at: check->call, p: 0}\n")
    assert right.note == "upper bound: every case right the first time"
    # 1.25 passes of (10m + 1d + 30m) become one: 0.25 x 24h40m = 6h10m saved per case
    assert r.lead_h() == pytest.approx(1.25 * (24 + 40 / 60))
    assert r.saved_days(0) == pytest.approx(days(0.25 * (24 + 40 / 60)))  # 9,385 customer-days
    assert {("refusal-loop", "check->call"), ("repeated-refusal", "p")} <= r.gone(0)


def test_repeated_refusal_sends_back_nobody(remedied) -> None:  # type: ignore[no-untyped-def]
    # P(refused twice) = 0.2^2 = 4% >= 2%
    r: Remedied = remedied(process(LOOP), "repeated-refusal")
    [right] = r.remedies
    assert right.scenario.key == "p/right-first-time"
    assert [c.kind for c in right.scenario.changes] == ["branch"]
    assert r.saved_days(0) == pytest.approx(days(0.25 * (24 + 40 / 60)))
    assert ("repeated-refusal", "p") in r.gone(0)


def test_menu_loop_closes_the_loop(remedied) -> None:  # type: ignore[no-untyped-def]
    steps = ("pin: {kind: self-service, team: front, work: 2m, next: menu}",
             "menu: {kind: self-service, team: front, work: 1m, next: [{to: pin, p: 0.2, when: wrong option}, "
             "{to: done}]}")
    r: Remedied = remedied(process(*steps, first="pin"), "menu-loop")
    [closed] = r.remedies
    assert closed.yaml.endswith("      - branch: {at: menu->pin, p: 0}\n")
    # pin and menu are passed 1.25 times; once saves 0.25 x 3m = 0.75m a case
    assert r.saved_days(0) == pytest.approx(days(0.75 / 60))  # 19 customer-days
    assert ("menu-loop", "menu->pin") in r.gone(0)


POLICED = "approve: {kind: approval, team: leads, policy: old-rule, wait: 1d, work: 5m, " \
          "next: [{to: done, p: 0.7}, {to: refused, refusal: true}]}"


@pytest.mark.parametrize("rule", ["policy-stale", "policy-without-why"])
def test_a_policy_nobody_defends_is_removed(remedied, rule: str) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(POLICED, first="approve"), rule)
    [without] = r.remedies
    assert without.yaml.splitlines()[1:3] == ["  without-old-rule:", "    title: \"Remove the policy 'Everything is "
                                              "approved'\""]
    assert without.yaml.endswith("      - remove-policy: old-rule\n")
    # the approval it governs is bypassed: 1d 5m less a case
    assert r.saved_days(0) == pytest.approx(days(24 + 5 / 60))  # 36,652 customer-days
    assert {("policy-stale", "old-rule"), ("policy-without-why", "old-rule")} <= r.gone(0)


def test_a_long_wait_that_is_mostly_policy_is_cut_to_its_queue(remedied) -> None:  # type: ignore[no-untyped-def]
    # the desk: one person round the clock; 24 a day at 30m: lambda 1/h, E[S] 0.5h, rho 0.5 (M/M/1):
    # Wq = rho / (1 - rho) x E[S] = 30m; the other 47.5h of the declared 2d are policy
    steps = ("check: {team: desk, wait: 2d, work: 30m, next: done}",)
    r: Remedied = remedied(process(*steps, demand=24), "long-wait", at="check")
    [cut] = r.remedies
    assert r.evaluation.baseline.waits["p"]["check"].queueing_h == pytest.approx(0.5)
    assert cut.yaml.endswith("      - wait: {check: 30m}\n")
    assert cut.yaml.splitlines()[2] == "    title: \"'check' waits only for its queue: 30m\""
    assert r.lead_h(0) == pytest.approx((10 + 30 + 30) / 60)
    assert r.saved_days(0) == pytest.approx(days(47.5, demand=24))  # 17,349 customer-days
    assert ("long-wait", "check") in r.gone(0)


def test_a_long_wait_that_is_mostly_queueing_has_no_remedy(remedied) -> None:  # type: ignore[no-untyped-def]
    # 45.6 a day at 30m: rho 0.95, Wq = 0.95 / 0.05 x 30m = 9.5h of the declared 12h: mostly queueing
    steps = ("check: {team: desk, wait: 12h, work: 30m, next: done}",)
    r: Remedied = remedied(process(*steps, demand=45.6), "long-wait", at="check")
    assert r.evaluation.baseline.waits["p"]["check"].queueing_h == pytest.approx(9.5)
    assert r.remedies == []


BUSY = "work-it: {team: busy, wait: 1h, work: 12m, next: done}"


def test_bottleneck_staff_under_the_warning_threshold(remedied) -> None:  # type: ignore[no-untyped-def]
    # 100 a day x 12m = 20 h a day; 4 people x 8h x 5/7 = 22.86 h: 87.5% >= 85%
    r: Remedied = remedied(process(BUSY, first="work-it"), "bottleneck")
    [staff] = r.remedies
    # under 85%: 20 / 0.85 = 23.53 h, 5.71 h a person: 5 people (70%); 4 are 87.5%
    assert staff.yaml.endswith("      - staff: {busy: 5}\n")
    assert staff.yaml.splitlines()[2] == "    title: \"5 people in Busy team (from 4): under 85%\""
    assert r.side(0).queues["busy"].utilization == pytest.approx(20 / (5 * 8 * 5 / 7))
    # Wq (Erlang C, Allen-Cunneen) at 4 people is 1.24h, over the declared 1h: all of it is queueing,
    # q = 1h, and it scales by Wq' / Wq (0.21h at 5 people)
    service = 0.2 * 24 / (8 * 5 / 7)
    before = allen_cunneen(4, 0.875 * 4, service, 1.0)
    after = allen_cunneen(5, 0.7 * 5, service, 1.0)
    assert before is not None and after is not None  # both under 100%
    assert before == pytest.approx(1.2396, abs=1e-4) and after == pytest.approx(0.2116, abs=1e-4)
    assert r.saved_days(0) == pytest.approx(days(1 - 1 * after / before))
    assert ("bottleneck", "busy") in r.gone(0)


def test_bottleneck_warning_is_the_configured_one(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(BUSY, first="work-it"), "bottleneck",
                           config="rules: {bottleneck: {warning: 0.6}}\n")
    # under 60%: 20 / 0.6 = 33.3 h: 6 people (58.3%); 5 are 70%
    assert r.remedies[0].yaml.endswith("      - staff: {busy: 6}\n")


BACKLOG = "work-it: {team: busy, wait: 1h, work: 12m, sla: 2d, backlog: {open: 10200, oldest: 30d%s}, next: done}"


def test_backlog_age_staff_to_the_promise_within_the_horizon(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(BACKLOG % ", as_of: 2026-10-01", first="work-it"), "backlog-age")
    [staff] = r.remedies
    # past the promise: 10,200 - 2d x 100 = 10,000 items x 12m = 2,000 h; within 90 days: 22.2 h a day spare
    # over the 20 h load: 42.2 h, 5.71 a person: 8 people (25.7 h spare, 77.8 days); 7 leave 20 h: 100 days
    assert staff.yaml.endswith("      - staff: {busy: 8}\n")
    assert r.side(0).backlogs["busy"].promise_days == pytest.approx(2000 / (8 * 40 / 7 - 20))
    assert r.evaluation.baseline.backlogs["busy"].promise_days == pytest.approx(2000 / (4 * 40 / 7 - 20))
    assert staff.note == "projected: the backlog as counted is worked off by the team's spare capacity"
    # the snapshot stays as counted, so the finding closes by its projected date: 2026-10-01 + 78 days
    # (77.8 rounded up) = 2026-12-18; the baseline's 700 days are past the horizon
    assert ("backlog-age", "work-it") in r.gone(0)
    assert "backlog-age" not in {f.rule for f in r.side(0).findings["p"]}
    [(key, clearing)] = r.side(0).projected.items()
    assert key == ("p", "backlog-age", "work-it") and clearing.promise_date == dt.date(2026, 12, 18)
    assert named(r.finding, r.side(0)) == "backlog-age at work-it by 2026-12-18 (projected)"


def test_a_backlog_without_its_date_closes_within_its_days(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(BACKLOG % "", first="work-it"), "backlog-age")
    assert named(r.finding, r.side(0)) == "backlog-age at work-it within 78 days (projected)"


def _scenarios(tmp_path: Path, text: str, *changes: str) -> tuple[Evaluation, Finding]:
    """The process ``text`` evaluated with one scenario per change, and its backlog-age finding."""
    result = run(tmp_path, text, catalog=CATALOG)
    walks = {w.process.id: w for w in result.walks}
    scenarios = [read_back(f"scenarios:\n  s{n}:\n    title: S\n    changes:\n      - {c}\n", "<test>", "p")
                 for n, c in enumerate(changes)]
    evaluation = evaluate(list(p.process for p in result.walks), scenarios, result.config, walks=walks)
    [finding] = [f for f in result.findings if f.rule == "backlog-age"]
    return evaluation, finding


def test_a_backlog_that_never_clears_stays_open_in_every_scenario(tmp_path: Path) -> None:
    # 120 a day x 12m = 24 h a day against 4 x 40 / 7 = 22.9 h: it never clears. With 5 people (28.6 h)
    # it does, but (10,200 - 240) x 12m = 1,992 h at 4.6 h a day spare is 436 days, past the 90-day
    # horizon; halving the call's work leaves the busy team as it is
    evaluation, finding = _scenarios(tmp_path, process(BACKLOG % "", demand=120, first="work-it"),
                                     "staff: {busy: 5}", "work: {call: -50%}")
    assert evaluation.baseline.backlogs["busy"].promise_days is None
    assert evaluation.scenarios[0].backlogs["busy"].promise_days == pytest.approx(1992 / (5 * 40 / 7 - 24))
    for side in evaluation.scenarios:
        assert finding.key not in side.projected and ("backlog-age", "work-it") in {
            (f.rule, f.at) for f in side.findings["p"]}


def test_a_backlog_the_baseline_works_off_anyway_is_no_scenarios_doing(tmp_path: Path) -> None:
    # 400 open, 100 a day: a new item waits 4 days against 2; (400 - 200) x 12m = 40 h at 2.9 h a day
    # spare is 14 days at the baseline already, so more staff closes nothing by projection
    text = process(BACKLOG.replace("10200", "400") % "", first="work-it")
    evaluation, finding = _scenarios(tmp_path, text, "staff: {busy: 8}")
    assert evaluation.baseline.backlogs["busy"].promise_days == pytest.approx(40 / (4 * 40 / 7 - 20))
    assert finding.key not in evaluation.scenarios[0].projected
    assert finding.key in {f.key for f in evaluation.scenarios[0].findings["p"]}


def test_backlog_horizon_is_configured(remedied) -> None:  # type: ignore[no-untyped-def]
    # within 30 days: 66.7 h spare + 20 h load = 86.7 h: 16 people (91.4 h, 28.2 days); 15: 31.1 days
    r: Remedied = remedied(process(BACKLOG % "", first="work-it"), "backlog-age",
                           config="remedies: {backlog-horizon: 30d}\n")
    assert r.remedies[0].yaml.endswith("      - staff: {busy: 16}\n")


ELSEWHERE = "check: {team: back, wait: 1d, work: 30m, next: done}"


def test_frontline_powerless_makes_it_right_at_the_first_contact(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(ELSEWHERE), "frontline-powerless")
    [right] = r.remedies
    assert right.yaml.endswith("      - resolve: {at: call, share: 0.5}\n")
    assert right.note == "assumption: 50% of cases made right there (remedies: make-it-right-share)"
    # half the cases skip the 1d 30m at the back office
    assert r.saved_days(0) == pytest.approx(days(0.5 * 24.5))  # 18,643 customer-days
    assert ("frontline-powerless", "call") in r.gone(0)


def test_the_make_it_right_share_is_configured(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(ELSEWHERE), "frontline-powerless",
                           config="remedies: {make-it-right-share: 0.3}\n")
    assert r.remedies[0].yaml.endswith("      - resolve: {at: call, share: 0.3}\n")
    assert r.saved_days(0) == pytest.approx(days(0.3 * 24.5))


PING = ("check: {team: back, wait: 1d, work: 30m, next: callback}",
        "callback: {kind: contact, team: front, wait: 4h, work: 5m, next: post}",
        "post: {team: back, wait: 1d, work: 10m, next: %s}")


def test_ping_pong_moves_the_returning_step(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(*PING[:2], PING[2] % "done"), "ping-pong", at="front")
    [moved] = r.remedies
    assert moved.yaml.endswith("      - team: {callback: back}\n")
    # front -> back -> front -> back: 3 handoffs; with the call-back done by the back office, 1
    assert r.evaluation.baseline.walks["p"].figures.handoffs == pytest.approx(3)
    assert r.side(0).walks["p"].figures.handoffs == pytest.approx(1)
    # the back office declares no staff: the waits stay as declared, so no customer-day changes
    assert r.saved_days(0) == pytest.approx(0)
    assert ("ping-pong", "front") in r.gone(0)


def test_handoff_chain_moves_every_returning_step(remedied) -> None:  # type: ignore[no-untyped-def]
    steps = (*PING[:2], PING[2] % "confirm", "confirm: {team: front, work: 5m, next: done}")
    r: Remedied = remedied(process(*steps), "handoff-chain")
    [moved] = r.remedies
    # the frontline's returns first (the call-back, then the confirmation): 4 handoffs become 1
    assert moved.yaml.endswith("      - team: {callback: back, confirm: back}\n")
    assert r.evaluation.baseline.walks["p"].figures.handoffs == pytest.approx(4)
    assert r.side(0).walks["p"].figures.handoffs == pytest.approx(1)
    assert ("handoff-chain", "p") in r.gone(0)


def test_handoff_chain_without_returns_has_no_remedy(remedied) -> None:  # type: ignore[no-untyped-def]
    steps = ("a: {team: back, work: 5m, next: b}", "b: {team: leads, work: 5m, next: c}",
             "c: {team: desk, work: 5m, next: d}", "d: {team: busy, work: 5m, next: done}")
    assert remedied(process(*steps, first="a"), "handoff-chain").remedies == []


def test_repeat_contact_tells_the_customer(remedied) -> None:  # type: ignore[no-untyped-def]
    r: Remedied = remedied(process(*PING[:2], PING[2] % "done"), "repeat-contact")
    [told] = r.remedies
    assert told.yaml.endswith("      - remove: callback\n")
    # two contacts a case, one of them a repeat; without the call-back: 4h 5m less
    assert r.saved_days(0) == pytest.approx(days(4 + 5 / 60))  # 6,214 customer-days
    assert ("repeat-contact", "p") in r.gone(0)


def test_every_rule_has_a_remedy_or_says_why_not() -> None:
    without = {"invalid", "sla-breach", "impossible-wait", "system-sprawl", "unused-policy"}
    assert set(REMEDIES) == set(REGISTRY) - without
    for rule in without:
        assert "Remedy: none" in (REGISTRY[rule].__doc__ or ""), rule
    for rule in REMEDIES:
        assert "Remedy:" in (REGISTRY[rule].__doc__ or ""), rule
