"""The fast scan of a large plain XES file in two processes, half of its traces each.

The scan is Python around regular expressions that run in C, one process on
one core; on a machine with two cores or more, a file of at least
:data:`LARGE` bytes is cut after the ``</trace>`` nearest its middle: a forked
child scans the second half into a file of its own while this process scans
the first, and DuckDB reads the two files in order, as one.  Either half not
plain makes the file not plain (:class:`~.xesscan.NotPlain`), as with one
process; anything else going wrong in the child, and a gzipped or small file,
or a system without ``os.fork`` (Windows), leaves the whole scan to this process.
"""
from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import IO, cast

from processwalk.eventlog import xesscan
from processwalk.eventlog.progress import tracked

LARGE = 32 << 20  # bytes: about a second of scanning, past which a second process pays
WINDOW = 1 << 20  # bytes searched for a </trace> from the middle on
_NOT_PLAIN = 3  # the child's exit code when its half is not plain


def cut(path: Path) -> int | None:
    """Where to cut the file at ``path`` in two (just after a ``</trace>``), or ``None``: scan it whole."""
    size = path.stat().st_size
    if size < LARGE or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    with open(path, "rb") as raw:
        if raw.read(2) == b"\x1f\x8b":
            return None
        raw.seek(size // 2)
        found = raw.read(WINDOW).find(b"</trace>")
    return None if found < 0 else size // 2 + found + len(b"</trace>")


def scan(path: Path, at: int, spec: Sequence[tuple[bool, str | None]], first: IO[str], second: Path) -> bool:
    """Scan the traces of ``path`` before ``at`` here, writing tab-separated rows to ``first``, and
    those after ``at`` in a child process, to the file ``second``; whether both halves were
    scanned (``False``: scan the file whole)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the forked child, which coverage does not follow
        code = 1
        try:
            with open(path, "rb") as raw, open(second, "w", newline="", encoding="utf-8") as out:
                raw.seek(at)
                xesscan.scan(raw, spec, partial(xesscan.tabbed, out), "", first=False)
            code = 0
        except xesscan.NotPlain:
            code = _NOT_PLAIN
        finally:
            os._exit(code)
    try:
        with open(path, "rb") as raw:
            with tracked(cast(IO[bytes], _Until(raw, at)), raw, at, f"reading {path.name}") as read:
                xesscan.scan(read, spec, partial(xesscan.tabbed, first), "", last=False)
    except BaseException as failed:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if isinstance(failed, OSError):
            return False  # the whole scan says what it is
        raise
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if code == _NOT_PLAIN:
        raise xesscan.NotPlain("the second half of the file is not plain")
    return code == 0


class _Until:
    """``raw``'s reads up to the byte ``end``."""

    def __init__(self, raw: IO[bytes], end: int) -> None:
        self.raw, self.end = raw, end

    def read(self, size: int = -1) -> bytes:
        left = self.end - self.raw.tell()
        return self.raw.read(left if size < 0 else min(size, left))
