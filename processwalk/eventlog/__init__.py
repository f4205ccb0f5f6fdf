"""Event logs: read a CSV or XES log into DuckDB and summarise it.

>>> from processwalk.eventlog import read_log, summarise      # doctest: +SKIP
>>> with read_log("helpdesk.xes.gz") as log:
...     figures = summarise(log)
>>> figures.counts.cases, figures.counts.events
(4580, 21348)

``read_log(path, columns)`` reads ``.csv``, ``.csv.gz``, ``.xes`` and
``.xes.gz``; :class:`Columns` (or :func:`load_columns` for a mapping file) says
which columns hold the case, activity, timestamp, resource, group and
lifecycle.  The functions of :mod:`.summary` return frozen dataclasses.

Against processes: :mod:`.discover` drafts a process file from a log,
:mod:`.calibrate` compares a process with a log read through :mod:`.mapping`
(which activity is which step), and :mod:`.roundtrip` writes a calibrated copy
of a process file that keeps its owner's text.
"""
from __future__ import annotations

from processwalk.eventlog.columns import Columns, load_columns
from processwalk.eventlog.read import EventLog, read_log
from processwalk.eventlog.summary import Summary, summarise

__all__ = ["Columns", "EventLog", "Summary", "load_columns", "read_log", "summarise"]
