"""Read an event log (CSV, XES or Parquet) into an engine: DuckDB (embedded) or Spark.

>>> with read_log("receipt.xes.gz") as log:          # doctest: +SKIP
...     print(counts(log).cases)
1434

DuckDB: the database lives in memory (spilling to a temporary folder when a log
is larger than the memory DuckDB may use).  Every reader stages its rows in
DuckDB, which checks them and reports bad rows by line (:mod:`.staging`).
Spark: a Parquet log is read by Spark itself, where it lies (a path or URL the
cluster reads); a CSV or XES log is checked by DuckDB here first and handed to
Spark as a Parquet file in a scratch folder (which a local Spark reads).  Either
way the engine then holds the table ``events``, the views ``steps`` and
``starts`` and the tables ``case_spans``, ``ordered_steps`` and ``cases`` (:mod:`.staging`).
"""
from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from processwalk import files
from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.eventlog import csvlog, parquetlog, xeslog
from processwalk.eventlog.columns import DEFAULT, Columns
from processwalk.eventlog.engine import (
    DuckEngine,
    Engine,
    EngineName,
    SparkEngine,
    SparkSettings,
    spark_engine,
)
from processwalk.eventlog.staging import EVENTS, Staged, build_events, derive

if TYPE_CHECKING:
    import duckdb

    Stage = Callable[[Path, Columns, Path], Staged]

#: DuckDB splits a hash aggregation into partitions by its number of threads: with one or two, the
#: groupings of the summaries by case and activity (millions of groups) work on partitions too large
#: for the processor's cache, and take twice the time they take with four threads on the same two
#: cores (the generated 10,000,000-event log: 5.5 s against 2.4 s to summarise, with less CPU)
MIN_THREADS = 4

FORMATS: dict[str, Stage] = {
    ".csv": csvlog.stage,
    ".csv.gz": csvlog.stage,
    ".xes": xeslog.stage,
    ".xes.gz": xeslog.stage,
    ".parquet": parquetlog.stage,
}


@dataclass(frozen=True)
class EventLog:
    """A log read into an engine: ``source`` is the file; ``engine`` runs the queries over its
    ``events``.  Close it (or use it in a ``with`` block) when done."""

    source: str
    engine: Engine

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def read_log(path: str | Path, columns: Columns = DEFAULT, *, engine: EngineName = "duckdb",
             spark: SparkSettings | None = None, memory_limit: str = "1GB") -> EventLog:
    """Read the CSV (``.csv``, ``.csv.gz``), XES (``.xes``, ``.xes.gz``) or Parquet (``.parquet``,
    or a folder of ``.parquet`` files) log at ``path`` into ``engine``.

    ``columns`` names the case, activity, timestamp, ... columns (XES names by
    default).  ``memory_limit`` caps DuckDB's memory; past it DuckDB spills to
    disk.  ``spark`` says where Spark runs.  Any problem with the file raises
    :class:`ProcessWalkError` listing the rows at fault by line.
    """
    name = str(path)
    spark = spark or SparkSettings()
    if engine == "spark" and _remote(name):
        return _spark_parquet(name, columns, spark)
    file = Path(path)
    stage = _stage(file)
    if not file.is_dir():  # a folder of Parquet part files is a log; a FIFO or a device is read forever
        files.regular(name)
    if engine == "spark" and stage is parquetlog.stage:
        return _spark_parquet(name, columns, spark)
    staged = stage_log(file, columns, stage, memory_limit, coded=engine == "duckdb")
    if engine == "duckdb":
        return _on_duckdb(name, staged)
    try:
        return _spark_staged(name, staged, spark)
    finally:
        staged[0].close()


def stage_log(file: Path, columns: Columns, stage: Stage | None = None, memory_limit: str = "1GB",
              *, coded: bool = False) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """The log at ``file`` checked and staged in DuckDB's table ``loaded`` (:mod:`.staging`, its
    text columns ENUM types with ``coded``), and whether any event says ``complete``."""
    import duckdb

    stage = stage or _stage(file)
    con = duckdb.connect(config={"memory_limit": memory_limit, "threads": threads(), "temp_directory": spill_folder()})
    try:
        con.execute("SET TimeZone = 'UTC'")
        with tempfile.TemporaryDirectory(prefix="processwalk-") as folder:
            complete = build_events(con, str(file), columns, stage(file, columns, Path(folder)), coded=coded)
    except BaseException:
        con.close()
        raise
    return con, complete


def spill_folder() -> str:
    """Where DuckDB spills past its memory limit: a folder of its own in the system's temporary
    folder, which DuckDB makes when it first spills and removes when the connection closes (its
    default is ``.tmp`` in the current folder, the user's)."""
    return os.path.join(tempfile.gettempdir(), f"processwalk-spill-{uuid.uuid4().hex}")


def threads(cores: int | None = None) -> int:
    """DuckDB's threads on a machine of ``cores`` (this one's by default): one a core, and at least
    :data:`MIN_THREADS`."""
    return max(MIN_THREADS, cores or os.cpu_count() or 1)


def _on_duckdb(name: str, staged: tuple[duckdb.DuckDBPyConnection, bool]) -> EventLog:
    con, complete = staged
    engine = DuckEngine(con)
    try:
        engine.run(f"CREATE VIEW events AS {EVENTS}")
        derive(engine, complete)
    except BaseException:
        con.close()
        raise
    return EventLog(name, engine)


def _spark_staged(name: str, staged: tuple[duckdb.DuckDBPyConnection, bool], settings: SparkSettings) -> EventLog:
    con, complete = staged
    engine = spark_engine(settings)
    try:
        assert engine.folder is not None
        events = str(Path(engine.folder) / "events.parquet")
        con.execute(f"COPY ({EVENTS}) TO '{events}' (FORMAT parquet)")
        frame = engine.session.read.parquet(events)
        _register(engine, frame.withColumn("ts", frame["ts"].cast("timestamp_ntz")))
        derive(engine, complete)
    except BaseException:
        engine.close()
        raise
    return EventLog(name, engine)


def _spark_parquet(name: str, columns: Columns, settings: SparkSettings) -> EventLog:
    """A Parquet log read by Spark where it lies; checked with one aggregate."""
    from pyspark.sql import functions as F

    engine = spark_engine(settings)
    try:
        frame = engine.session.read.parquet(name)
        header = [field.name for field in frame.schema.fields]
        positions = csvlog.header_positions(name, header, columns)
        kinds = {field.name: field.dataType.typeName() for field in frame.schema.fields}
        picked = []
        for role, column in zip(("case", "activity", "timestamp", "resource", "group", "lifecycle"),
                                ("case_id", "activity", "ts", "resource", "grp", "lifecycle")):
            if role not in positions:
                picked.append(F.lit(None).cast("timestamp_ntz" if role == "timestamp" else "string").alias(column))
                continue
            source = F.col(f"`{header[positions[role]]}`")
            if role == "timestamp":
                typed = kinds[header[positions[role]]].startswith("timestamp")
                if not typed and columns.timestamp_format is not None:
                    raise ProcessWalkError(Problem(Location(name), "timestamp_format applies to text timestamps "
                                                   "read by DuckDB; on Spark, convert the log first "
                                                   "(processwalk convert) or store the timestamps as TIMESTAMP"))
                picked.append(source.cast("timestamp").cast("timestamp_ntz").alias(column))
            else:
                picked.append(F.when(source.cast("string") != "", source.cast("string")).alias(column))
        _register(engine, frame.select(*picked, F.monotonically_increasing_id().alias("seq")))
        total, bad, complete = engine.rows(
            "SELECT COUNT(*), SUM(CASE WHEN case_id IS NULL OR activity IS NULL OR ts IS NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN LOWER(lifecycle) = 'complete' THEN 1 ELSE 0 END) FROM events")[0]
        if not total:
            raise ProcessWalkError(Problem(Location(name), "the log holds no events"))
        if bad:
            raise ProcessWalkError(Problem(Location(name), f"{bad} of {total} events lack a case id, an activity "
                                           "or a readable timestamp; every event needs all three (run the log "
                                           "on --engine duckdb to see them by row)"))
        derive(engine, bool(complete))
    except BaseException:
        engine.close()
        raise
    return EventLog(name, engine)


def _register(engine: SparkEngine, frame: object) -> None:
    engine.cache(frame).createOrReplaceTempView("events")


def _remote(name: str) -> bool:
    return "://" in name


def _stage(file: Path) -> Stage:
    if file.is_dir():
        return parquetlog.stage
    suffix = "".join(file.suffixes[-2:]).lower()
    stage = FORMATS.get(suffix) or FORMATS.get(file.suffix.lower())
    if stage is None:
        kinds = ", ".join(list(FORMATS)[:-1]) + f" or {list(FORMATS)[-1]}"
        raise ProcessWalkError(Problem(Location(str(file)), f"unknown log format; expected a file ending in {kinds},"
                                                           " or a folder of .parquet files"))
    if not file.is_file():
        raise ProcessWalkError(Problem(Location(str(file)), "no such file"))
    return stage
