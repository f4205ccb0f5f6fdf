"""The SQL behind the summaries, kept apart so it can be read and ported.

Everything is plain SQL:2003 (CTEs, window functions with a named ``WINDOW``,
``PERCENTILE_CONT ... WITHIN GROUP``), which PostgreSQL, Trino, Spark SQL and
DuckDB all run.  The one engine-specific expression is :func:`seconds`.  Events
of a case are ordered by ``ts, seq``: time first, then file order for equal
times, which is what pm4py's stable sort by timestamp gives.
"""
from __future__ import annotations


def seconds(start: str, end: str) -> str:
    """Seconds from ``start`` to ``end`` (PostgreSQL/DuckDB spelling; Trino:
    ``date_diff('millisecond', a, b) / 1e3``, Spark: ``unix_micros(b) - unix_micros(a)``)."""
    return f"EXTRACT(EPOCH FROM ({end} - {start}))"


IN_CASE = "PARTITION BY case_id ORDER BY ts, seq"
MEDIAN = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {})"

COUNTS = """
SELECT COUNT(DISTINCT case_id), COUNT(*), COUNT(DISTINCT activity),
       COUNT(DISTINCT resource), COUNT(DISTINCT grp), MIN(ts), MAX(ts)
FROM events
"""

# Built once by the reader: every step with its place in its case and its
# neighbours, so that the figures below need no further sort.  A case's last
# step is the one without a next_ts.
ORDERED_STEPS = f"""
CREATE TABLE ordered_steps AS
SELECT case_id, activity, ts, resource, grp, seq,
       ROW_NUMBER() OVER w AS pos,
       LAG(ts) OVER w AS previous_ts,
       LEAD(activity) OVER w AS next_activity,
       LEAD(ts) OVER w AS next_ts,
       LAG(resource) OVER w AS previous_resource,
       LEAD(resource, 1) OVER w AS next_resource,
       LEAD(resource, 2) OVER w AS next2_resource,
       LAG(grp) OVER w AS previous_grp,
       LEAD(grp, 1) OVER w AS next_grp,
       LEAD(grp, 2) OVER w AS next2_grp
FROM steps WINDOW w AS ({IN_CASE})
"""

ENDPOINTS = """
SELECT activity,
       SUM(CASE WHEN pos = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN next_ts IS NULL THEN 1 ELSE 0 END)
FROM ordered_steps WHERE pos = 1 OR next_ts IS NULL
GROUP BY activity ORDER BY activity
"""

FOLLOWS = f"""
WITH timed AS (
  SELECT case_id, activity AS source, next_activity AS target,
         {seconds("ts", "next_ts")} AS secs
  FROM ordered_steps WHERE next_activity IS NOT NULL)
SELECT source, target, COUNT(*), COUNT(DISTINCT case_id),
       AVG(secs), {MEDIAN.format("secs")}, MIN(secs), MAX(secs)
FROM timed GROUP BY source, target ORDER BY source, target
"""

# Waiting: from the previous step's completion to this activity's start (its
# completion when no start is recorded); never negative.  Rework: cases with
# the activity more than once.
REWORK = """
SELECT activity, COUNT(*) FROM (
  SELECT case_id, activity FROM steps GROUP BY case_id, activity HAVING COUNT(*) > 1) repeated
GROUP BY activity
"""

WAIT = "CASE WHEN wait < 0 THEN 0 ELSE wait END"
ACTIVITY_FIGURES = f"""
SELECT activity, COUNT(*), COUNT(DISTINCT case_id), AVG({WAIT}), {MEDIAN.format(WAIT)},
       AVG(service), {MEDIAN.format("service")}
FROM timed GROUP BY activity ORDER BY activity
"""

# Without start events: no service times, no matching.
ACTIVITIES = f"""
WITH timed AS (
  SELECT case_id, activity, {seconds("previous_ts", "ts")} AS wait, CAST(NULL AS DOUBLE) AS service
  FROM ordered_steps)
{ACTIVITY_FIGURES}"""

# With start events, the k-th start of an activity in a case is matched to its
# k-th completion (first in, first out, as pm4py's lifecycle conversion).
ACTIVITIES_STARTED = f"""
WITH numbered AS (
  SELECT case_id, activity, ts, previous_ts,
         ROW_NUMBER() OVER (PARTITION BY case_id, activity ORDER BY ts, seq) AS k
  FROM ordered_steps),
started AS (
  SELECT case_id, activity, ts,
         ROW_NUMBER() OVER (PARTITION BY case_id, activity ORDER BY ts, seq) AS k
  FROM starts),
timed AS (
  SELECT d.case_id, d.activity,
         {seconds("d.previous_ts", "COALESCE(s.ts, d.ts)")} AS wait,
         {seconds("s.ts", "d.ts")} AS service
  FROM numbered d LEFT JOIN started s
    ON s.case_id = d.case_id AND s.activity = d.activity AND s.k = d.k)
{ACTIVITY_FIGURES}"""

ARRIVALS = """
WITH firsts AS (SELECT case_id, MIN(ts) AS first_ts FROM events GROUP BY case_id)
SELECT CAST(first_ts AS DATE) AS day, COUNT(*) FROM firsts
GROUP BY CAST(first_ts AS DATE) ORDER BY day
"""

ARRIVAL_SPAN = f"""
WITH firsts AS (SELECT case_id, MIN(ts) AS first_ts FROM events GROUP BY case_id)
SELECT COUNT(*), {seconds("MIN(first_ts)", "MAX(first_ts)")} FROM firsts
"""

LAST_STEPS = "SELECT case_id, activity FROM ordered_steps WHERE next_ts IS NULL"

LEAD_TIMES = f"""
WITH spans AS (
  SELECT case_id, {seconds("MIN(ts)", "MAX(ts)")} AS secs FROM events GROUP BY case_id)
SELECT COUNT(*), AVG(secs),
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY secs),
       PERCENTILE_CONT(0.75) WITHIN GROUP (ORDER BY secs),
       PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY secs),
       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY secs),
       MIN(secs), MAX(secs)
FROM spans {{where}}
"""

FINALITY = """
SELECT activity, COUNT(*), SUM(CASE WHEN next_ts IS NULL THEN 1 ELSE 0 END)
FROM ordered_steps GROUP BY activity ORDER BY activity
"""

# Handovers between performers: {who} is ``resource`` or ``grp``.  A step
# without a performer breaks the chain (nobody knows who had the work).
# Ping-pong follows Celonis' "ping pong cases" on the performers of
# consecutive steps: X, Y, X (direct); a return is X, anyone else, ..., X.
HANDOVERS = """
WITH links AS (
  SELECT case_id, {who} AS source, next_{who} AS target, 1 AS direct, 0 AS indirect,
         CASE WHEN next2_{who} = {who} AND next_{who} <> {who} THEN 1 ELSE 0 END AS pingpong
  FROM ordered_steps WHERE {who} IS NOT NULL AND next_{who} IS NOT NULL
  UNION ALL
  SELECT case_id, {who}, next2_{who}, 0, 1, 0
  FROM ordered_steps WHERE {who} IS NOT NULL AND next2_{who} IS NOT NULL)
SELECT source, target, SUM(direct), SUM(indirect),
       COUNT(DISTINCT CASE WHEN direct = 1 THEN case_id END), SUM(pingpong)
FROM links GROUP BY source, target ORDER BY source, target
"""

PINGPONG_CASES = """
WITH visits AS (
  SELECT case_id, {who},
         SUM(CASE WHEN previous_{who} IS NULL OR previous_{who} <> {who} THEN 1 ELSE 0 END) AS runs,
         SUM(CASE WHEN next2_{who} = {who} AND next_{who} <> {who} THEN 1 ELSE 0 END) AS pingpongs
  FROM ordered_steps WHERE {who} IS NOT NULL GROUP BY case_id, {who})
SELECT COUNT(DISTINCT CASE WHEN pingpongs > 0 THEN case_id END),
       COUNT(DISTINCT CASE WHEN runs > 1 THEN case_id END)
FROM visits
"""
