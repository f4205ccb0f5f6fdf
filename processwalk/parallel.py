"""How many CPUs this run may use, and how to start worker processes on this platform.

Work is shared among processes forked from this one where that is safe (Linux):
they start at once, with every module already imported and every record already
built.  macOS and Windows start fresh interpreters instead (forking is unsafe on
macOS), so there the work is only shared where it is large enough to pay for that.
"""
from __future__ import annotations

import multiprocessing
import os
import sys


def cpus() -> int:
    """The CPUs this process may run on (its affinity, as a CI runner or a container sets it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def forks() -> bool:
    """Whether worker processes are forked from this one."""
    return sys.platform.startswith("linux")


def context() -> multiprocessing.context.BaseContext:
    """The start method for worker pools: fork where :func:`forks`, else the platform's default."""
    return multiprocessing.get_context("fork" if forks() else None)
