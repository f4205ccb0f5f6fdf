"""Parquet logs (processwalk/eventlog/parquetlog.py, convert.py): a file or a folder of part files,
the column mapping of a CSV log, bad rows by their row number."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from processwalk.errors import ProcessWalkError
from processwalk.eventlog import Columns, read_log, summarise
from processwalk.eventlog.columns import DEFAULT
from processwalk.eventlog.convert import to_parquet

from .conftest import HEADER, LOGS, Write


def summary_of(path: Path, columns: Columns = DEFAULT) -> dict[str, object]:
    with read_log(path, columns) as log:
        return dataclasses.asdict(summarise(log))


def events(path: Path) -> list[tuple[object, ...]]:
    with read_log(path) as log:
        return log.engine.rows("SELECT case_id, activity, ts, resource, grp, lifecycle FROM events ORDER BY seq")


def test_convert_keeps_every_event_in_order(tmp_path: Path) -> None:
    output = tmp_path / "receipt.parquet"
    assert to_parquet(LOGS / "receipt.csv", output) == 8577  # receipt: 8,577 events
    assert events(output) == events(LOGS / "receipt.csv")
    assert summary_of(output) == summary_of(LOGS / "receipt.xes.gz")
    with duckdb.connect() as con:
        kinds = con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
                            [str(output)]).fetchall()
    assert kinds == [("case:concept:name", "VARCHAR"), ("concept:name", "VARCHAR"),
                     ("time:timestamp", "TIMESTAMP"), ("org:resource", "VARCHAR"), ("org:group", "VARCHAR"),
                     ("lifecycle:transition", "VARCHAR")]


def test_a_folder_of_part_files(tmp_path: Path) -> None:
    single = tmp_path / "receipt.parquet"
    to_parquet(LOGS / "receipt.csv", single)
    folder = tmp_path / "parts"
    folder.mkdir()
    with duckdb.connect() as con:  # two part files as Spark writes them, rows split by file order
        con.execute(f"COPY (SELECT * FROM read_parquet('{single}') LIMIT 4000) TO '{folder}/part-0.parquet'")
        con.execute(f"COPY (SELECT * FROM read_parquet('{single}') OFFSET 4000) TO '{folder}/part-1.parquet'")
    (folder / "_SUCCESS").write_text("")
    assert summary_of(folder) == summary_of(single)


def test_text_timestamps_and_mapped_columns(tmp_path: Path, write: Write) -> None:
    csv = write("log.csv", "ticket,what,when\nt1,open,2024-01-01T10:00:00+02:00\nt1,close,2024-01-01 09:30:00\n")
    output = tmp_path / "log.parquet"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{output}'")
    columns = Columns(case="ticket", activity="what", timestamp="when")
    with read_log(output, columns) as log:
        # 10:00+02:00 is 08:00 UTC: one case of 1.5 h from open to close
        assert summarise(log).lead_times.mean_seconds == 5400.0


def test_bad_rows_by_row_number(tmp_path: Path, write: Write) -> None:
    csv = write("log.csv", HEADER + "c1,a,2024-01-01T10:00:00,,,complete\nc2,,2024-01-01T11:00:00,,,complete\n"
                "c3,b,yesterday,,,complete\n")
    output = tmp_path / "log.parquet"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{output}'")
    with pytest.raises(ProcessWalkError) as caught:
        read_log(output)
    assert caught.value.format_message() == (
        f"{output}:2:0: [error] column 'concept:name' is empty; every event needs an activity (invalid)\n"
        f"{output}:3:0: [error] column 'time:timestamp' holds 'yesterday', which is not a date and time; "
        "expected ISO 8601 such as '2011-10-11 13:45:40' or '2011-10-11T13:45:40.276+02:00', or name the "
        "format with timestamp_format (invalid)")


def test_a_missing_column_and_an_empty_folder(tmp_path: Path) -> None:
    output = tmp_path / "log.parquet"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 'c1' AS case_id) TO '{output}'")
    with pytest.raises(ProcessWalkError) as caught:
        read_log(output)
    assert "missing column 'case:concept:name' for the case id" in caught.value.format_message()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ProcessWalkError) as caught:
        read_log(empty)
    assert caught.value.format_message() == f"{empty}: [error] the folder holds no .parquet files (invalid)"


def test_a_failed_conversion_leaves_nothing(tmp_path: Path, write: Write) -> None:
    csv = write("log.csv", HEADER + "c1,,2024-01-01T10:00:00,,,complete\n")
    with pytest.raises(ProcessWalkError):
        to_parquet(csv, tmp_path / "out.parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


def test_text_columns_are_coded_as_they_load(tmp_path: Path, write: Write) -> None:
    # a path with a quote in it: the file is named in the SQL as a literal
    csv = write("log.csv", HEADER + "c1,open,2024-01-01T10:00:00,ann,front,complete\n"
                "c1,close,2024-01-01T11:00:00,,front,complete\n")
    output = tmp_path / "it's.parquet"
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{tmp_path}/it''s.parquet'")
    with read_log(output) as log:
        kinds = dict(log.engine.rows("SELECT column_name, data_type FROM information_schema.columns"
                                     " WHERE table_name = 'loaded'"))
        assert (kinds["activity"], kinds["resource"], kinds["grp"]) == (
            "ENUM('close', 'open')", "ENUM('ann')", "ENUM('front')")
        assert summarise(log).counts.activities == 2


def test_a_nul_byte_in_a_coded_column(tmp_path: Path) -> None:
    output = tmp_path / "log.parquet"
    with duckdb.connect() as con:
        con.execute(f"""COPY (SELECT * FROM (VALUES ('c1', 'open', TIMESTAMP '2024-01-01 10:00', 'ann'),
                                                     ('c1', 'cl' || chr(0) || 'ose', TIMESTAMP '2024-01-01 11:00', 'bob'))
                              t("case:concept:name", "concept:name", "time:timestamp", "org:resource"))
                        TO '{output}'""")
    with pytest.raises(ProcessWalkError) as caught:
        read_log(output)
    assert caught.value.format_message() == (
        f"{output}:2:0: [error] the row holds a NUL byte (\\x00), which no text of a log may hold; is the file "
        "binary or corrupt? (invalid)")

