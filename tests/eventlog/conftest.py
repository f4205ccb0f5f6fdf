from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from processwalk.eventlog import EventLog, read_log
from processwalk.eventlog import calibrate as cal
from processwalk.eventlog.mapping import load_mapping
from processwalk.model import Process
from processwalk.project import load_paths

from .helpers import DESK, DESK_LOG, DESK_MAP, TICKET_LOG, TICKETS, LogOf, ProcessOf, calibrated

#: The real logs the tests read, shipped with their citation (tests/data/eventlogs/README.md).
LOGS = Path(__file__).resolve().parents[1] / "data" / "eventlogs"

HEADER = "case:concept:name,concept:name,time:timestamp,org:resource,org:group,lifecycle:transition\n"

Write = Callable[[str, str], Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """``write(name, text) -> path`` of a new file in a temporary folder."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def log_of(write: Write) -> Iterator[Callable[[str], EventLog]]:
    """``log_of(csv_rows)``: the log of a CSV with the XES header and these rows."""
    opened: list[EventLog] = []

    def log_of(rows: str) -> EventLog:
        opened.append(read_log(write("log.csv", HEADER + rows)))
        return opened[-1]

    yield log_of
    for log in opened:
        log.close()


# -- calibrations (tests/eventlog/helpers.py) --


@pytest.fixture
def process_of(write: Write) -> ProcessOf:
    def process_of(text: str) -> Process:
        loaded = load_paths([str(write("process.yaml", text))])
        assert loaded.problems == ()
        return loaded.processes[0]

    return process_of


@pytest.fixture
def tickets(process_of: ProcessOf, log_of: LogOf) -> cal.Calibration:
    return calibrated(process_of(TICKETS), log_of(TICKET_LOG))


@pytest.fixture
def desk(process_of: ProcessOf, log_of: LogOf, write: Write) -> cal.Calibration:
    process = process_of(DESK)
    given = load_mapping(str(write("map.yaml", DESK_MAP)), process)
    return calibrated(process, log_of(DESK_LOG), given)
