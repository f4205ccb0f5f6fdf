"""``processwalk convert`` and ``--engine`` through the command line; the ``spark:`` configuration."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from processwalk.config import load_config
from processwalk.errors import ProcessWalkError
from processwalk.eventlog.engine import SparkSettings
from tests.conftest import Run
from tests.eventlog.conftest import HEADER, LOGS


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_convert_then_discover_from_parquet(run: Run, here: Path) -> None:
    shutil.copy(LOGS / "receipt.xes.gz", here / "receipt.xes.gz")
    assert run("convert", "receipt.xes.gz", "-o", "receipt.parquet") == (
        0, "", "receipt.parquet: 8,577 events from receipt.xes.gz\n")
    code, out, _ = run("discover", "receipt.parquet")
    _, from_xes, _ = run("discover", "receipt.xes.gz")
    assert code == 0
    assert out == from_xes.replace("receipt.xes.gz", "receipt.parquet")


def test_convert_never_touches_its_input_nor_an_existing_file(run: Run, here: Path) -> None:
    log = here / "log.csv"
    log.write_text(HEADER + "c1,a,2024-01-01T10:00:00,,,complete\n", encoding="utf-8")
    assert run("convert", "log.csv", "-o", "log.csv") == (
        2, "", "Error: log.csv: convert writes Parquet; name the output file '*.parquet'\n")
    assert run("convert", "log.csv", "-o", "log.parquet") == (0, "", "log.parquet: 1 events from log.csv\n")
    assert run("convert", "log.parquet", "-o", "log.parquet") == (
        2, "", "Error: log.parquet is the log itself; convert never changes its input: name another file\n")
    assert run("convert", "log.csv", "-o", "log.parquet") == (
        2, "", "Error: log.parquet exists: choose another name, or add --force to replace it\n")
    assert run("convert", "log.csv", "-o", "log.parquet", "--force")[0] == 0


def test_a_failed_conversion_writes_nothing(run: Run, here: Path) -> None:
    (here / "log.csv").write_text(HEADER + "c1,,2024-01-01T10:00:00,,,complete\n", encoding="utf-8")
    code, out, err = run("convert", "log.csv", "-o", "log.parquet")
    assert (code, out) == (1, "")
    assert err == "log.csv:2:0: [error] column 'concept:name' is empty; every event needs an activity (invalid)\n"
    assert sorted(p.name for p in here.iterdir()) == ["log.csv"]


@pytest.mark.spark
def test_discover_on_spark(run: Run, here: Path, spark: SparkSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(LOGS / "receipt.csv", here / "receipt.csv")
    monkeypatch.setenv("PROCESSWALK_SPARK_MASTER", spark.master)
    on_duckdb = run("discover", "receipt.csv")
    assert run("discover", "receipt.csv", "--engine", "spark") == on_duckdb


def test_spark_settings_from_the_configuration_and_the_environment(here: Path) -> None:
    (here / ".processwalk.yaml").write_text(
        "spark:\n  master: spark://head:7077\n  options:\n    spark.executor.memory: 4g\n", encoding="utf-8")
    settings = load_config(".processwalk.yaml").spark
    assert settings == SparkSettings("spark://head:7077", {"spark.executor.memory": "4g"})
    env = {"PROCESSWALK_SPARK_MASTER": "yarn", "PROCESSWALK_SPARK_OPTIONS": "spark.executor.cores=2, a=b"}
    assert settings.from_environment(env) == SparkSettings(
        "yarn", {"spark.executor.memory": "4g", "spark.executor.cores": "2", "a": "b"})
    assert load_config(None).spark == SparkSettings("local[*]", {})
    with pytest.raises(ProcessWalkError) as caught:
        SparkSettings().from_environment({"PROCESSWALK_SPARK_OPTIONS": "spark.executor.cores"})
    assert caught.value.format_message() == (
        "PROCESSWALK_SPARK_OPTIONS holds 'spark.executor.cores', which is not key=value; write e.g. "
        "spark.executor.memory=4g,spark.sql.shuffle.partitions=64")


def test_a_misspelt_spark_key_is_positioned(here: Path) -> None:
    (here / ".processwalk.yaml").write_text("spark:\n  mastr: local[2]\n", encoding="utf-8")
    with pytest.raises(ProcessWalkError) as caught:
        load_config(".processwalk.yaml")
    assert caught.value.format_message().startswith(".processwalk.yaml:2:3: [error] unknown key 'mastr'")
