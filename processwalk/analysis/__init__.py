"""Figures of a process walk: the exact Markov-chain figures, the simulation, load and friction.

Modules follow the data: :mod:`.chain` (the absorbing chain and its solves) ->
:mod:`.figures` (per-case figures) -> :mod:`.simulate` (lead-time distribution),
:mod:`.capacity` (load, waits, backlogs), :mod:`.friction` (per policy),
:mod:`.paths` (variants) -> :mod:`.walk` (everything for one process, and JSON)
-> :mod:`.narrate` (the stop-by-stop story).  Heavy imports (numpy, scipy) live
here, so commands import this package only when they analyze.
"""
from __future__ import annotations
