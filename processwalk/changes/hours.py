"""``hours: {TEAM: {hours_per_day: H, days_per_week: D}}``: the team's working time.  A team
change: it changes the team in every process that uses it."""
from __future__ import annotations

import dataclasses

from processwalk import units
from processwalk.changes.base import Context, elsewhere, entries, mapping, team, with_teams
from processwalk.load import Node
from processwalk.model import Process, Team

KIND = "hours"
KEYS = ("hours_per_day", "days_per_week")
LIMITS = {"hours_per_day": units.HOURS_PER_DAY, "days_per_week": units.DAYS_PER_WEEK}


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader = ctx.reader
    body = mapping(reader, node, "hours", "{back-office: {hours_per_day: 9}}")
    if body is None:
        return None
    teams: dict[str, Team] = {}
    ok = True
    for _, value, key in entries(body):
        if elsewhere(ctx, key or value, process):
            continue
        found = team(reader, key or value, process, "team")
        times = mapping(reader, value, "hours", "{back-office: {hours_per_day: 9}}")
        if found is None or times is None:
            ok = False
            continue
        reader.keys(times, KEYS, f"the hours of team '{found.id}'")
        figures = {k: reader.number(times.entries[k], k, LIMITS[k])
                   for k in KEYS if k in times.entries}
        if any(v is None for v in figures.values()):
            ok = False
            continue
        teams[found.id] = dataclasses.replace(found, hours_per_day=figures.get("hours_per_day") or found.hours_per_day,
                                              days_per_week=figures.get("days_per_week") or found.days_per_week)
    return with_teams(process, teams) if ok else None
