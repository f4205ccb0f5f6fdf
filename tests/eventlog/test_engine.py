"""The same queries on DuckDB and on Spark in local mode (processwalk/eventlog/engine.py, dialect.py):
the summary, the discovered draft and the calibration of the shared logs, as JSON, are identical."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from processwalk.eventlog import calibrate as cal
from processwalk.eventlog import discover as drafting
from processwalk.eventlog import read_log, summarise
from processwalk.eventlog.calibration_json import to_json
from processwalk.eventlog.convert import to_parquet
from processwalk.eventlog.dialect import to_spark
from processwalk.eventlog.draft import Options
from processwalk.eventlog.draft_yaml import to_yaml
from processwalk.eventlog.engine import SparkSettings, spark_session
from processwalk.eventlog.mapping import load_mapping, map_activities
from processwalk.project import load_paths

from .conftest import HEADER, LOGS
from .helpers import DESK, DESK_LOG, DESK_MAP

SHARED = ["helpdesk.xes.gz", "receipt.xes.gz", "receipt.csv"]


@pytest.fixture(scope="module")
def receipt_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """receipt.xes.gz converted to Parquet (processwalk convert)."""
    output = tmp_path_factory.mktemp("parquet") / "receipt.parquet"
    assert to_parquet(LOGS / "receipt.xes.gz", output) == 8577
    return output


def figures(path: Path, tmp_path: Path, **engine: Any) -> dict[str, str]:
    """The summary, the draft discovered from the log and the calibration of that draft, as JSON."""
    with read_log(path, **engine) as log:
        summary = json.dumps(plain(dataclasses.asdict(summarise(log))), sort_keys=True)
        draft = drafting.discover(log, Options(process="drafted"))
        text = to_yaml(draft)
        file = tmp_path / "drafted.yaml"  # one name for both engines: the JSON names it
        file.write_text(text, encoding="utf-8")
        process = load_paths([str(file)]).processes[0]
        found = cal.calibrate(process, log, map_activities(cal.activities_of(log), process))
    return {"summary": summary, "discover": text,
            "calibrate": json.dumps(to_json(found), sort_keys=True, default=str)}


def plain(value: Any) -> Any:
    """``value`` with every key and every date as text, for JSON (floats keep every digit)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value if isinstance(value, int | float | str | None) else str(value)


@pytest.mark.spark
@pytest.mark.parametrize("name", SHARED)
def test_duckdb_and_spark_agree(name: str, spark: SparkSettings, tmp_path: Path) -> None:
    on_duckdb = figures(LOGS / name, tmp_path)
    on_spark = figures(LOGS / name, tmp_path, engine="spark", spark=spark)
    assert on_spark["summary"] == on_duckdb["summary"]
    assert on_spark["discover"] == on_duckdb["discover"]
    assert on_spark["calibrate"] == on_duckdb["calibrate"]


@pytest.mark.spark
def test_a_parquet_log_read_by_spark_itself(receipt_parquet: Path, spark: SparkSettings, tmp_path: Path) -> None:
    from_xes = figures(LOGS / "receipt.xes.gz", tmp_path)
    on_spark = figures(receipt_parquet, tmp_path, engine="spark", spark=spark)
    assert on_spark["summary"] == from_xes["summary"]
    assert on_spark["discover"] == from_xes["discover"].replace("receipt.xes.gz", "receipt.parquet")


@pytest.mark.spark
def test_the_calibration_paths_a_draft_does_not_take(spark: SparkSettings, tmp_path: Path) -> None:
    """The desk of tests/eventlog/helpers.py on both engines: start events (work), a step made of two
    activities (visits of several steps), an activity left out, one that is no step and an unrecorded
    start (every case begins there), none of which a draft of a shared log has."""
    process = load_paths([str(write(tmp_path / "desk.yaml", DESK))]).processes[0]
    given = load_mapping(str(write(tmp_path / "map.yaml", DESK_MAP)), process)
    log = write(tmp_path / "desk.csv", HEADER + DESK_LOG)
    found = []
    engines: list[dict[str, Any]] = [{}, {"engine": "spark", "spark": spark}]
    for engine in engines:
        with read_log(log, **engine) as opened:
            calibrated = cal.calibrate(process, opened, map_activities(cal.activities_of(opened), process, given))
        found.append(json.dumps(to_json(calibrated), sort_keys=True, default=str))
    assert found[1] == found[0]
    assert json.loads(found[0])["steps"]["handle"]["work_h"]["observed"] == 50 / 60  # 20 m + 30 m in d1


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_counts_the_agreement_rests_on() -> None:
    # receipt.csv: 1,434 cases, 8,577 events (tests/data/eventlogs/README.md)
    with read_log(LOGS / "receipt.csv") as log:
        assert summarise(log).counts.cases == 1434
        assert summarise(log).counts.events == 8577


@pytest.mark.spark
def test_percentiles_as_duckdb_interpolates(spark: SparkSettings) -> None:
    import duckdb

    # 4 values, q = 0.95: rank (4 - 1) * 0.95 = 2.85 between 30 and 45: 30 + 15 * 0.85 = 42.75
    sql = ("SELECT QUANTILE_CONT(x, 0.95), QUANTILE_CONT(x, [0.0, 0.5, 1.0]) FROM"
           " (SELECT CAST(x AS DOUBLE) AS x FROM (VALUES (45), (10), (30), (20)) v(x)) t")
    expected = (42.75, [10.0, 25.0, 45.0])
    relation = duckdb.sql(sql)
    assert relation is not None  # a SELECT gives rows
    assert relation.fetchall() == [expected]
    session = spark_session(spark)
    assert [tuple(row) for row in session.sql(to_spark(sql)).collect()] == [expected]
    empty = "SELECT QUANTILE_CONT(x, 0.5) FROM (SELECT CAST(1.5 AS DOUBLE) AS x) t WHERE x > 2"
    assert [tuple(row) for row in session.sql(to_spark(empty)).collect()] == [(None,)]


def test_parameters_become_literals() -> None:
    assert to_spark("SELECT * FROM t WHERE a = ? AND b = ? AND c IS DISTINCT FROM ?", ["it's", 2, None]) == (
        "SELECT * FROM t WHERE a = 'it\\'s' AND b = 2 AND c IS DISTINCT FROM NULL")
