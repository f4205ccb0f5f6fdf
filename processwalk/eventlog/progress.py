"""A progress bar for long reads: on standard error when it is a terminal, nothing otherwise.

:func:`tracked` wraps the byte stream a reader reads (an XES file, or the file
under its gzip stream) so that each ``read`` moves a ``click`` progress bar by
the bytes of the file read so far.  Small files (under :data:`LONG` bytes) and
output that is not a terminal (a pipe, a file, CI) get no bar at all.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, TextIO

LONG = 16 << 20  # bytes: files smaller than this read in about a second


class _Tracked:
    """``stream``'s ``read``, moving ``bar`` by the position of ``raw`` (the file on disk)."""

    def __init__(self, stream: IO[bytes], raw: IO[bytes], bar: Any) -> None:
        self.stream, self.raw, self.bar, self.done = stream, raw, bar, 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        position = self.raw.tell()
        self.bar.update(position - self.done)
        self.done = position
        return data


@contextmanager
def tracked(stream: IO[bytes], raw: IO[bytes], size: int, label: str,
            file: TextIO | None = None) -> Iterator[IO[bytes]]:
    """``stream`` itself, or, for a long read on a terminal, ``stream`` moving a bar on ``file``
    (standard error by default) by the bytes read from ``raw`` out of ``size``."""
    out = file or sys.stderr
    if size < LONG or not out.isatty():
        yield stream
        return
    import click

    with click.progressbar(length=size, label=label, file=out, show_eta=True) as bar:
        yield _Tracked(stream, raw, bar)  # type: ignore[misc]
