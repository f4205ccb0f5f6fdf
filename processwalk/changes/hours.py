"""``hours: {TEAM: {hours_per_day: H, days_per_week: D}}``: the team's working time.  A team
change: it changes the team in every process that uses it."""
from __future__ import annotations

import dataclasses

from processwalk import units
from processwalk.changes.base import Context, change_teams, mapping
from processwalk.load import Node
from processwalk.model import Process, Team

KIND = "hours"
KEYS = ("hours_per_day", "days_per_week")
LIMITS = {"hours_per_day": units.HOURS_PER_DAY, "days_per_week": units.DAYS_PER_WEEK}
_EXAMPLE = "{back-office: {hours_per_day: 9}}"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader = ctx.reader

    def one(found: Team | None, value: Node) -> Team | None:
        times = mapping(reader, value, KIND, _EXAMPLE)
        if found is None or times is None:
            return None
        reader.keys(times, KEYS, f"the hours of team '{found.id}'")
        figures = {k: reader.number(times.entries[k], k, LIMITS[k]) for k in KEYS if k in times.entries}
        if any(v is None for v in figures.values()):
            return None
        return dataclasses.replace(found, hours_per_day=figures.get("hours_per_day") or found.hours_per_day,
                                   days_per_week=figures.get("days_per_week") or found.days_per_week)

    return change_teams(process, node, ctx, KIND, _EXAMPLE, one)
