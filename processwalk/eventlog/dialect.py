"""The event-log SQL, written once in DuckDB's dialect, in each engine's dialect (SQLGlot).

The queries of :mod:`.queries` are DuckDB SQL; DuckDB runs them as written.
For Spark SQL they are parsed and rewritten by SQLGlot, with two rules of our
own where SQLGlot's stock Spark output is not the same figure:

* ``QUANTILE_CONT(x, q)`` (exact, linear interpolation) is not Spark's
  approximate ``PERCENTILE_APPROX``, nor its exact ``PERCENTILE`` (which
  interpolates with other arithmetic, so the last digit can differ): the
  group's values are sorted into an array (on the executors) and interpolated
  the way DuckDB does, ``lo * (1 - d) + hi * d`` with ``d = rank - floor(rank)``,
  ``rank = (n - 1) * q``: the same double, but for the last binary digit where
  DuckDB's build fuses that multiply-add (Spark's Java does not, and Spark SQL
  has no fused multiply-add to ask for);
* a ``?`` parameter is replaced by the literal of its value, so that one
  statement is sent whatever the engine's way of binding.

>>> to_spark("SELECT QUANTILE_CONT(x, 0.5) FROM t WHERE a = ?", ["it's"])
"SELECT PERCENTILE(x, 0.5) FROM t WHERE a = 'it\\\\'s'"
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.dialects.spark import Spark

SOURCE = "duckdb"


class SparkSQL(Spark):
    """Spark SQL, with exact percentiles."""

    class Generator(Spark.Generator):  # type: ignore[misc,valid-type]
        TRANSFORMS = {
            **Spark.Generator.TRANSFORMS,
            exp.PercentileCont: lambda self, e: percentile(self.sql(e.this), e.expression, self),
        }


def percentile(values: str, quantiles: exp.Expr, generator: Any) -> str:
    """DuckDB's ``QUANTILE_CONT(values, quantiles)`` in Spark SQL, by the same arithmetic (see above)."""

    def at(q: str) -> str:
        rank = f"((SIZE(pw_sorted) - 1) * CAST({q} AS DOUBLE))"
        lo = f"ELEMENT_AT(pw_sorted, CAST(FLOOR({rank}) AS INT) + 1)"
        hi = f"ELEMENT_AT(pw_sorted, CAST(CEIL({rank}) AS INT) + 1)"
        share = f"({rank} - FLOOR({rank}))"
        return f"{lo} * (1 - {share}) + {hi} * {share}"

    if isinstance(quantiles, exp.Array):
        listed = ", ".join(f"CAST({generator.sql(q)} AS DOUBLE)" for q in quantiles.expressions)
        figure = f"TRANSFORM(ARRAY({listed}), pw_q -> {at('pw_q')})"
    else:
        figure = at(generator.sql(quantiles))
    return (f"ELEMENT_AT(TRANSFORM(ARRAY(ARRAY_SORT(COLLECT_LIST({values}))),"
            f" pw_sorted -> IF(SIZE(pw_sorted) = 0, NULL, {figure})), 1)")


def parse(sql: str, params: Sequence[Any] = ()) -> exp.Expr:
    """``sql`` (DuckDB) as a tree, with its ``?`` parameters replaced by ``params`` in order."""
    tree = _parsed(sql).copy()
    values = iter(params)

    def bind(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder):
            return literal(next(values))
        return node

    return tree.transform(bind) if params else tree


def to_spark(sql: str, params: Sequence[Any] = ()) -> str:
    """``sql`` (DuckDB) in Spark SQL."""
    return generate(parse(sql, params))


def generate(tree: exp.Expr) -> str:
    return str(tree.sql(dialect=SparkSQL))


def literal(value: Any) -> exp.Expr:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, float) and not math.isfinite(value):
        return exp.cast(exp.Literal.string(repr(value)), exp.DataType.Type.DOUBLE)
    if isinstance(value, int | float):
        return exp.Literal.number(repr(value))
    return exp.Literal.string(str(value))


@lru_cache(maxsize=256)
def _parsed(sql: str) -> exp.Expr:
    tree = sqlglot.parse_one(sql, read=SOURCE)
    assert tree is not None
    return tree
