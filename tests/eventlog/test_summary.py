"""Figures of a log (processwalk/eventlog/summary.py, queries.py), by hand and against pm4py."""
from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from processwalk.eventlog import EventLog, read_log, summarise
from processwalk.eventlog import summary as s

from .conftest import HEADER, LOGS

LogOf = Callable[[str], EventLog]

# Three tickets (times in UTC).  c1: ann registers, bob checks, ann checks again,
# bob closes; c2: ann registers and closes; c3: bob registers, ann checks, still open.
TICKETS = """\
c1,Register,2024-01-01 09:00:00,ann,front,complete
c1,Check,2024-01-01 09:10:00,bob,back,complete
c1,Check,2024-01-01 09:40:00,ann,front,complete
c1,Close,2024-01-01 10:00:00,bob,back,complete
c2,Register,2024-01-02 08:00:00,ann,front,complete
c2,Close,2024-01-02 08:30:00,ann,front,complete
c3,Register,2024-01-02 12:00:00,bob,back,complete
c3,Check,2024-01-02 13:00:00,ann,front,complete
"""


@pytest.fixture
def tickets(log_of: LogOf) -> EventLog:
    return log_of(TICKETS)


def test_counts(tickets: EventLog) -> None:
    assert s.counts(tickets) == s.Counts(3, 8, 3, 2, 2, dt.datetime(2024, 1, 1, 9), dt.datetime(2024, 1, 2, 13))


def test_endpoints(tickets: EventLog) -> None:
    assert s.endpoints(tickets) == s.Endpoints({"Register": 3}, {"Check": 1, "Close": 2})


def test_follows(tickets: EventLog) -> None:
    assert s.follows(tickets) == (
        s.Follows("Check", "Check", 1, 1, 1800.0, 1800.0, 1800.0, 1800.0),  # c1 09:10 -> 09:40
        s.Follows("Check", "Close", 1, 1, 1200.0, 1200.0, 1200.0, 1200.0),  # c1 09:40 -> 10:00
        # c1 600 s, c3 3600 s: mean = median = (600 + 3600) / 2
        s.Follows("Register", "Check", 2, 2, 2100.0, 2100.0, 600.0, 3600.0),
        s.Follows("Register", "Close", 1, 1, 1800.0, 1800.0, 1800.0, 1800.0),  # c2
    )


def test_activities(tickets: EventLog) -> None:
    assert s.activities(tickets) == (
        # waits 600 (c1), 1800 (c1 again), 3600 (c3): mean 2000, median 1800; c1 checks twice
        s.Activity("Check", 3, 2, 1, 2000.0, 1800.0, None, None),
        s.Activity("Close", 2, 2, 0, 1500.0, 1500.0, None, None),  # waits 1200 (c1), 1800 (c2)
        s.Activity("Register", 3, 3, 0, None, None, None, None),  # first steps: no wait
    )


def test_service_times_from_start_events(log_of: LogOf) -> None:
    log = log_of("c1,A,2024-01-01 09:00,,,start\n"
                 "c1,A,2024-01-01 09:20,,,complete\n"
                 "c1,B,2024-01-01 10:00,,,start\n"
                 "c1,B,2024-01-01 10:30,,,complete\n"
                 "c1,A,2024-01-01 11:00,,,complete\n")
    assert s.activities(log) == (
        # A: started 09:00, done 09:20 (service 1200 s, first: no wait); done again at 11:00 without a
        # start: waited 11:00 - 10:30 = 1800 s
        s.Activity("A", 2, 1, 1, 1800.0, 1800.0, 1200.0, 1200.0),
        # B: waited 10:00 - 09:20 = 2400 s, worked 10:00 - 10:30 = 1800 s
        s.Activity("B", 1, 1, 0, 2400.0, 2400.0, 1800.0, 1800.0),
    )
    assert [(f.source, f.target, f.mean_seconds) for f in s.follows(log)] == [("A", "B", 4200.0),
                                                                              ("B", "A", 1800.0)]
    assert s.counts(log).events == 5
    assert s.lead_times(log).mean_seconds == 7200.0  # 09:00 to 11:00, start events included


def test_without_complete_events_every_event_is_a_step(log_of: LogOf) -> None:
    log = log_of("c1,A,2024-01-01 09:00,,,start\nc1,B,2024-01-01 09:30,,,start\n")
    assert [(f.source, f.target) for f in s.follows(log)] == [("A", "B")]


def test_arrivals(tickets: EventLog) -> None:
    arrivals = s.arrivals(tickets)
    assert arrivals == s.Arrivals(
        cases=3,
        first_day=dt.date(2024, 1, 1),  # a Monday
        last_day=dt.date(2024, 1, 2),
        per_day={dt.date(2024, 1, 1): 1, dt.date(2024, 1, 2): 2},
        mean_per_day=1.5,
        by_weekday={"Mon": 1.0, "Tue": 2.0, "Wed": 0.0, "Thu": 0.0, "Fri": 0.0, "Sat": 0.0, "Sun": 0.0},
        mean_interarrival_seconds=48600.0,  # first to last arrival: 27 h = 97200 s over 2 gaps
    )


def test_lead_times(tickets: EventLog) -> None:
    # c1 3600 s, c2 1800 s, c3 3600 s
    assert s.lead_times(tickets) == s.LeadTimes(3, 3000.0, {50: 3600.0, 75: 3600.0, 90: 3600.0, 95: 3600.0},
                                                1800.0, 3600.0)
    # closed c1 and c2 only; p75 = 1800 + 0.75 * 1800, as numpy interpolates
    assert s.lead_times(tickets, ends=["Close"]) == s.LeadTimes(
        2, 2700.0, {50: 2700.0, 75: 3150.0, 90: 3420.0, 95: 3510.0}, 1800.0, 3600.0)
    assert s.lead_times(tickets, ends=[]) == s.LeadTimes(0, None, {}, None, None)


def test_open_cases(tickets: EventLog) -> None:
    # Close ends 2 of its 2 occurrences, Check 1 of 3, Register 0 of 3: only Close is an end activity
    assert s.open_cases(tickets) == s.OpenCases(1, ("Close",), {"Check": 1}, 0.5)
    assert s.open_cases(tickets, threshold=0.3) == s.OpenCases(0, ("Check", "Close"), {}, 0.3)
    assert s.open_cases(tickets, ends=["Check"]) == s.OpenCases(2, ("Check",), {"Close": 2}, 0.5)


def test_handovers(tickets: EventLog) -> None:
    handovers = s.handovers(tickets)
    # c1: ann, bob, ann, bob; c2: ann, ann; c3: bob, ann
    assert handovers == s.Handovers(
        by="resource",
        pairs=5,
        handoffs=4,
        pingpong_cases=1,  # c1: ann, bob, ann (and bob, ann, bob)
        return_cases=1,  # c1
        edges=(
            s.Handover("ann", "ann", direct=1, indirect=1, cases=1, pingpong=0),  # c2; c1 steps 1 and 3
            s.Handover("ann", "bob", direct=2, indirect=0, cases=1, pingpong=1),
            s.Handover("bob", "ann", direct=2, indirect=0, cases=2, pingpong=1),
            s.Handover("bob", "bob", direct=0, indirect=1, cases=0, pingpong=0),  # c1 steps 2 and 4
        ),
    )
    assert handovers.share("ann", "bob") == 2 / 5
    assert handovers.share("bob", "bob") == handovers.share("zoe", "ann") == 0.0
    groups = s.handovers(tickets, "group")
    assert [(e.source, e.target, e.direct) for e in groups.edges] == [
        ("back", "back", 0), ("back", "front", 2), ("front", "back", 2), ("front", "front", 1)]


def test_a_step_without_performer_breaks_the_chain(log_of: LogOf) -> None:
    log = log_of("c1,A,2024-01-01 09:00,ann,,\nc1,B,2024-01-01 09:10,,,\nc1,C,2024-01-01 09:20,bob,,\n")
    assert s.handovers(log) == s.Handovers("resource", 0, 0, 0, 0, (s.Handover("ann", "bob", 0, 1, 0, 0),))


def test_summarise_uses_closed_cases_for_lead_times(tickets: EventLog) -> None:
    summary = summarise(tickets)
    assert summary.lead_times == s.lead_times(tickets, ends=["Close"])
    assert summary.open_cases.count == 1
    assert summary.groups.by == "group"


# On DuckDB, activity, resource and group are ENUM columns (staging.code): the figures are those
# of the text, in the order of the text.

def test_text_columns_are_coded_on_duckdb(tickets: EventLog) -> None:
    types = dict(tickets.engine.rows("SELECT column_name, data_type FROM information_schema.columns"
                                     " WHERE table_name = 'loaded'"))
    assert (types["case_id"], types["activity"], types["resource"], types["grp"], types["lifecycle"]) == (
        "VARCHAR", "ENUM('Check', 'Close', 'Register')", "ENUM('ann', 'bob')", "ENUM('back', 'front')", "VARCHAR")


def test_duckdb_runs_at_least_four_threads(log_of: LogOf) -> None:
    from processwalk.eventlog.read import threads

    assert (threads(1), threads(2), threads(4), threads(12)) == (4, 4, 4, 12)
    log = log_of("c1,open,2024-01-01 10:00,,,\n")
    assert log.engine.rows("SELECT current_setting('threads')") == [(threads(),)]



def test_duckdb_spills_to_a_folder_of_its_own_never_into_the_current_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.csv").write_text(HEADER + "c1,open,2024-01-01 10:00,,,\n")
    with read_log(tmp_path / "log.csv", memory_limit="64MB") as log:
        [(folder,)] = log.engine.rows("SELECT current_setting('temp_directory')")
        assert Path(folder).parent == Path(tempfile.gettempdir())
        # a grouping of 2,000,000 distinct 32-character keys holds far more than 64 MB: it spills
        assert log.engine.rows("SELECT COUNT(*) FROM (SELECT md5(CAST(range AS VARCHAR)) AS k, COUNT(*)"
                               " FROM range(2000000) GROUP BY k) g") == [(2_000_000,)]
        assert Path(folder).is_dir()
    assert not Path(folder).exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "log.csv"]


ODD_NAMES = """\
c1,b,2024-01-01 09:00,Ann,,
c1,B,2024-01-01 09:10,ann,,
c1,é,2024-01-01 09:20,Ann,,
c2,a,2024-01-01 10:00,,,
c2,b,2024-01-01 10:00,bob,,
"""


@pytest.mark.parametrize("rows", [TICKETS, ODD_NAMES])
def test_coded_and_text_columns_give_the_same_summary(log_of: LogOf, monkeypatch: pytest.MonkeyPatch,
                                                      rows: str) -> None:
    from processwalk.eventlog import staging

    coded = summarise(log_of(rows))
    monkeypatch.setattr(staging, "CODED_LIMIT", 0)  # no column is coded
    text = log_of(rows)
    assert text.engine.rows("SELECT DISTINCT typeof(activity) FROM loaded") == [("VARCHAR",)]
    assert summarise(text) == coded
    # text order (bytes): upper case, then lower case, then accented
    assert [a.name for a in coded.activities] == (["B", "a", "b", "é"] if rows == ODD_NAMES else
                                                  ["Check", "Close", "Register"])


# Against pm4py, the reference (used only in tests and benchmarks).

@pytest.fixture(scope="module", params=["helpdesk.xes.gz", "receipt.xes.gz", "receipt.csv"])
def both(request: pytest.FixtureRequest) -> Iterator[tuple[EventLog, Any]]:
    pm4py = pytest.importorskip("pm4py")
    path = LOGS / request.param
    with warnings.catch_warnings():  # pm4py advertises optional faster importers
        warnings.simplefilter("ignore")
        if path.suffix == ".csv":
            import pandas as pd

            frame = pm4py.format_dataframe(pd.read_csv(path))
        else:
            frame = pm4py.read_xes(str(path), show_progress_bar=False)
    with read_log(path) as log:
        yield log, frame


EXPECTED = {"helpdesk": (4580, 21348), "receipt": (1434, 8577)}


def test_counts_as_pm4py(both: tuple[EventLog, Any]) -> None:
    log, frame = both
    counts = s.counts(log)
    assert (counts.cases, counts.events) == (frame["case:concept:name"].nunique(), len(frame))
    assert (counts.cases, counts.events) == EXPECTED[log.source.split("/")[-1].split(".")[0]]


def test_rework_as_pm4py(both: tuple[EventLog, Any]) -> None:
    import pm4py

    log, frame = both
    ours = {a.name: a.rework_cases for a in s.activities(log) if a.rework_cases}
    assert ours == pm4py.get_rework_cases_per_activity(frame)


def test_directly_follows_as_pm4py(both: tuple[EventLog, Any]) -> None:
    import pm4py

    log, frame = both
    performance, starts, ends = pm4py.discover_performance_dfg(frame)
    frequency = pm4py.discover_dfg(frame)[0]
    ours = {(f.source, f.target): f for f in s.follows(log)}
    assert ours.keys() == performance.keys() == frequency.keys()
    for pair, figures in performance.items():
        assert ours[pair].count == frequency[pair]
        assert ours[pair].mean_seconds == pytest.approx(figures["mean"], rel=1e-6)
        assert ours[pair].median_seconds == pytest.approx(figures["median"], rel=1e-6)
        assert (ours[pair].min_seconds, ours[pair].max_seconds) == pytest.approx((figures["min"], figures["max"]))
    assert s.endpoints(log) == s.Endpoints(starts, ends)


def test_case_durations_and_arrivals_as_pm4py(both: tuple[EventLog, Any]) -> None:
    import numpy
    import pm4py

    log, frame = both
    durations = pm4py.get_all_case_durations(frame)
    lead = s.lead_times(log)
    assert lead.cases == len(durations)
    assert lead.mean_seconds == pytest.approx(numpy.mean(durations), rel=1e-9)
    for p, value in lead.percentiles.items():
        assert value == pytest.approx(numpy.percentile(durations, p), rel=1e-9)
    assert s.arrivals(log).mean_interarrival_seconds == pytest.approx(pm4py.get_case_arrival_average(frame),
                                                                      rel=1e-9)


def test_handover_of_work_as_pm4py(both: tuple[EventLog, Any]) -> None:
    import pm4py

    log, frame = both
    network = pm4py.discover_handover_of_work_network(frame, beta=0).connections
    handovers = s.handovers(log)
    assert {(e.source, e.target) for e in handovers.edges if e.direct} == set(network)
    for (source, target), value in network.items():
        assert handovers.share(source, target) == pytest.approx(value, rel=1e-12)
