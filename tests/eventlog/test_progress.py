"""The progress bar of long reads (processwalk/eventlog/progress.py): on a terminal only."""
from __future__ import annotations

import io
from pathlib import Path

from processwalk.eventlog import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def read_all(path: Path, out: io.StringIO) -> bytes:
    with open(path, "rb") as raw, progress.tracked(raw, raw, path.stat().st_size, "reading log", out) as stream:
        return b"".join(iter(lambda: stream.read(1 << 20), b""))


def test_a_long_read_on_a_terminal_shows_a_bar(tmp_path: Path) -> None:
    path = tmp_path / "log.xes"
    path.write_bytes(b"x" * progress.LONG)
    out = Terminal()
    assert read_all(path, out) == b"x" * progress.LONG
    shown = out.getvalue()
    assert "reading log" in shown
    assert "100%" in shown


def test_quiet_off_a_terminal_and_on_short_reads(tmp_path: Path) -> None:
    path = tmp_path / "log.xes"
    path.write_bytes(b"x" * progress.LONG)
    out = io.StringIO()
    assert read_all(path, out) == b"x" * progress.LONG
    assert out.getvalue() == ""
    short = tmp_path / "short.xes"
    short.write_bytes(b"x" * (progress.LONG - 1))
    terminal = Terminal()
    assert len(read_all(short, terminal)) == progress.LONG - 1
    assert terminal.getvalue() == ""
