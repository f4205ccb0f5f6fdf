"""How fast ``processwalk report`` is, through the whole command line.

Run ``python bench/bench_report.py``.  It prints, as medians of a few runs of the
real command in a subprocess (so start-up, analysis, simulation, Graphviz and
writing are all counted):

* the report of one synthetic 150-step process (8 teams, contacts, approvals,
  decisions, refusal loops, policies, backlogs)   (target: under 3 s),
* the portfolio of the example processes in ``processes/`` (target: under 10 s),
* the same two as Markdown (no target; for comparison).

Performance lives here, not in the tests.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEAMS = ("frontline", "back-office", "team-leaders", "finance", "logistics", "field", "partner", "complaints")
KINDS = ("task", "task", "contact", "task", "approval", "task", "decision")
TARGETS = {"150 steps": 3.0, "portfolio": 10.0}


def large_process(steps: int = 150) -> str:
    """A valid process of ``steps`` steps: a chain with decisions, refusal loops and four ends."""
    lines = ["process: generated-large", "title: A large generated process (bench)", "owner: Bench",
             "demand: 400/day", "sla: 20d", "start: step-000", "teams:"]
    for i, team in enumerate(TEAMS):
        lines += [f"  {team}:", f"    name: The {team} team", f"    staff: {12 + 3 * i}",
                  f"    hourly_cost: {30 + i}"]
    lines += ["systems:", "  crm: {name: CRM}", "  erp: {name: ERP}", "policies:"]
    lines += [f"  policy-{p}:\n    title: Rule number {p} that someone wrote once\n    owner: Controls\n"
              f"    reviewed: 2024-01-01\n    review_every: 52w" for p in range(6)]
    lines.append("steps:")
    chain = steps - 3
    for i in range(chain):
        kind = KINDS[i % len(KINDS)]
        lines += [f"  step-{i:03d}:", f"    name: Step {i}, where we {kind} the case and note what we found",
                  f"    kind: {kind}", f"    team: {TEAMS[(i // 3) % len(TEAMS)]}", "    systems: [crm, erp]",
                  f"    wait: {{mean: {1 + i % 9}h, cv: 0.8}}", f"    work: {2 + i % 11}m"]
        if i % 10 == 4:
            lines.append(f"    policy: policy-{i % 6}")
        lines += ["    next:", *_branches(i, chain, kind)]
    for end, outcome in enumerate(("resolved", "refused", "abandoned")):
        lines += [f"  end-{end}:", f"    name: Outcome {end} ({outcome})", "    kind: end", f"    outcome: {outcome}"]
    return "\n".join(lines) + "\n"


def _branches(i: int, chain: int, kind: str) -> list[str]:
    following = f"step-{i + 1:03d}" if i + 1 < chain else "end-0"
    if kind == "approval":
        return [f"      - {{to: {following}, p: 0.95}}",
                "      - {to: end-1, p: 0.05, refusal: true, reason: not approved}"]
    if kind == "decision" and i + 2 < chain:
        return [f"      - {{to: {following}, p: 0.7, when: usual case}}",
                f"      - {{to: step-{i + 2:03d}, p: 0.28, when: simple case}}",
                "      - {to: end-2, p: 0.02, when: customer gives up}"]
    if i % 10 == 8 and i >= 5:
        return [f"      - {{to: {following}, p: 0.9}}",
                (f"      - {{to: step-{i - 5:03d}, p: 0.1, refusal: true, reason: incomplete, "
                 f"policy: policy-{i % 6}}}")]
    return [f"      - to: {following}"]


def timed(argv: Sequence[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=150)
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "processwalk", "report", "--today", "2026-11-24"]
    with tempfile.TemporaryDirectory() as tmp:
        large = os.path.join(tmp, "large.yaml")
        with open(large, "w", encoding="utf-8") as out:
            out.write(large_process(args.steps))
        runs = {
            f"{args.steps} steps": [*command, large, "-o", os.path.join(tmp, "large")],
            "portfolio": [*command, os.path.join(ROOT, "processes"), "-o", os.path.join(tmp, "portfolio")],
            f"{args.steps} steps, markdown": [*command, "--format", "markdown", large, "-o",
                                              os.path.join(tmp, "large-md")],
            "portfolio, markdown": [*command, "--format", "markdown", os.path.join(ROOT, "processes"), "-o",
                                    os.path.join(tmp, "portfolio-md")],
        }
        failed = False
        for name, run in runs.items():
            seconds = timed(run, args.runs)
            target = TARGETS.get(name)
            verdict = "" if target is None else (" ok" if seconds < target else " SLOW") + f" (target {target:g} s)"
            failed |= target is not None and seconds >= target
            print(f"report, {name:<26} {seconds:6.2f} s{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
