"""Where the event-log queries run: DuckDB (embedded, the default) or Spark.

An :class:`Engine` runs the queries of :mod:`.queries` (DuckDB SQL, see
:mod:`.dialect`) and hands back their rows: aggregates only, never the events.
``run`` executes a statement (``CREATE [TEMP] TABLE|VIEW name AS SELECT ...``),
``rows`` a query, ``table`` makes a small table of the caller's rows (a
mapping, the declared branches).

Spark: a ``SparkSession`` from :class:`SparkSettings` (``spark.master`` and
options from ``.processwalk.yaml``, or the environment; ``local[*]`` when none
is set).  Each log gets a session of its own on the one Spark context
(``newSession``), so two logs' tables never meet; a ``CREATE TABLE`` is a
cached temporary view.  pyspark is imported here only, and only for Spark.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from processwalk.errors import ProcessWalkError

if TYPE_CHECKING:
    import duckdb

EngineName = Literal["duckdb", "spark"]
ENGINES: tuple[EngineName, ...] = ("duckdb", "spark")
MASTER_VARIABLE = "PROCESSWALK_SPARK_MASTER"
OPTIONS_VARIABLE = "PROCESSWALK_SPARK_OPTIONS"
#: What every session of ours is set to (the caller's options may override the last two).
FIXED = {"spark.sql.session.timeZone": "UTC"}
QUIET = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}


class Engine(Protocol):
    @property
    def name(self) -> EngineName: ...

    def run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def table(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class DuckEngine:
    """The queries as written, on a DuckDB connection (which this engine closes)."""

    connection: duckdb.DuckDBPyConnection
    name: EngineName = "duckdb"

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, list(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, list(params)).fetchall()

    def table(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({_schema(columns)})")
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.connection.executemany(f"INSERT INTO {name} VALUES ({marks})", [list(r) for r in rows])

    def close(self) -> None:
        self.connection.close()


@dataclass(frozen=True)
class SparkSettings:
    """How to reach Spark: its master URL and any ``spark.*`` options."""

    master: str = "local[*]"
    options: Mapping[str, str] = field(default_factory=dict)

    def from_environment(self, environ: Mapping[str, str] = os.environ) -> SparkSettings:
        """These settings with the environment's on top: ``PROCESSWALK_SPARK_MASTER`` and
        ``PROCESSWALK_SPARK_OPTIONS`` (``key=value`` pairs separated by commas)."""
        master = environ.get(MASTER_VARIABLE, "").strip() or self.master
        options = dict(self.options)
        for pair in filter(None, (p.strip() for p in environ.get(OPTIONS_VARIABLE, "").split(","))):
            key, equals, value = pair.partition("=")
            if not equals or not key.strip():
                raise ProcessWalkError(f"{OPTIONS_VARIABLE} holds '{pair}', which is not key=value; "
                                       "write e.g. spark.executor.memory=4g,spark.sql.shuffle.partitions=64",
                                       exit_code=2)
            options[key.strip()] = value.strip()
        return SparkSettings(master, options)


class SparkEngine:
    """The queries in Spark SQL on a session of their own; ``folder`` (scratch files) goes on close."""

    name: EngineName = "spark"

    def __init__(self, session: Any, folder: str | None = None) -> None:
        self.session = session
        self.folder = folder
        self._cached: list[Any] = []

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        from sqlglot import exp

        from processwalk.eventlog.dialect import generate, parse

        tree = parse(sql, params)
        if isinstance(tree, exp.Create) and isinstance(tree.expression, exp.Query):
            frame = self.session.sql(generate(tree.expression))
            if str(tree.args.get("kind", "")).upper() == "TABLE":
                frame = self.cache(frame)
            frame.createOrReplaceTempView(tree.this.name)
        else:  # pragma: no cover - every statement of ours is a CREATE ... AS
            self.session.sql(generate(tree))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        from processwalk.eventlog.dialect import to_spark

        return [tuple(row) for row in self.session.sql(to_spark(sql, params)).collect()]

    def table(self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        from sqlglot import exp

        from processwalk.eventlog.dialect import SparkSQL

        schema = ", ".join(f"{column} {exp.DataType.build(kind, dialect='duckdb').sql(dialect=SparkSQL)}"
                           for column, kind in columns)
        self.session.createDataFrame(list(rows), schema).createOrReplaceTempView(name)

    def cache(self, frame: Any) -> Any:
        cached = frame.persist()
        self._cached.append(cached)
        return cached

    def close(self) -> None:
        for frame in self._cached:
            frame.unpersist()
        self._cached.clear()
        for table in self.session.catalog.listTables():
            if table.isTemporary:
                self.session.catalog.dropTempView(table.name)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def spark_session(settings: SparkSettings) -> Any:
    """A fresh session (own tables, shared context) on the Spark that ``settings`` name."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ProcessWalkError("--engine spark needs pyspark; install it with "
                               "pip install 'processwalk[spark]' (and a Java runtime)", exit_code=2) from None
    builder = SparkSession.builder.master(settings.master).appName("processwalk")
    for key, value in {**QUIET, **settings.options, **FIXED}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate().newSession()
    for key, value in FIXED.items():
        session.conf.set(key, value)
    return session


def spark_engine(settings: SparkSettings) -> SparkEngine:
    return SparkEngine(spark_session(settings), tempfile.mkdtemp(prefix="processwalk-spark-"))


def _schema(columns: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{name} {kind}" for name, kind in columns)
