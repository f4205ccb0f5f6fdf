"""A BPMN timer as a wait: ISO 8601 durations as written, one period of a cycle, and a duration
read from the timer's name when the model gives no expression ('7 days')."""
from __future__ import annotations

import re
from typing import Protocol

from processwalk.bpmn.definitions import Node
from processwalk.units import parse_hours

#: words of a timer's name, as the format's units
_UNITS = {"s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s", "min": "m", "mins": "m",
          "minute": "m", "minutes": "m", "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
          "d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "week": "w", "weeks": "w"}
_NAMED = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)\b", re.IGNORECASE)


class Notes(Protocol):
    def note(self, node: Node, message: str, level: str = "warning") -> None: ...


def timer_wait(node: Node, notes: Notes) -> str:
    """The wait of a timer event ('' for none), and a note where it is not the timer's own duration."""
    timer = node.timer
    label = f"timer '{node.name or node.id}'"
    if timer is None or not timer.kind:
        named = from_name(node.name)
        if named:
            notes.note(node, f"{label} has no duration in the model; took {named} from its name")
        else:
            notes.note(node, f"{label} has no duration in the model; no wait is set: set one")
        return named
    if timer.kind == "date":
        notes.note(node, f"{label} waits until a date ({timer.text}), not for a duration; no wait is set: set "
                         "the usual wait")
        return ""
    text = timer.text
    if timer.kind == "cycle":
        period = _period(text)
        if not period:
            notes.note(node, f"{label} repeats on '{text}', which is not an ISO 8601 cycle; no wait is set")
            return ""
        notes.note(node, f"{label} repeats ({text}); taken as one wait of {period}", "info")
        return period
    if _duration(text):
        return text
    notes.note(node, f"{label} waits '{text}', which is not an ISO 8601 duration (an expression?); no wait is "
                     "set: set one")
    return ""


def _duration(text: str) -> bool:
    try:
        parse_hours(text)
    except ValueError:
        return False
    return text.upper().startswith("P")


def _period(cycle: str) -> str:
    """The duration of an ISO 8601 repeating interval 'R3/PT10H', 'R/2026-01-01T00:00/P1D'."""
    if not cycle.upper().startswith("R"):
        return ""
    parts = [p for p in cycle.split("/")[1:] if _duration(p)]
    return parts[0] if parts else ""


def from_name(name: str) -> str:
    """A duration in the format's units from a timer's name: '7 days' -> '7d' ('' when none)."""
    match = _NAMED.search(name)
    if match is None or match.group(2).lower() not in _UNITS:
        return ""
    return f"{match.group(1).replace(',', '.')}{_UNITS[match.group(2).lower()]}"
