"""Benchmark of the event-log layer: processwalk against pm4py, and a big CSV.

    python bench/bench_eventlog.py [--events 1000000] [--repeat 5]

1. The real logs of tests/data/eventlogs (helpdesk: Verenich, 4TU.ResearchData;
   receipt: Buijs, J.C.A.M., 4TU.ResearchData, CoSeLoG project) are read and
   summarised by processwalk and by pm4py in this one run, each from the file:
   processwalk's ``read_log`` and ``summarise``; pm4py computing every figure of
   ``summarise`` that it has a function for: case, event, activity, resource and
   group counts with the first and last time, start and end activities, the
   directly-follows graph with its performance (all aggregations), rework per
   activity, all case durations, case arrivals (the mean inter-arrival time, and
   arrivals per day with pandas) and the handover-of-work network between
   resources and, where the log has them, between groups.  ``summarise`` does
   more (waits per activity, open cases, indirect handovers, ping-pong), so the
   comparison leans in pm4py's favour.  The best of ``--repeat`` runs is printed,
   and the ratio pm4py / processwalk (target: processwalk at least 5x faster).
   pm4py is used here only as the reference.
2. A CSV of ``--events`` events (seeded, so always the same file) is generated
   in a temporary folder, then read and fully summarised (``summarise``) in a
   fresh Python process; its time and peak resident memory are printed.  With
   ``--big-pm4py``, the comparison of 1. is also run on it, once.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOGS = ROOT / "tests" / "data" / "eventlogs"  # cited in its README.md


def best(run: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock times of ``run()``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def processwalk_run(path: Path) -> None:
    from processwalk.eventlog import read_log, summarise

    with read_log(path) as log:
        summarise(log)


def pm4py_run(path: Path) -> None:
    import pandas as pd
    import pm4py

    if path.suffix == ".csv":
        df = pm4py.format_dataframe(pd.read_csv(path))
    else:
        df = pm4py.read_xes(str(path), show_progress_bar=False)
    case, activity, ts = df["case:concept:name"], df["concept:name"], df["time:timestamp"]
    (case.nunique(), len(df), activity.nunique(), ts.min(), ts.max(),
     *(df[column].nunique() for column in ("org:resource", "org:group") if column in df))
    pm4py.get_start_activities(df)
    pm4py.get_end_activities(df)
    pm4py.discover_dfg(df)
    pm4py.discover_performance_dfg(df)
    pm4py.get_rework_cases_per_activity(df)
    pm4py.get_all_case_durations(df)
    pm4py.get_case_arrival_average(df)
    ts.groupby(case).min().dt.date.value_counts()
    pm4py.discover_handover_of_work_network(df, beta=0)
    if "org:group" in df:
        pm4py.discover_handover_of_work_network(df, beta=0, resource_key="org:group")


def compare(repeat: int) -> None:
    try:
        import pm4py  # noqa: F401
    except ImportError:
        print("pm4py is not installed: no comparison (pip install pm4py)")
        return
    print(f"{'log':<18}{'processwalk':>13}{'pm4py':>10}{'ratio':>8}   (read and summarise; target: 5x)")
    for name in ("helpdesk.xes.gz", "receipt.xes.gz", "receipt.csv"):
        path = LOGS / name
        processwalk_run(path)  # the first run of each imports what it needs
        pm4py_run(path)
        ours = best(partial(processwalk_run, path), repeat)
        theirs = best(partial(pm4py_run, path), repeat)
        verdict = "ok" if theirs / ours >= 5 else "under target"
        print(f"{name:<18}{ours:>11.3f} s{theirs:>8.3f} s{theirs / ours:>7.1f}x   {verdict}")


ACTIVITIES = ["Register", "Triage", "Assign", "Work", "Ask customer", "Customer replies",
              "Escalate", "Resolve", "Reopen", "Close"]


def generate(path: Path, events: int, seed: int = 7) -> int:
    """A ticket log of ``events`` events: a happy path with loops back, random
    waits, 60 resources in 6 groups, local times with a +01:00/+02:00 offset."""
    rng = random.Random(seed)
    start = dt.datetime(2023, 1, 2, 8, 0)
    written = cases = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["case:concept:name", "concept:name", "time:timestamp", "org:resource",
                         "org:group", "lifecycle:transition"])
        while written < events:
            cases += 1
            now = start + dt.timedelta(seconds=cases * 150 + rng.randrange(600))
            for activity in _trace(rng):
                if written == events:
                    break
                now += dt.timedelta(seconds=rng.expovariate(1 / 7200))
                who = rng.randrange(60)
                offset = "+02:00" if 4 <= now.month <= 9 else "+01:00"
                writer.writerow([f"T{cases:07d}", activity, now.strftime("%Y-%m-%d %H:%M:%S") + offset,
                                 f"R{who:02d}", f"G{who // 10}", "complete"])
                written += 1
    return cases


def _trace(rng: random.Random) -> list[str]:
    steps = ["Register", "Triage", "Assign"]
    while True:
        steps.append("Work")
        if rng.random() < 0.3:
            steps += ["Ask customer", "Customer replies"]
        if rng.random() < 0.15:
            steps += ["Escalate", "Assign"]
            continue
        steps.append("Resolve")
        if rng.random() < 0.1:
            steps.append("Reopen")
            continue
        return steps + ["Close"]


def big(events: int, with_pm4py: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="processwalk-bench-") as tmp:
        path = Path(tmp) / "tickets.csv"
        start = time.perf_counter()
        cases = generate(path, events)
        print(f"\ngenerated {events:,} events in {cases:,} cases ({path.stat().st_size / 1e6:.0f} MB)"
              f" in {time.perf_counter() - start:.1f} s")
        subprocess.run([sys.executable, __file__, "--child", str(path)], check=True)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak resident memory of that process: {peak_mb:.0f} MB (target < 1024 MB)")
        process = Path(tmp) / "tickets.yaml"
        (Path(tmp) / ".processwalk.yaml").write_text("{}\n")
        subprocess.run([sys.executable, "-m", "processwalk", "discover", str(path), "-o", str(process)],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, __file__, "--calibrate", str(process), str(path)], check=True,
                       stdout=subprocess.DEVNULL)
        if with_pm4py:
            ours = best(partial(processwalk_run, path), 1)
            theirs = best(partial(pm4py_run, path), 1)
            print(f"as in the comparison above: processwalk {ours:.2f} s, pm4py {theirs:.2f} s,"
                  f" ratio {theirs / ours:.1f}x")


def child(path: Path) -> None:
    start = time.perf_counter()
    from processwalk.eventlog import read_log, summarise

    with read_log(path) as log:
        read = time.perf_counter()
        result = summarise(log)
        done = time.perf_counter()
    print(f"read {read - start:.2f} s + summarise {done - read:.2f} s = {done - start:.2f} s"
          f" (target < 10 s): {result.counts.cases:,} cases, {len(result.follows)} directly-follows pairs,"
          f" {result.open_cases.count:,} open cases")


def calibrate(process: Path, path: Path) -> None:
    """``processwalk calibrate`` in this process, timed, with this process's peak memory."""
    from processwalk.cli import main as cli

    start = time.perf_counter()
    try:
        cli(["calibrate", str(process), "--log", str(path), "--format", "json"], standalone_mode=False)
    except SystemExit as done:  # the command exits with its code
        if done.code:
            raise
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"calibrate the process discovered from it against it: {seconds:.2f} s (target < 10 s), "
          f"peak resident memory {peak_mb:.0f} MB (target < 1024 MB)", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--big-pm4py", action="store_true", help="also time pm4py on the generated log")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--calibrate", type=Path, nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    if options.calibrate:
        calibrate(*options.calibrate)
        return
    warnings.filterwarnings("ignore")
    compare(options.repeat)
    big(options.events, options.big_pm4py)


if __name__ == "__main__":
    main()
