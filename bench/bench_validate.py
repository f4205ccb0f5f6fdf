"""How fast ``processwalk validate`` is, through the whole command line.

Run ``python bench/bench_validate.py``.  It writes 1,000 synthetic valid process
files of 50 steps each (a shared catalog, loops that have a way out, every kind
of duration distribution) into a temporary folder and prints, as medians of a
few runs of the real command in a subprocess (and the CPU time it used, which
tells more than the wall clock on a machine that other work shares):

* ``validate`` over the 1,000 files         (target: under 3 s on 2 cores),
* ``processwalk --help``                     (target: under 0.3 s),
* ``validate`` refusing a billion-laughs bomb (target: under 1 s).

Performance lives here, not in the tests: the tests only check that the bomb is
refused, with the exact message.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

TEAMS = ("frontline", "back-office", "team-leaders", "finance", "logistics")
SYSTEMS = ("crm", "billing", "ledger", "telephony", "dms")
POLICIES = ("credit-approval", "four-eyes", "driver-only")
DISTRIBUTIONS = ("{mean: 2d, cv: 0.5}", "{min: 5m, mode: 10m, max: 40m}", "{p50: 10m, p90: 40m}", "1h30m",
                 "PT15M")
TARGETS = {"validate": 3.0, "help": 0.3, "bomb": 1.0}


def catalog() -> str:
    teams = "".join(f"  {t}:\n    name: Team {t}\n    staff: {5 + i}\n    hourly_cost: 30\n"
                    for i, t in enumerate(TEAMS))
    systems = "".join(f"  {s}: {{name: System {s}}}\n" for s in SYSTEMS)
    policies = "".join(f"  {p}:\n    title: Policy {p}\n    owner: Controls\n    reviewed: 2024-01-01\n"
                       f"    review_every: 1y\n" for p in POLICIES)
    return f"teams:\n{teams}systems:\n{systems}policies:\n{policies}"


def process(number: int, steps: int = 50) -> str:
    """A valid process: a chain of ``steps - 1`` steps, every fifth one looping back, then an end."""
    lines = [f"process: generated-{number:04d}", f"title: Generated process {number}", "owner: Bench",
             "demand: 120/day", "sla: 10d", "start: step-00", "steps:"]
    for i in range(steps - 1):
        lines += [f"  step-{i:02d}:", f"    name: Step {i} of process {number}",
                  f"    team: {TEAMS[i % len(TEAMS)]}",
                  f"    systems: [{SYSTEMS[i % len(SYSTEMS)]}, {SYSTEMS[(i + 1) % len(SYSTEMS)]}]",
                  f"    wait: {DISTRIBUTIONS[i % len(DISTRIBUTIONS)]}", "    work: 5m"]
        following = f"step-{i + 1:02d}" if i + 1 < steps - 1 else "done"
        if i % 5 == 4:
            lines += ["    policy: " + POLICIES[i % len(POLICIES)], "    next:",
                      f"      - to: {following}", "        p: 0.9",
                      f"      - to: step-{i - 3:02d}", "        refusal: true", "        reason: incomplete"]
        else:
            lines.append(f"    next: {following}")
    lines += ["  done:", "    kind: end", "    outcome: resolved", ""]
    return "\n".join(lines)


def bomb(levels: int = 9, width: int = 10) -> str:
    """The billion laughs: ``levels`` anchors, each a list of ``width`` aliases of the one before."""
    lines = ['a0: "lol"']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    lines[0] = 'a0: &a0 "lol"'
    return "\n".join(lines) + "\n"


def write_project(folder: str, files: int) -> str:
    project = os.path.join(folder, "project")
    os.makedirs(project)
    with open(os.path.join(project, ".processwalk.yaml"), "w", encoding="utf-8"):
        pass  # marks the project root, so catalogs of the folders above never apply
    with open(os.path.join(project, "catalog.yaml"), "w", encoding="utf-8") as out:
        out.write(catalog())
    for number in range(files):
        with open(os.path.join(project, f"process-{number:04d}.yaml"), "w", encoding="utf-8") as out:
            out.write(process(number))
    return project


def timed(args: Sequence[str], expect: int) -> tuple[float, float]:
    """Wall-clock seconds of one run of the command, and the CPU seconds it used (workers included)."""
    before = _cpu()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "processwalk", *args], capture_output=True, text=True,
                            check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != expect:
        sys.exit(f"processwalk {' '.join(args)} exited {result.returncode}, expected {expect}:\n"
                 f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed, _cpu() - before


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median(args: Sequence[str], expect: int, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``runs`` runs."""
    figures = [timed(args, expect) for _ in range(runs)]
    return statistics.median(w for w, _ in figures), statistics.median(c for _, c in figures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="processwalk-bench-") as folder:
        project = write_project(folder, options.files)
        bomb_file = os.path.join(folder, "bomb.yaml")
        with open(bomb_file, "w", encoding="utf-8") as out:
            out.write(bomb())
        figures = {
            "validate": median(["validate", project], 0, options.runs),
            "help": median(["--help"], 0, options.runs),
            "bomb": median(["validate", bomb_file], 1, options.runs),
        }
    labels = {"validate": f"validate {options.files} files of 50 steps", "help": "processwalk --help",
              "bomb": "validate refusing the alias bomb"}
    worst = 0
    print(f"{'':<38} {'wall':>8} {'cpu':>8}   (medians of {options.runs} runs; cpu counts the workers too)")
    for name, (seconds, cpu) in figures.items():
        verdict = "ok" if seconds < TARGETS[name] else "TOO SLOW"
        worst = max(worst, verdict != "ok")
        print(f"{labels[name]:<38} {seconds:6.3f} s {cpu:6.3f} s   target < {TARGETS[name]:g} s  {verdict}")
    return worst


if __name__ == "__main__":
    sys.exit(main())
