from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run

CONTRACT_FIGURES = {"lead_time_h", "touch_time_h", "flow_efficiency", "handoffs", "approvals", "refusals",
                    "first_pass_yield", "p_refused_twice", "contacts", "repeat_contacts", "teams_touched",
                    "systems_touched", "ping_pong", "outcomes", "lead_time_p50_h", "lead_time_p85_h",
                    "lead_time_p95_h"}
CONTRACT_FINDING = {"rule", "severity", "at", "file", "line", "column", "message", "why", "answered", "impact"}


def test_json_holds_the_contract(run: Run) -> None:
    code, out, err = run("analyze", "processes/refund-sendback.yaml", "--format", "json")
    assert (code, err) == (0, "")
    [process] = json.loads(out)["processes"]
    assert {"id", "file", "figures", "steps", "teams", "bottleneck", "policies", "findings"} <= set(process)
    assert CONTRACT_FIGURES <= set(process["figures"])
    assert {"visits", "reach", "predicted_wait_h", "backlog_age_d"} <= set(process["steps"]["check-refund"])
    assert {"load_h_per_day", "capacity_h_per_day", "utilization"} <= set(process["teams"]["back-office"])
    assert {"lead_time_h", "refusals", "handoffs", "approvals", "customer_days_per_year",
            "staff_hours_per_year"} <= set(process["policies"]["refund-proof"])
    assert all(CONTRACT_FINDING <= set(f) for f in process["findings"])
    assert {"customer_days_per_year", "staff_hours_per_year"} <= set(process["findings"][0]["impact"])
    assert process["file"] == "processes/refund-sendback.yaml"


def test_text_leads_with_the_figures_then_ranked_findings(run: Run) -> None:
    code, out, _ = run("analyze", "processes/billing-credit.yaml")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "billing-credit: Customer asks for a billing credit  (processes/billing-credit.yaml)"
    assert lines[1].startswith("  lead time 44.4d (simulated p50 ")
    assert "[warning]" in lines[7] and lines[7].endswith("(long-wait)")
    assert lines[8].startswith("      why? Why does a case wait 45.0d per visit for Back office")


def test_invalid_input_exits_1_with_positions(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("process: p\nstart: a\nsteps:\n  a: {team: t, wait: 5, next: b}\n  b: {kind: end}\n")
    code, out, err = run("analyze", str(bad))
    assert code == 1
    assert f"{bad}:4:22: [error] bad wait: '5' has no unit;" in err
    assert "Traceback" not in out + err


def test_walk_tells_the_stops(run: Run) -> None:
    code, out, _ = run("walk", "processes/refund-sendback.yaml")
    assert code == 0
    assert out.splitlines()[2] == "Along the most likely path, 53% of cases:"
    # the clocks are lead times so far, all in the unit of the latest (10.0d): 26m reads 0.018d
    assert "   3. [0.018d] We check the refund form against the payment" in out
    assert "   7. [ 10.0d] Money back on the customer's account" in out
    assert "Along the slowest likely path" in out


APPROVAL = """\
process: sign
start: ask
teams:
  front: {name: Front desk}
steps:
  ask: {kind: contact, team: front, work: 5m, next: approve}
  approve: {kind: approval, team: front, work: 5m, next: [{to: done, p: 0.98}, {to: done, p: 0.02, refusal: true}]}
  done: {kind: end}
"""


def test_walk_asks_by_the_configured_thresholds(run: Run, tmp_path: Path) -> None:
    process = tmp_path / "sign.yaml"
    process.write_text(APPROVAL)
    stamp = "      why? Why does Front desk have to approve 'approve' when 98% are approved?"
    code, out, _ = run("walk", str(process))
    assert code == 0 and stamp in out.splitlines()
    # an approval that passes 98% is a rubber stamp from min_pass 0.95 on, not from 0.99 on
    (tmp_path / ".processwalk.yaml").write_text("rules:\n  rubber-stamp: {min_pass: 0.99}\n")
    code, out, _ = run("walk", str(process))
    assert code == 0 and "      why? What would the customer lose if 'approve' were not done?" in out.splitlines()
    # the process's budgets override the configuration
    process.write_text(APPROVAL + "budgets:\n  rubber-stamp: {min_pass: 0.98}\n")
    code, out, _ = run("walk", str(process))
    assert code == 0 and stamp in out.splitlines()


def test_walk_refuses_a_catalog(run: Run) -> None:
    code, _, err = run("walk", "processes/catalog.yaml")
    assert (code, err) == (2, "Error: processes/catalog.yaml holds no process (it is a catalog); walk takes a "
                              "process file\n")


def test_rules_lists_every_rule_with_thresholds(run: Run) -> None:
    code, out, _ = run("rules", "--config", "processes/.processwalk.yaml")
    assert code == 0
    assert "handoff-chain  [warning]\n  thresholds: max = 3\n" in out
    assert out.count("thresholds:") == 19


def test_folder_text_ends_with_the_portfolio(run: Run) -> None:
    code, out, _ = run("analyze", "processes")
    assert code == 0
    tail = out[out.index("portfolio: shared teams"):]
    assert tail.splitlines()[1] == ("  Back office (billing, refunds, account investigations): 92% from 5 processes "
                                    "(83.4 h/day for 91.1 h)")
    assert "(bottleneck)" in tail and "(unused-policy)" in tail


def test_process_without_demand_says_not_declared(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".processwalk.yaml").write_text("{}\n")
    (tmp_path / "p.yaml").write_text("process: p\nstart: a\nteams: {t: {}}\n"
                                     "steps:\n  a: {team: t, work: 5m, next: b}\n  b: {kind: end}\n")
    code, out, _ = run("analyze", str(tmp_path))
    assert code == 0
    assert "  bottleneck: not declared (needs demand and staff)" in out.splitlines()
    assert "  findings: 0" in out.splitlines()


def test_rules_for_one_rule_and_an_unknown_one(run: Run) -> None:
    code, out, _ = run("rules", "ping-pong")
    assert code == 0 and out.startswith("ping-pong  [warning]\n  thresholds: max = 0\n")
    code, _, err = run("rules", "ping-pang")
    assert (code, err) == (2, "Error: unknown rule 'ping-pang'; did you mean 'ping-pong'?\n")


def test_schema_and_version(run: Run) -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"]
    code, out, _ = run("--version")
    assert (code, out) == (0, "processwalk, version 0.1.0\n")


def test_json_takes_each_declared_wait_apart_at_the_summed_load(run: Run, tmp_path: Path) -> None:
    catalog = "teams:\n  back: {staff: 1, hours_per_day: 8, days_per_week: 7}\n"
    process = ("process: {id}\ndemand: 8/day\nstart: a\nsteps:\n"
               "  a: {{team: back, wait: 1h, work: 15m, next: done}}\n  done: {{kind: end}}\n")
    (tmp_path / "catalog.yaml").write_text(catalog)
    (tmp_path / "p.yaml").write_text(process.format(id="p"))
    code, out, _ = run("analyze", str(tmp_path / "p.yaml"), "--format", "json")
    step = json.loads(out)["processes"][0]["steps"]["a"]
    # alone: 8 x 15m = 2 h/day on 8: rho 0.25, E[S] = 0.25h x 24 / 8 = 0.75h; M/M/1 Wq = 0.25 / 0.75 x 0.75
    # = 0.25h: queueing part min(1h, 0.25h) = 0.25h, policy part 0.75h
    assert (code, step["wait_queueing_part_h"], step["wait_policy_part_h"]) == (0, 0.25, 0.75)
    (tmp_path / "q.yaml").write_text(process.format(id="q"))
    code, out, _ = run("analyze", str(tmp_path), "--format", "json")
    steps = [p["steps"]["a"] for p in json.loads(out)["processes"]]
    # both processes on the one back office: 4 h/day, rho 0.5; Wq = 0.5 / 0.5 x 0.75 = 0.75h: queueing 0.75h
    # of each 1h wait, policy 0.25h (the per-process predicted wait stays at its own load, 0.25h)
    assert [(s["wait_queueing_part_h"], s["wait_policy_part_h"], s["predicted_wait_h"]) for s in steps] == [
        (0.75, 0.25, 0.25), (0.75, 0.25, 0.25)]
