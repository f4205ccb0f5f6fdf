"""Large processes stay bounded in time and memory (issue 14).

Run ``python bench/bench_large.py``.  It writes two synthetic processes into a temporary
folder and runs the real command line on each in a child process, printing the best wall
time of three runs and the child's peak memory (its maximum resident set, imports included):

* ``analyze`` of a 5,000-step linear process               target: under 2 s and 500 MB;
* ``analyze`` of 299 steps of 50 branches each (a dense DAG)  target: under 10 s and 1 GB;
* ``report`` of each (the diagram is their team map: Graphviz would take minutes)
                                                                target: under 10 s and 1 GB.

Memory must grow with the steps and branches, not their square.  The exit status is 1 when a
target is missed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
MB = 1024 * 1024


def linear(steps: int) -> str:
    lines = ["process: big-linear", "title: Big linear", "demand: 100/day", "start: s0000",
             "teams:", "  t: {name: Team, staff: 50}", "steps:"]
    for i in range(steps):
        following = f"s{i + 1:04d}" if i + 1 < steps else "done"
        lines += [f"  s{i:04d}: {{team: t, wait: 5m, work: 5m, next: {following}}}"]
    return "\n".join([*lines, "  done: {kind: end}", ""])


def branchy(steps: int, branches: int) -> str:
    """Each step branches evenly to the next ``branches`` steps (the last ones to the end too)."""
    lines = ["process: big-branches", "title: Big branches", "demand: 10/day", "start: s000",
             "teams:", "  t: {name: Team, staff: 5000}", "steps:"]
    for i in range(steps):
        targets = [f"s{j:03d}" for j in range(i + 1, min(steps, i + 1 + branches))] or ["done"]
        if len(targets) < branches and targets != ["done"]:
            targets.append("done")
        share = f"{1 / len(targets):.6f}"
        lines += [f"  s{i:03d}:", "    team: t", "    wait: 5m", "    work: 5m", "    next:"]
        lines += [f"      - {{to: {t}, p: {share}}}" for t in targets[:-1]] + [f"      - {{to: {targets[-1]}}}"]
    return "\n".join([*lines, "  done: {kind: end}", ""])


def measure(args: list[str]) -> tuple[float, float, int]:
    """Best wall time (s) of ``RUNS`` runs, the largest peak memory (MB) and the last exit status."""
    best, peak, status = float("inf"), 0.0, 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(RUNS):
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "processwalk", *args], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, raw, usage = os.wait4(child.pid, 0)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss * 1024 / MB)  # ru_maxrss is in kB on Linux
        status = os.waitstatus_to_exitcode(raw)
    return best, peak, status


def main() -> int:
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "linear.yaml").write_text(linear(5000))
        (Path(tmp) / "branches.yaml").write_text(branchy(299, 50))
        cases = [("5,000-step linear process, analyze", "linear.yaml", "analyze", 2.0, 500.0),
                 ("299 steps x 50 branches, analyze", "branches.yaml", "analyze", 10.0, 1024.0),
                 ("5,000-step linear process, report", "linear.yaml", "report", 10.0, 1024.0),
                 ("299 steps x 50 branches, report", "branches.yaml", "report", 10.0, 1024.0)]
        for title, name, command, seconds, megabytes in cases:
            path = str(Path(tmp) / name)
            args = [command, path, "--format", "json"] if command == "analyze" else \
                [command, path, "-o", str(Path(tmp) / f"out-{name}"), "--force"]
            took, peak, status = measure(args)
            ok = took < seconds and peak < megabytes and status in (0, 1)
            missed += not ok
            print(f"{title}: {took:.2f} s, {peak:.0f} MB peak, exit {status} "
                  f"(target under {seconds:g} s and {megabytes:g} MB){'' if ok else '  MISSED'}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
