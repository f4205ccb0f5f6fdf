"""How fast the analysis is (``processwalk.analysis``).

Run ``python bench/bench_analysis.py``.  It writes synthetic valid processes into
a temporary folder, loads them with the real loader and prints, as the best of a
few runs, with the figures computed (so a wrong result shows next to the time):

* one 2,000-step process analyzed (exact figures, 10,000 simulated cases,
  friction of every policy, paths)                          target: under 2 s;
* 1,000 files of 50 steps loaded and analyzed in one pass, over the CPUs, the walks
  sent back complete                                        target: under 5 s
  (loading alone is printed apart; the same with 1,000 and 10,000 simulated cases
  per process is printed for scale: the simulation's own budget is 0.5 s a process);
* 10,000 simulated cases of a 50-step process with loops    target: under 0.5 s.

The 2,000-step process is a contact-centre triage feeding 40 request types of
50 steps each, with rework loops, approvals, policies and a 2% "misrouted, back
to triage" branch in every fourth lane: one strongly connected component of
several hundred steps, which exercises the sparse path of every solve.
"""
from __future__ import annotations

import argparse
import functools
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from processwalk.analysis.simulate import simulate
from processwalk.analysis.walk import Walk, analyze, analyzed
from processwalk.model import Process
from processwalk.project import load_each, load_paths

TEAMS = ("frontline", "back-office", "team-leaders", "finance", "logistics")
SYSTEMS = ("crm", "billing", "ledger", "telephony", "dms")
POLICIES = ("credit-approval", "four-eyes", "driver-only")
WAITS = ("{mean: 2d, cv: 0.5}", "{min: 5m, mode: 10m, max: 40m}", "{p50: 10m, p90: 40m}", "1h30m", "PT15M", "0")
WORKS = ("5m", "{mean: 12m, cv: 0.5}", "{min: 2m, mode: 4m, max: 10m}", "PT3M")
TARGETS = {"big": 2.0, "many": 5.0, "simulate": 0.5}
T = TypeVar("T")


def catalog() -> str:
    teams = "".join(f"  {t}: {{name: Team {t}, staff: {40 + 10 * i}, hourly_cost: 30}}\n"
                    for i, t in enumerate(TEAMS))
    systems = "".join(f"  {s}: {{name: System {s}}}\n" for s in SYSTEMS)
    policies = "".join(f"  {p}: {{title: Policy {p}, owner: Controls}}\n" for p in POLICIES)
    return f"teams:\n{teams}systems:\n{systems}policies:\n{policies}"


def lane(rnd: random.Random, prefix: str, steps: int, after: str, back_to: str | None) -> list[str]:
    """``steps`` steps in a row ending in ``after``; rework loops, approvals, contacts, policies."""
    lines: list[str] = []
    for i in range(steps):
        name = f"{prefix}{i:02d}"
        following = f"{prefix}{i + 1:02d}" if i + 1 < steps else after
        kind = "approval" if i % 7 == 6 else ("contact" if i % 11 == 3 else "task")
        lines += [f"  {name}:", f"    kind: {kind}", f"    team: {TEAMS[(i // 3) % len(TEAMS)]}",
                  f"    systems: [{SYSTEMS[i % 5]}, {SYSTEMS[(i + 2) % 5]}]",
                  f"    wait: {WAITS[rnd.randrange(len(WAITS))]}", f"    work: {WORKS[rnd.randrange(len(WORKS))]}"]
        if i % 5 == 4:
            policy = POLICIES[i % len(POLICIES)]
            lines += [f"    policy: {policy}", "    next:", f"      - {{to: {following}, p: 0.88}}",
                      f"      - {{to: {prefix}{i - rnd.randint(1, 4):02d}, p: 0.1, refusal: true, policy: {policy}}}",
                      "      - {to: refused, refusal: true}"]
        elif kind == "contact":
            lines += ["    next:", f"      - {{to: {following}, p: 0.95}}", "      - {to: gave-up, p: 0.05}"]
        elif back_to is not None and i == steps // 2:
            lines += ["    next:", f"      - {{to: {following}, p: 0.98}}", f"      - {{to: {back_to}, p: 0.02}}"]
        else:
            lines.append(f"    next: {following}")
    return lines


def ends() -> list[str]:
    return ["  resolved: {kind: end}", "  refused: {kind: end, outcome: refused}",
            "  gave-up: {kind: end, outcome: abandoned}"]


def big_process(lanes: int = 40, steps: int = 50, seed: int = 1) -> str:
    rnd = random.Random(seed)
    share = 1 / lanes
    lines = ["process: big", "title: A contact centre with 40 request types", "demand: 4000/day", "sla: 10d",
             "start: triage", "steps:", "  triage:", "    kind: contact", "    team: frontline",
             "    systems: [telephony, crm]", "    wait: {p50: 2m, p90: 10m}", "    work: 3m", "    next:"]
    lines += [f"      - {{to: l{k:02d}-00, p: {share!r}}}" for k in range(lanes - 1)]
    lines.append(f"      - {{to: l{lanes - 1:02d}-00}}")
    for k in range(lanes):
        lines += lane(rnd, f"l{k:02d}-", steps, "resolved" if k % 3 else "gave-up", "triage" if k % 4 == 0 else None)
    return "\n".join(lines + ends()) + "\n"


def small_process(number: int, steps: int = 50) -> str:
    lines = [f"process: generated-{number:04d}", "demand: 120/day", "sla: 10d", "start: s-00", "steps:"]
    lines += lane(random.Random(number), "s-", steps - 3, "resolved", None)
    return "\n".join(lines + ends()) + "\n"


def write(folder: str, files: dict[str, str]) -> None:
    os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, ".processwalk.yaml"), "w").close()
    for name, text in {"catalog.yaml": catalog(), **files}.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
            out.write(text)


def best(runs: int, job: Callable[[], T]) -> tuple[float, T]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - started)
    return min(times), result  # type: ignore[return-value]


def load_one(folder: str) -> Process:
    loaded = load_paths([folder])
    assert not loaded.problems, loaded.problems[:3]
    return loaded.processes[0]


def report(name: str, seconds: float, detail: str, *, judged: bool = True) -> bool:
    """Print one figure; a figure that is not ``judged`` is shown for scale, against no target."""
    if not judged:
        print(f"{name:9} {seconds:7.3f} s  (for scale, no target)  {detail}")
        return True
    ok = seconds < TARGETS[name]
    print(f"{name:9} {seconds:7.3f} s  (target < {TARGETS[name]:.1f} s) {'ok' if ok else 'SLOW'}  {detail}")
    return ok


def bench_big(root: str, runs: int) -> bool:
    write(os.path.join(root, "big"), {"big.yaml": big_process()})
    process = load_one(os.path.join(root, "big"))
    seconds, walk = best(runs, lambda: analyze(process))
    return report("big", seconds, f"{len(process.steps)} steps; {_figures(walk)}")


def bench_many(root: str, runs: int, files: int, cases: tuple[int, ...]) -> bool:
    folder = os.path.join(root, "many")
    write(folder, {f"p{n:04d}.yaml": small_process(n) for n in range(files)})
    load_s, loaded = best(runs, lambda: load_paths([folder], records=False))
    assert not loaded.problems and loaded.built == files, loaded.problems[:3]
    ok = True
    for count in cases:
        # As the commands do it: each worker loads its share and analyses it, and sends back complete
        # walks.  cases 0: the exact figures only (the simulation runs on first use, and nothing reads it).
        job = functools.partial(load_each, [folder], functools.partial(analyzed, cases=count, simulated=count > 0))
        seconds, (_, walks) = best(runs, job)
        lead = sum(w.figures.lead_time_h for w in walks) / len(walks)
        what = f"{count:,} simulated cases each" if count else "exact figures, no simulation"
        # The target is for the exact figures: the issue gives the simulation 0.5 s a process, so
        # 1,000 simulated processes cannot fit in 5 s; those runs are shown for scale.
        ok = report("many", seconds, f"{files} files, {what}, loaded and analysed in one pass (loading alone: "
                                     f"{load_s:.2f} s); mean lead time {lead / 24:.1f}d", judged=not count) and ok
    return ok


def bench_simulate(root: str, runs: int) -> bool:
    write(os.path.join(root, "sim"), {"p.yaml": small_process(7)})
    process = load_one(os.path.join(root, "sim"))
    seconds, sim = best(runs, lambda: simulate(process, cases=10_000))
    return report("simulate", seconds, f"{len(process.steps)} steps, 10,000 cases: mean {sim.mean_h:.1f}h "
                                       f"+- {sim.std_error_h:.1f}h, p85 {sim.p85_h:.1f}h")


def _figures(walk: Walk) -> str:
    f, s = walk.figures, walk.simulation
    return (f"lead {f.lead_time_h:.1f}h (simulated {s.mean_h:.1f}h +- {s.std_error_h:.1f}h), "
            f"handoffs {f.handoffs:.2f}, FPY {f.first_pass_yield:.3f}, bottleneck {walk.bottleneck}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--many-cases", type=int, nargs="+", default=[10_000, 1_000, 0],
                        help="simulated cases per file for the 1,000 files (0: exact figures only)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as root:
        ok = [bench_simulate(root, args.runs), bench_big(root, args.runs),
              bench_many(root, 1, args.files, tuple(args.many_cases))]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
