"""How fast the CI commands are, through the whole command line.

Run ``python bench/bench_ci.py``.  It writes the project of ``bench_validate.py``
(1,000 synthetic valid process files of 50 steps and a shared catalog, 39
findings each) into a temporary git repository, commits it, and prints, as the
median (and the best) of a few runs of the real command in a subprocess:

* ``check`` over the 1,000 files, text on standard output: the issue's benchmark
  (target: under 5 s on 2 cores),
* the same writing SARIF, JUnit and Markdown too, as a CI job does (held to the same 5 s),
* ``diff --base HEAD`` after one of the 1,000 files gained an approval step (target: under 2 s).

The diff must exit 1 (a new approval breaks the default budget) and the
working tree and index must be untouched by it; the bench checks both.

The package's bytecode is compiled first, as any run after the first has it
(a machine that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every
module on every run).  Timings on a shared virtual machine vary by 10 to 20%
from run to run, hence the median of several runs.
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_validate import write_project

TARGETS = {"check": 5.0, "check-outputs": 5.0, "diff": 2.0}


def git(folder: str, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def commit(project: str) -> None:
    git(project, "init", "-q")
    git(project, "config", "user.name", "Bench")
    git(project, "config", "user.email", "bench@example.invalid")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "processes")


def add_approval(path: str) -> None:
    """Put an approval step between step-10 and step-11 of one process."""
    with open(path, encoding="utf-8") as stream:
        text = stream.read()
    text = text.replace("    next: step-11\n", "    next: sign-off\n", 1)
    text = text.replace("  done:\n", "  sign-off:\n    name: Supervisor signs off\n    kind: approval\n"
                        "    team: team-leaders\n    wait: 2d\n    work: 5m\n    next: step-11\n  done:\n", 1)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def timed(args: Sequence[str], expect: int, cwd: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "processwalk", *args], capture_output=True, text=True, cwd=cwd, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != expect:
        sys.exit(f"processwalk {' '.join(args)} exited {result.returncode}, expected {expect}:\n"
                 f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def median(args: Sequence[str], expect: int, runs: int, cwd: str) -> tuple[float, float]:
    """The median and the best of ``runs`` runs."""
    times = [timed(args, expect, cwd) for _ in range(runs)]
    return statistics.median(times), min(times)


def state(project: str) -> tuple[str, bytes, int]:
    index = os.path.join(project, ".git", "index")
    with open(index, "rb") as stream:
        return (git(project, "--no-optional-locks", "status", "--porcelain"), stream.read(),
                os.stat(index).st_mtime_ns)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    env_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [env_root, os.environ.get("PYTHONPATH")]))
    compileall.compile_dir(os.path.join(env_root, "processwalk"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="processwalk-bench-ci-") as folder:
        project = write_project(folder, options.files)
        commit(project)
        outputs = ["--output", f"sarif={folder}/r.sarif", "--output", f"junit={folder}/r.xml",
                   "--output", f"markdown={folder}/summary.md"]
        command = ["check", "project", "--fail-on", "never", "--today", "2026-11-24", "--format", "text"]
        check = median(command, 0, options.runs, folder)
        check_outputs = median([*command, *outputs], 0, options.runs, folder)
        add_approval(os.path.join(project, "process-0500.yaml"))
        before = state(project)
        diff = median(["diff", "--base", "HEAD", "project", "--today", "2026-11-24"], 1, options.runs, folder)
        if state(project) != before:
            sys.exit("diff changed the working tree or the index")
    figures = {"check": check, "check-outputs": check_outputs, "diff": diff}
    labels = {"check": f"check {options.files} files of 50 steps",
              "check-outputs": "  the same, also writing SARIF, JUnit, Markdown",
              "diff": f"diff --base HEAD, 1 of {options.files} changed"}
    worst = 0
    for name, (middle, best) in figures.items():
        verdict = "ok" if middle < TARGETS[name] else "TOO SLOW"
        worst = max(worst, verdict != "ok")
        print(f"{labels[name]:<48} {middle:6.2f} s median, {best:6.2f} s best of {options.runs}  "
              f"(target < {TARGETS[name]:g} s)  {verdict}")
    return worst


if __name__ == "__main__":
    sys.exit(main())
