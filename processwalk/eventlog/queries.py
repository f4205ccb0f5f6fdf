"""The SQL behind the summaries, written once (DuckDB's dialect) for every engine.

DuckDB runs these queries as written; :mod:`.dialect` translates them with
SQLGlot for Spark SQL.  They keep to what both engines mean the same way: CTEs,
window functions with a named ``WINDOW``, ``QUANTILE_CONT`` (exact percentiles),
``ARG_MIN``, ``ARRAY_AGG``, ``BIT_OR`` and ``BIT_COUNT``, ``DATE_DIFF``; joins rather than ``IN (subquery)``
inside expressions (Spark allows those only in filters).  Events of a case are
ordered by ``ts, seq``: time first, then file order for equal times, which is
what pm4py's stable sort by timestamp gives.
"""
from __future__ import annotations

from itertools import pairwise


def micros(start: str, end: str) -> str:
    """Microseconds from ``start`` to ``end`` (an exact integer)."""
    return f"DATE_DIFF('microsecond', {start}, {end})"


def seconds(start: str, end: str) -> str:
    """Seconds from ``start`` to ``end``, exact to the microsecond."""
    return f"{micros(start, end)} / 1e6"


def mean(integers: str) -> str:
    """The mean of an integer column, the same double on every engine: the exact sum (as a
    decimal, so that neither the order of the rows nor an overflow can change it) over the count."""
    return f"CAST(SUM(CAST({integers} AS DECIMAL(38, 0))) AS DOUBLE) / NULLIF(COUNT({integers}), 0)"


def mean_seconds(us: str) -> str:
    """The mean, in seconds, of a column of microseconds (see :func:`mean`)."""
    return f"{mean(us)} / 1e6"


#: the window over a case's steps in their order (see ``ORDERED_STEPS``)
IN_CASE = "PARTITION BY case_key ORDER BY ts, seq"
MEDIAN = "QUANTILE_CONT({}, 0.5)"

# Built once by the reader, first: each case's first and last time (over every
# event, whatever its lifecycle), its number of events, and its key: the place
# in the file of its first event (``seq`` is unique), an integer that every
# grouping by case below uses in place of the case id (grouping and sorting by
# an integer costs about a quarter less than by text).
CASE_SPANS = """
CREATE TABLE case_spans AS
SELECT case_id, MIN(seq) AS case_key, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS events
FROM events GROUP BY case_id
"""

# Then every step with its case's key, its place in its case and its neighbours,
# so that the figures below need no further sort (and no case id: the key joins
# to ``cases``).  A case's last step is the one without a next_ts.
ORDERED_STEPS = f"""
CREATE TABLE ordered_steps AS
SELECT case_key, activity, ts, resource, grp, seq,
       ROW_NUMBER() OVER w AS pos,
       LAG(ts) OVER w AS previous_ts,
       LEAD(activity) OVER w AS next_activity,
       LEAD(ts) OVER w AS next_ts,
       LEAD(resource, 1) OVER w AS next_resource,
       LEAD(resource, 2) OVER w AS next2_resource,
       LEAD(grp, 1) OVER w AS next_grp,
       LEAD(grp, 2) OVER w AS next2_grp
FROM (SELECT c.case_key, s.* FROM steps s JOIN case_spans c ON c.case_id = s.case_id) keyed
WINDOW w AS ({IN_CASE})
"""

# And each case with its last step.
CASES = """
CREATE TABLE cases AS
SELECT c.case_id, c.case_key, c.first_ts, c.last_ts, c.events, l.activity AS last_activity
FROM case_spans c
LEFT JOIN (SELECT case_key, activity FROM ordered_steps WHERE next_ts IS NULL) l ON l.case_key = c.case_key
"""

COUNTS = """
SELECT (SELECT COUNT(*) FROM cases), COUNT(*), COUNT(DISTINCT activity),
       COUNT(DISTINCT resource), COUNT(DISTINCT grp), MIN(ts), MAX(ts)
FROM events
"""

# The cases of each pair come from a grouping of their own (the distinct case and pair
# combinations, counted per pair) joined to the pair's figures: a COUNT(DISTINCT)
# beside other aggregates makes DuckDB keep every row in between, which costs twice
# the grouping.  The same holds for the handovers below.
FOLLOWS = f"""
WITH timed AS (
  SELECT activity AS source, next_activity AS target,
         {seconds("ts", "next_ts")} AS secs, {micros("ts", "next_ts")} AS us
  FROM ordered_steps WHERE next_activity IS NOT NULL),
figures AS (
  SELECT source, target, COUNT(*) AS n, {mean_seconds("us")} AS mean_secs, {MEDIAN.format("secs")} AS median_secs,
         MIN(secs) AS min_secs, MAX(secs) AS max_secs
  FROM timed GROUP BY source, target),
in_cases AS (
  SELECT source, target, COUNT(*) AS cases FROM (
    SELECT DISTINCT case_key, activity AS source, next_activity AS target
    FROM ordered_steps WHERE next_activity IS NOT NULL) pairs
  GROUP BY source, target)
SELECT f.source, f.target, f.n, c.cases, f.mean_secs, f.median_secs, f.min_secs, f.max_secs
FROM figures f JOIN in_cases c ON c.source = f.source AND c.target = f.target ORDER BY f.source, f.target
"""

# Everything per activity: steps, cases it starts and ends, waiting and service
# times in one pass over the steps; the cases it occurs in and its rework
# (cases in which it occurs more than once) from one count per case and activity.
# Waiting: from the previous step's completion to this activity's start (its
# completion when no start is recorded); never negative.  {timed} gives each
# step its wait and service (NULL without start events).
WAIT = "CASE WHEN wait < 0 THEN 0 ELSE wait END"
WAIT_US = "CASE WHEN wait_us < 0 THEN 0 ELSE wait_us END"
ACTIVITIES = """
WITH timed AS ({timed}),
figures AS (
  SELECT activity, COUNT(*) AS events,
         SUM(CASE WHEN pos = 1 THEN 1 ELSE 0 END) AS starts,
         SUM(CASE WHEN next_ts IS NULL THEN 1 ELSE 0 END) AS ends,
         {mean_wait} AS mean_wait, {median_wait} AS median_wait,
         {mean_service} AS mean_service, {median_service} AS median_service
  FROM timed GROUP BY activity),
in_cases AS (
  SELECT activity, COUNT(*) AS cases, SUM(CASE WHEN steps > 1 THEN 1 ELSE 0 END) AS rework FROM (
    SELECT case_key, activity, COUNT(*) AS steps FROM ordered_steps GROUP BY case_key, activity) r
  GROUP BY activity)
SELECT f.activity, f.events, c.cases, f.starts, f.ends, c.rework,
       f.mean_wait, f.median_wait, f.mean_service, f.median_service
FROM figures f JOIN in_cases c ON c.activity = f.activity ORDER BY f.activity
""".format(timed="{timed}", mean_wait=mean_seconds(WAIT_US), median_wait=MEDIAN.format(WAIT),
           mean_service=mean_seconds("service_us"), median_service=MEDIAN.format("service"))

# Without start events: no service times, no matching.
UNSTARTED = f"""
  SELECT activity, pos, next_ts, {seconds("previous_ts", "ts")} AS wait,
         {micros("previous_ts", "ts")} AS wait_us, CAST(NULL AS DOUBLE) AS service, CAST(NULL AS BIGINT) AS service_us
  FROM ordered_steps"""

# With start events, the k-th start of an activity in a case is matched to its
# k-th completion (first in, first out, as pm4py's lifecycle conversion).
STARTED = f"""
  SELECT d.activity, d.pos, d.next_ts,
         {seconds("d.previous_ts", "COALESCE(s.ts, d.ts)")} AS wait, {seconds("s.ts", "d.ts")} AS service,
         {micros("d.previous_ts", "COALESCE(s.ts, d.ts)")} AS wait_us, {micros("s.ts", "d.ts")} AS service_us
  FROM (SELECT case_key, activity, ts, pos, previous_ts, next_ts,
               ROW_NUMBER() OVER (PARTITION BY case_key, activity ORDER BY ts, seq) AS k
        FROM ordered_steps) d
  LEFT JOIN (SELECT c.case_key, s.activity, s.ts,
                    ROW_NUMBER() OVER (PARTITION BY c.case_key, s.activity ORDER BY s.ts, s.seq) AS k
             FROM starts s JOIN case_spans c ON c.case_id = s.case_id) s
    ON s.case_key = d.case_key AND s.activity = d.activity AND s.k = d.k"""

HAS_STARTS = "SELECT COUNT(*) FROM (SELECT 1 FROM starts LIMIT 1) one"

# Arrivals per UTC day, with the first and last arrival of the day (for the span).
ARRIVALS = """
SELECT CAST(first_ts AS DATE) AS day, COUNT(*), MIN(first_ts), MAX(first_ts) FROM cases
GROUP BY CAST(first_ts AS DATE) ORDER BY day
"""

LEAD_TIMES = f"""
WITH spans AS (SELECT {seconds("first_ts", "last_ts")} AS secs, {micros("first_ts", "last_ts")} AS us
               FROM cases {{where}})
SELECT COUNT(*), {mean_seconds("us")}, QUANTILE_CONT(secs, 0.5), QUANTILE_CONT(secs, 0.75),
       QUANTILE_CONT(secs, 0.9), QUANTILE_CONT(secs, 0.95), MIN(secs), MAX(secs)
FROM spans
"""

# Handovers between performers: {who} is ``resource`` or ``grp``.  A step
# without a performer breaks the chain (nobody knows who had the work).
# Ping-pong follows Celonis' "ping pong cases" on the performers of
# consecutive steps: X, Y, X (direct); a return is X, anyone else, ..., X: a
# case returns to X when X's steps form more than one run (a run ends where
# the next step is not X's), i.e. when the case and X share more than one run
# end.  Direct and indirect pairs are counted apart and joined (only the direct
# ones need their cases).  The case counts come with every pair (or alone,
# in a row without a pair, when there is none).  The per-case figures count
# groups of a case and a performer, not distinct performers per case (a
# DISTINCT aggregate grouped by case costs twice as much).
HANDOVERS = """
WITH counted AS (
  SELECT {who} AS source, next_{who} AS target, COUNT(*) AS direct,
         SUM(CASE WHEN next2_{who} = {who} AND next_{who} <> {who} THEN 1 ELSE 0 END) AS pingpong
  FROM ordered_steps WHERE {who} IS NOT NULL AND next_{who} IS NOT NULL GROUP BY {who}, next_{who}),
in_cases AS (
  SELECT source, target, COUNT(*) AS cases FROM (
    SELECT DISTINCT case_key, {who} AS source, next_{who} AS target
    FROM ordered_steps WHERE {who} IS NOT NULL AND next_{who} IS NOT NULL) pairs
  GROUP BY source, target),
direct AS (
  SELECT n.source, n.target, n.direct, c.cases, n.pingpong
  FROM counted n JOIN in_cases c ON c.source = n.source AND c.target = n.target),
indirect AS (
  SELECT {who} AS source, next2_{who} AS target, COUNT(*) AS indirect
  FROM ordered_steps WHERE {who} IS NOT NULL AND next2_{who} IS NOT NULL GROUP BY {who}, next2_{who}),
pairs AS (
  SELECT COALESCE(d.source, i.source) AS source, COALESCE(d.target, i.target) AS target,
         COALESCE(d.direct, 0) AS direct, COALESCE(i.indirect, 0) AS indirect,
         COALESCE(d.cases, 0) AS cases, COALESCE(d.pingpong, 0) AS pingpong
  FROM direct d FULL OUTER JOIN indirect i ON i.source = d.source AND i.target = d.target),
pingpongs AS (
  SELECT COUNT(DISTINCT case_key) AS pingpong_cases FROM ordered_steps
  WHERE next2_{who} = {who} AND next_{who} <> {who}),
repeated AS (
  SELECT case_key FROM ordered_steps WHERE {who} IS NOT NULL AND (next_{who} IS NULL OR next_{who} <> {who})
  GROUP BY case_key, {who} HAVING COUNT(*) > 1),
returns AS (SELECT COUNT(DISTINCT case_key) AS return_cases FROM repeated)
SELECT g.pingpong_cases, r.return_cases, p.source, p.target, p.direct, p.indirect, p.cases, p.pingpong
FROM pingpongs g CROSS JOIN returns r LEFT JOIN pairs p ON TRUE ORDER BY p.source, p.target
"""

# -- for discovery ------------------------------------------------------------------------------

# How often each performer ({who}: resource or grp) did each activity.
PERFORMED = """
SELECT activity, {who}, COUNT(*) FROM steps WHERE {who} IS NOT NULL
GROUP BY activity, {who} ORDER BY activity, {who}
"""

# Where cases usually meet an activity: the mean place of its first step in a case.
FIRST_PLACES = f"""
SELECT activity, {mean("first_pos")} FROM (
  SELECT case_key, activity, MIN(pos) AS first_pos FROM ordered_steps GROUP BY case_key, activity) firsts
GROUP BY activity
"""

# Open cases by the activity they stopped at ({ends} are the end activities),
# with their ages at the end of the log: from the case's first event.
OPEN_AGES = f"""
WITH ages AS (
  SELECT last_activity AS activity, {seconds("first_ts", "(SELECT MAX(last_ts) FROM cases)")} AS secs
  FROM cases WHERE last_activity NOT IN ({{ends}}))
SELECT activity, COUNT(*), {MEDIAN.format("secs")}, MAX(secs) FROM ages GROUP BY activity ORDER BY activity
"""

# -- for calibration against a process ----------------------------------------------------------
#
# The caller fills ``cal_map(activity, node, team)``: each activity kept, the step
# it maps to (or 'activity:<name>' when it maps to none) and that step's team (as a
# number: the queries only compare teams and count a case's teams); and
# ``cal_declared(source, target, refusal)``: the declared branches.  A visit is a run
# of a case's steps that map to one step through different activities (a step made
# of several activities); the same activity twice in a row is two visits.  The
# wait of a visit runs from the end of the case's previous visit to its begin
# (never negative); its work is the start-to-complete time of its steps.

# The steps of each case that map to a node (see above), with the node, its team and the
# step's start time: {started} is ``CAL_STARTED`` where the log has start events (the
# k-th start of an activity in a case opens its k-th completion), else ``CAL_UNSTARTED``.
CAL_UNSTARTED = """
  SELECT o.case_key, o.activity, o.ts, o.pos, CAST(NULL AS TIMESTAMP) AS started_ts, m.node, m.team
  FROM ordered_steps o JOIN cal_map m ON m.activity = o.activity"""

CAL_STARTED = """
  SELECT d.case_key, d.activity, d.ts, d.pos, s.ts AS started_ts, m.node, m.team FROM (
    SELECT case_key, activity, ts, pos, ROW_NUMBER() OVER (PARTITION BY case_key, activity ORDER BY pos) AS k
    FROM ordered_steps) d
  JOIN cal_map m ON m.activity = d.activity
  LEFT JOIN (
    SELECT c.case_key, s.activity, s.ts,
           ROW_NUMBER() OVER (PARTITION BY c.case_key, s.activity ORDER BY s.ts, s.seq) AS k
    FROM starts s JOIN case_spans c ON c.case_id = s.case_id) s
    ON s.case_key = d.case_key AND s.activity = d.activity AND s.k = d.k"""

# The visits: ``CAL_MERGED_VISITS`` when some node is made of several activities,
# else ``CAL_SINGLE_VISITS`` (every mapped step is a visit of its own, numbered by its
# place in the case: no window, no grouping).  A visit's ``n`` orders the visits of a
# case; visit 0 is the unrecorded start (``CAL_VIRTUAL_START``).
CAL_SINGLE_VISITS = f"""
  SELECT case_key, pos AS n, node, team, COALESCE(started_ts, ts) AS begin_ts, ts AS end_ts,
         {micros("started_ts", "ts")} AS work_us
  FROM mapped"""

CAL_MERGED_VISITS = f"""
  SELECT case_key, n, MIN(node) AS node, MIN(team) AS team, MIN(COALESCE(started_ts, ts)) AS begin_ts,
         MAX(ts) AS end_ts, SUM({micros("started_ts", "ts")}) AS work_us
  FROM (SELECT *, SUM(new) OVER (PARTITION BY case_key ORDER BY pos ROWS UNBOUNDED PRECEDING) AS n
        FROM (SELECT *, CASE WHEN LAG(node) OVER w = node AND LAG(activity) OVER w <> activity THEN 0 ELSE 1
                        END AS new
              FROM mapped WINDOW w AS (PARTITION BY case_key ORDER BY pos)) marked) numbered
  GROUP BY case_key, n"""

# A start step that no activity maps to is where every case begins, unrecorded: visit 0.
CAL_VIRTUAL_START = """
  UNION ALL
  SELECT case_key, 0, ?, ?, first_ts, first_ts, CAST(NULL AS BIGINT) FROM cases"""

# Every visit with the one before it ({started}: how steps are found, {visits}: how they
# make visits, {virtual}: the unrecorded start, if any; see above).
CAL_STEPS = f"""
CREATE OR REPLACE TEMP TABLE cal_steps AS
WITH mapped AS ({{started}}),
visits AS ({{visits}}{{virtual}}),
ordered AS (
  SELECT *, LAG(node) OVER w AS source, LAG(n) OVER w AS previous_n, LAG(end_ts) OVER w AS previous_end,
         LAG(team) OVER w AS previous_team, LAG(team, 2) OVER w AS previous2_team
  FROM visits WINDOW w AS (PARTITION BY case_key ORDER BY n))
SELECT o.case_key, o.n, o.node, o.team, o.source, o.work_us,
       CASE WHEN o.previous_n >= 1 THEN GREATEST({micros("o.previous_end", "o.begin_ts")}, 0) END AS wait_us,
       o.source IS NOT NULL AND d.source IS NULL AS undeclared,
       COALESCE(d.refusal, FALSE) AS refusal,
       COALESCE(o.team <> o.previous_team, FALSE) AS handoff,
       o.team IS NOT NULL AND (o.previous_team IS NULL OR o.previous_team <> o.team) AS team_entry,
       COALESCE(o.previous2_team = o.team AND o.previous_team <> o.team, FALSE) AS pingpong
FROM ordered o LEFT JOIN cal_declared d ON d.source = o.source AND d.target = o.node
"""

# Per case: where it began and stopped, whether it is closed (its last step is in
# ``cal_closing``), its times over every event, and its path figures.
CAL_CASES = f"""
CREATE OR REPLACE TEMP TABLE cal_cases AS
WITH paths AS (
  SELECT s.case_key, ARG_MIN(s.node, s.n) AS first_node, ARG_MAX(s.node, s.n) AS last_node,
         SUM(CAST(undeclared AS INTEGER)) AS undeclared, SUM(CAST(handoff AS INTEGER)) AS handoffs,
         SUM(CAST(refusal AS INTEGER)) AS refusals, SUM(CAST(pingpong AS INTEGER)) AS pingpongs,
         SUM(CAST(team_entry AS INTEGER)) - {{teams}} AS returns,
         SUM(CASE WHEN k.node IS NOT NULL THEN 1 ELSE 0 END) AS contacts
  FROM cal_steps s LEFT JOIN cal_contacts k ON k.node = s.node GROUP BY s.case_key)
SELECT s.case_id, s.case_key, s.first_ts, s.last_ts, {seconds("s.first_ts", "s.last_ts")} AS lead_secs,
       {micros("s.first_ts", "s.last_ts")} AS lead_us,
       {seconds("s.first_ts", "(SELECT MAX(last_ts) FROM cases)")} AS age_secs,
       p.first_node, p.last_node, z.node IS NOT NULL AS closed,
       COALESCE(p.undeclared, 0) AS undeclared, COALESCE(p.handoffs, 0) AS handoffs,
       COALESCE(p.refusals, 0) AS refusals, COALESCE(p.pingpongs, 0) AS pingpongs,
       COALESCE(p.returns, 0) AS returns, COALESCE(p.contacts, 0) AS contacts
FROM cases s LEFT JOIN paths p ON p.case_key = s.case_key LEFT JOIN cal_closing z ON z.node = p.last_node
"""

# The number of teams in a case (in ``CAL_CASES``): the bits of the BIT_OR of its teams'
# codes when each team is a bit of its own, else a DISTINCT count (see calibrate.py).
CAL_TEAM_BITS = "BIT_COUNT(BIT_OR(s.team))"
CAL_TEAM_COUNT = "COUNT(DISTINCT s.team)"

# Per step: visits, those in closed cases, waits and work (kept in microseconds; their
# medians in seconds from them, the same doubles as the seconds computed apart).
CAL_NODES = f"""
SELECT s.node, COUNT(*), SUM(CASE WHEN c.closed THEN 1 ELSE 0 END), COUNT(s.wait_us), {mean_seconds("s.wait_us")},
       {MEDIAN.format("s.wait_us / 1e6")}, COUNT(s.work_us), {mean_seconds("s.work_us")},
       {MEDIAN.format("s.work_us / 1e6")}
FROM cal_steps s JOIN cal_cases c ON c.case_key = s.case_key
GROUP BY s.node ORDER BY s.node
"""

# Each transition with its steps and its cases, from one count per transition and case;
# ``examples``, the first case ids by id, only for the undeclared ones (NULL for the
# others): their cases are ranked within each transition and the first few kept.
CAL_TRANSITIONS = """
WITH per_case AS (
  SELECT source, node, case_key, COUNT(*) AS steps, BOOL_OR(undeclared) AS undeclared
  FROM cal_steps WHERE source IS NOT NULL GROUP BY source, node, case_key),
firsts AS (
  SELECT source, node, ARRAY_SLICE(ARRAY_SORT(ARRAY_AGG(case_id)), 1, {examples}) AS examples FROM (
    SELECT p.source, p.node, c.case_id, ROW_NUMBER() OVER (PARTITION BY p.source, p.node ORDER BY c.case_id) AS r
    FROM per_case p JOIN cases c ON c.case_key = p.case_key WHERE p.undeclared) ranked
  WHERE r <= {examples} GROUP BY source, node),
pairs AS (
  SELECT source, node, SUM(steps) AS steps, COUNT(*) AS cases, BOOL_OR(undeclared) AS undeclared
  FROM per_case GROUP BY source, node)
SELECT p.source, p.node, p.steps, p.cases, p.undeclared, f.examples
FROM pairs p LEFT JOIN firsts f ON f.source = p.source AND f.node = p.node
ORDER BY p.source, p.node
"""

CAL_ENDINGS = "SELECT last_node, COUNT(*) FROM cal_cases WHERE closed GROUP BY last_node ORDER BY last_node"

# Cases that do not begin at the start step: where they begin ('' for a case with no
# step left), with the first case ids (ranked as in ``CAL_TRANSITIONS``).
CAL_BEGINNINGS = """
WITH others AS (
  SELECT COALESCE(first_node, '') AS first_node, case_id FROM cal_cases WHERE first_node IS DISTINCT FROM ?),
firsts AS (
  SELECT first_node, ARRAY_SLICE(ARRAY_SORT(ARRAY_AGG(case_id)), 1, {examples}) AS examples FROM (
    SELECT first_node, case_id, ROW_NUMBER() OVER (PARTITION BY first_node ORDER BY case_id) AS r FROM others) ranked
  WHERE r <= {examples} GROUP BY first_node),
counts AS (SELECT first_node, COUNT(*) AS cases FROM others GROUP BY first_node)
SELECT c.first_node, c.cases, f.examples FROM counts c JOIN firsts f ON f.first_node = c.first_node
ORDER BY c.first_node
"""

CAL_FIGURES = f"""
SELECT COUNT(*), SUM(CASE WHEN closed THEN 1 ELSE 0 END),
       SUM(CASE WHEN undeclared = 0 AND first_node = ? THEN 1 ELSE 0 END),
       {mean("CASE WHEN closed THEN handoffs END")}, {mean("CASE WHEN closed THEN returns END")},
       {mean("CASE WHEN closed THEN refusals END")},
       {mean("CASE WHEN closed THEN GREATEST(contacts - 1, 0) END")},
       {mean("CASE WHEN closed THEN CAST(pingpongs > 0 AS INTEGER) END")},
       {mean("CASE WHEN closed THEN CAST(returns > 0 AS INTEGER) END")},
       MAX(last_ts)
FROM cal_cases
"""

CAL_LEAD_TIMES = f"""
SELECT {mean_seconds("lead_us")}, QUANTILE_CONT(lead_secs, [0.5, 0.85, 0.95]),
       CAST(SUM(CASE WHEN lead_secs > ? THEN 1 ELSE 0 END) AS DOUBLE) / NULLIF(COUNT(*), 0)
FROM cal_cases WHERE closed
"""

# Open cases by the step they last passed; {bands} counts them by age.
CAL_OPEN = """
SELECT COALESCE(last_node, ''), COUNT(*), QUANTILE_CONT(age_secs, [0.5, 0.9]), MAX(age_secs), {bands}
FROM cal_cases WHERE NOT closed GROUP BY last_node ORDER BY last_node
"""


def band_counts(edges_secs: list[float]) -> str:
    """``[a, b, ...]`` -> the counts of ages below a, from a to b, ..., from the last edge on."""
    below = [f"SUM(CASE WHEN age_secs < {high} THEN 1 ELSE 0 END)" for high in edges_secs]
    bands = [below[0], *(f"{b} - {a}" for a, b in pairwise(below))]
    return ", ".join([*bands, f"COUNT(*) - {below[-1]}"])
