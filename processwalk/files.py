"""Opening the files a run reads: regular files only, of a sane size, with one clear line when not.

A FIFO named ``p.yaml`` would block the reader forever and a link to ``/dev/zero`` would fill the
memory; a file that cannot be read says why (permission, a folder, a missing folder on the way),
never "internal error".  Every input goes through :func:`read_bytes` or :func:`regular`.
"""
from __future__ import annotations

import os
import re
import stat

from processwalk.errors import Location, Problem, ProcessWalkError

#: The largest YAML file read (a process of 5,000 steps is about 1 MB).
MAX_YAML_BYTES = 64 * 1024 * 1024

_PROCESS_KEY = re.compile(rb"^process[ \t]*:", re.MULTILINE)


def is_process(data: bytes) -> bool:
    """Whether a YAML file's bytes hold a top-level ``process:`` key: the file is a process, never a
    catalog.  The one test of it before parsing (planning which files a run or a diff reads);
    after parsing, :func:`processwalk.build.kind_of` says the same of the document's root."""
    return _PROCESS_KEY.search(data) is not None


def regular(path: str) -> int:
    """The size of the regular file ``path``; raise a positioned :class:`ProcessWalkError` otherwise."""
    try:
        status = os.stat(path)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if stat.S_ISDIR(status.st_mode):
        raise _refused(path, "is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(status.st_mode) else
                "a device" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode) else
                "a socket" if stat.S_ISSOCK(status.st_mode) else "not a regular file")
        raise _refused(path, f"is {kind}, not a regular file; processwalk reads files only")
    return status.st_size


def read_bytes(path: str, *, limit: int = MAX_YAML_BYTES) -> bytes:
    """The content of the regular file ``path``, refused past ``limit`` bytes."""
    if regular(path) > limit:
        raise _refused(path, f"is larger than {limit // (1024 * 1024)} MB; a process, catalog or "
                             "configuration file is far smaller")
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if len(data) > limit:  # pragma: no cover - the file grew while it was read
        raise _refused(path, f"is larger than {limit // (1024 * 1024)} MB")
    return data


def unreadable(path: str, exc: OSError) -> str:
    """One line on why ``path`` cannot be read."""
    reason = exc.strerror or type(exc).__name__
    if isinstance(exc, PermissionError):
        return f"cannot read the file ({reason}); give yourself read permission, e.g. chmod u+r"
    if isinstance(exc, NotADirectoryError):
        return f"cannot read the file ({reason}): a part of the path is a file, not a folder"
    return f"cannot read the file ({reason}); check that it is a readable file"


def _unreadable(path: str, exc: OSError) -> ProcessWalkError:
    return ProcessWalkError(Problem(Location(path), unreadable(path, exc)))


def _refused(path: str, what: str) -> ProcessWalkError:
    return ProcessWalkError(Problem(Location(path), f"the path {what}"))
