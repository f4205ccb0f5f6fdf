"""Reading CSV logs (processwalk/eventlog/csvlog.py, staging.py)."""
from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from processwalk.errors import ProcessWalkError
from processwalk.eventlog import Columns, read_log
from processwalk.eventlog.columns import DEFAULT

from .conftest import HEADER, LOGS, Write

ISO = "expected ISO 8601 such as '2011-10-11 13:45:40' or '2011-10-11T13:45:40.276+02:00', or name the" \
      " format with timestamp_format"


def problems(path: Path, columns: Columns = DEFAULT) -> str:
    with pytest.raises(ProcessWalkError) as caught:
        read_log(path, columns)
    return caught.value.format_message()


def events(path: Path, columns: Columns = DEFAULT) -> list[tuple[object, ...]]:
    with read_log(path, columns) as log:
        return log.engine.rows("SELECT * FROM events ORDER BY seq")


def test_rows_become_events_in_utc_in_file_order(write: Write) -> None:
    path = write("log.csv", HEADER + "c2,B,2024-03-31T03:30:00+02:00,bob,back,complete\n"
                                     "c1,A,2024-03-31 01:00:00,,,\n"
                                     "c1,A,2024-03-31 01:00:00.250-01:00,ann,front,start\n")
    assert events(path) == [
        ("c2", "B", dt.datetime(2024, 3, 31, 1, 30), "bob", "back", "complete", 0),
        ("c1", "A", dt.datetime(2024, 3, 31, 1, 0), None, None, None, 1),  # no offset: taken as UTC
        ("c1", "A", dt.datetime(2024, 3, 31, 2, 0, 0, 250000), "ann", "front", "start", 2),
    ]


def test_columns_named_by_a_mapping_with_a_timestamp_format(write: Write) -> None:
    path = write("log.csv", "Ticket;When;Step;Agent\r\nT-1;31-12-2023 23:59;Open;ann\r\n")
    columns = Columns(case="Ticket", activity="Step", timestamp="When", resource="Agent",
                      timestamp_format="%d-%m-%Y %H:%M")
    assert events(path, columns) == [("T-1", "Open", dt.datetime(2023, 12, 31, 23, 59), "ann", None, None, 0)]


def test_gzipped_csv(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress((HEADER + "c1,A,2024-01-01,ann,,\n").encode()))
    assert events(path) == [("c1", "A", dt.datetime(2024, 1, 1), "ann", None, None, 0)]


def test_bad_rows_of_a_gzipped_csv(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress((HEADER + "c1,A,2024-01-01,ann,,\nc1,B,soon,ann,,\n").encode()))
    assert problems(path).startswith(f"{path}:3:0: [error] column 'time:timestamp' holds 'soon'")


def test_not_gzipped_after_all(tmp_path: Path) -> None:
    path = tmp_path / "log.csv.gz"
    path.write_text(HEADER)
    assert problems(path) == (f"{path}: [error] cannot read the CSV file: Not a gzipped file (b'ca')"
                              " (invalid)")


def test_bad_rows_are_reported_with_their_lines(write: Write) -> None:
    path = write("log.csv", HEADER + "c1,A,2024-01-01 09:00:00,ann,,complete\n"
                                     "c1,B,2024-13-01 10:00,bob,,complete\n"
                                     'c2,"two\nlines",2024-01-01 09:00:00,ann,,complete\n'
                                     "\n"
                                     "c2,C,9/1/2024,ann,,complete\n"
                                     ",,,ann,,complete\n")
    assert problems(path) == (
        f"{path}:3:0: [error] column 'time:timestamp' holds '2024-13-01 10:00', which is not a date and"
        f" time; {ISO} (invalid)\n"
        f"{path}:7:0: [error] column 'time:timestamp' holds '9/1/2024', which is not a date and time;"
        f" {ISO} (invalid)\n"
        f"{path}:8:0: [error] column 'case:concept:name' is empty; every event needs a case id (invalid)\n"
        f"{path}:8:0: [error] column 'concept:name' is empty; every event needs an activity (invalid)\n"
        f"{path}:8:0: [error] column 'time:timestamp' is empty; every event needs a timestamp (invalid)"
    )


def test_years_no_date_can_hold_are_refused_with_their_lines(write: Write) -> None:
    # DuckDB reads all three (its timestamps reach the year 294247); Python's dates stop at 9999
    path = write("log.csv", HEADER + "c1,A,10000-01-01 00:00:00,ann,,\nc1,B,-0001-01-01,ann,,\n"
                                     "c1,C,294247-01-01,ann,,\nc1,D,9999-12-31 23:59:59,ann,,\n")
    outside = "outside the years 1 to 9999 a log's times may fall in (invalid)"
    assert problems(path) == (
        f"{path}:2:0: [error] column 'time:timestamp' holds '10000-01-01 00:00:00', {outside}\n"
        f"{path}:3:0: [error] column 'time:timestamp' holds '-0001-01-01', {outside}\n"
        f"{path}:4:0: [error] column 'time:timestamp' holds '294247-01-01', {outside}")


def test_nul_bytes_are_refused_with_their_lines(write: Write) -> None:
    path = write("log.csv", HEADER + "c1,A,2024-01-01,ann,,\nc1,B\x00x,2024-01-02,ann,,\n"
                                     "c\x001,C,2024-01-03,ann,,\nc1,D,2024-01-04,a\x00n,,\n")
    nul = ("the row holds a NUL byte (\\x00), which no text of a log may hold; is the file binary or corrupt?"
           " (invalid)")
    assert problems(path) == f"{path}:3:0: [error] {nul}\n{path}:4:0: [error] {nul}\n{path}:5:0: [error] {nul}"


def test_a_start_after_the_completion_it_opens_is_refused(write: Write) -> None:
    # B's first start (10:00) opens its first completion (09:30): its work would be -30m; the
    # second start (11:00) opens the second completion (12:00) and is fine
    path = write("log.csv", HEADER + "c1,A,2024-01-01 09:00,ann,,complete\nc1,B,2024-01-01 10:00,ann,,start\n"
                                     "c1,B,2024-01-01 09:30,ann,,complete\nc1,B,2024-01-01 11:00,ann,,start\n"
                                     "c1,B,2024-01-01 12:00,ann,,complete\n")
    assert problems(path) == (
        f"{path}:3:0: [error] the start of 'B' in case 'c1' (2024-01-01 10:00) comes after the completion it"
        " opens (line 4); a start event comes before its complete event (invalid)")


def test_timestamps_that_do_not_match_the_format(write: Write) -> None:
    path = write("log.csv", "case,activity,at\nc1,A,2024-01-01 09:00\n")
    columns = Columns(case="case", activity="activity", timestamp="at", timestamp_format="%d.%m.%Y %H:%M")
    assert problems(path, columns) == (f"{path}:2:0: [error] column 'at' holds '2024-01-01 09:00', which does"
                                       " not match the timestamp format '%d.%m.%Y %H:%M' (invalid)")


def test_an_invalid_timestamp_format(write: Write) -> None:
    path = write("log.csv", HEADER + "c1,A,2024-01-01,,,\n")
    assert problems(path, Columns(timestamp_format="%Q")) == (
        "timestamp_format '%Q' is not a valid strptime format: Failed to parse format specifier %Q:"
        " Unrecognized format for strftime/strptime: %Q")


def test_long_values_are_cut_short(write: Write) -> None:
    path = write("log.csv", HEADER + "c1,A," + "9" * 70 + ",,,\n")
    assert problems(path).startswith(f"{path}:2:0: [error] column 'time:timestamp' holds '{'9' * 57}...',")


def test_the_first_ten_bad_rows_and_how_many_more(write: Write) -> None:
    path = write("log.csv", HEADER + "".join(f"c{i},A,someday,,,\n" for i in range(25)))
    lines = problems(path).splitlines()
    assert len(lines) == 11
    assert lines[0].startswith(f"{path}:2:0: [error] column 'time:timestamp' holds 'someday'")
    assert lines[9].startswith(f"{path}:11:0: [error]")
    assert lines[10] == f"{path}:12:0: [error] 15 more events from here on have problems like the ones above (invalid)"


def test_missing_columns_name_the_header_and_the_nearest_match(write: Write) -> None:
    path = write("log.csv", "case:concept_name,Concept:Name,timestamp,org:resource\nc1,A,2024-01-01,ann\n")
    assert problems(path, Columns(group="Team")) == (
        f"{path}:1:0: [error] missing column 'Team' for the group. The header has: case:concept_name,"
        " Concept:Name, timestamp, org:resource. Name the right column with 'group' in a mapping file (invalid)\n"
        f"{path}:1:0: [error] missing column 'case:concept:name' for the case id; did you mean"
        " 'case:concept_name'? The header has: case:concept_name, Concept:Name, timestamp, org:resource."
        " Name the right column with 'case' in a mapping file (invalid)\n"
        f"{path}:1:0: [error] missing column 'concept:name' for the activity; did you mean 'Concept:Name'?"
        " The header has: case:concept_name, Concept:Name, timestamp, org:resource. Name the right column"
        " with 'activity' in a mapping file (invalid)\n"
        f"{path}:1:0: [error] missing column 'time:timestamp' for the timestamp; did you mean 'timestamp'?"
        " The header has: case:concept_name, Concept:Name, timestamp, org:resource. Name the right column"
        " with 'timestamp' in a mapping file (invalid)"
    )


def test_a_column_named_twice(write: Write) -> None:
    path = write("log.csv", "case:concept:name,concept:name,time:timestamp,concept:name\nc1,A,2024-01-01,B\n")
    assert problems(path) == (f"{path}:1:0: [error] column 'concept:name' appears 2 times in the header;"
                              " rename all but one (invalid)")


def test_empty_file(write: Write) -> None:
    path = write("log.csv", "")
    assert problems(path) == (f"{path}:1:0: [error] the file is empty; expected a header row naming the columns,"
                              " such as case:concept:name,concept:name,time:timestamp (invalid)")


def test_header_without_rows(write: Write) -> None:
    path = write("log.csv", HEADER)
    assert problems(path) == f"{path}: [error] the log holds no events (invalid)"


def test_a_row_with_too_few_fields(write: Write) -> None:
    path = write("log.csv", HEADER + "c1,A,2024-01-01,ann,,\nc1,B,2024-01-02,bob\n")
    assert problems(path) == (f"{path}:3:0: [error] the row has 4 fields but the header has 6; check the"
                              " delimiter (',') and the quotes (invalid)")


def test_an_unclosed_quote(write: Write) -> None:
    path = write("log.csv", HEADER + 'c1,A,2024-01-01,ann,,\nc1,"B,2024-01-02,bob,,\n')
    assert problems(path) == f"{path}:3:0: [error] a quoted value is not closed; a '\"' is missing (invalid)"


def test_other_csv_errors_in_duckdb_words(write: Write) -> None:
    path = write("log.csv", HEADER + "c1," + "A" * 2_100_000 + ",2024-01-01,,,\n")
    assert problems(path) == (f"{path}:2:0: [error] cannot read the CSV file: Maximum line size of 2000000"
                              " bytes exceeded. Actual Size:2100017 bytes. (invalid)")


@pytest.mark.parametrize("line, data", [(1, b"case,act\xff\n"), (2, b"a,b,c\nc1,\xff,2024-01-01\n")])
def test_not_utf8(tmp_path: Path, line: int, data: bytes) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    assert problems(path, Columns(case="a", activity="b", timestamp="c")) == (
        f"{path}:{line}:0: [error] the file is not UTF-8 encoded; save it as UTF-8 (invalid)"
    )


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "log.txt") == (f"{tmp_path / 'log.txt'}: [error] unknown log format; expected a"
                                              " file ending in .csv, .csv.gz, .xes, .xes.gz or .parquet, or a folder of .parquet files (invalid)")
    assert problems(tmp_path / "log.csv") == f"{tmp_path / 'log.csv'}: [error] no such file (invalid)"


def test_receipt_csv_counts() -> None:
    with read_log(LOGS / "receipt.csv") as log:
        assert log.engine.rows("SELECT COUNT(DISTINCT case_id), COUNT(*) FROM events") == [(1434, 8577)]
