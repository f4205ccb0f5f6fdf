"""``pool: {teams: [A, B], as: ID, name: TEXT}``: the teams become one.

Their staff is added up, the steps of both belong to the pool, its hourly cost is the
staff-weighted mean.  Choices where the contract leaves room: the pool keeps the teams' capacity
(its days a week are the staff-weighted mean, its hours a day make ``staff x hours x days`` the
teams' sum); a pool of teams one of which declares no staff declares none either.  A team change:
in a process that uses only some of the teams, the pool is made of those it uses.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from processwalk.changes.base import Context, elsewhere, team, with_steps, with_teams
from processwalk.errors import Location
from processwalk.load import Node
from processwalk.model import Process, Team

KIND = "pool"
KEYS = ("teams", "as", "name")
_HINT = "write e.g. 'pool: {teams: [back-office, team-leaders], as: credit-desk}'"


def apply(process: Process, node: Node, ctx: Context) -> Process | None:
    reader, count = ctx.reader, len(ctx.reader.problems)
    body = reader.mapping(node, "'pool'")
    if body is None:
        return None
    reader.keys(body, KEYS, "'pool'")
    teams_node, as_node = (reader.require(body, key, "'pool'", _HINT) for key in ("teams", "as"))
    items = reader.items(teams_node, "'teams' of a pool") if teams_node is not None else ()
    found = [team(reader, item, process, "team") for item in items if not elsewhere(ctx, item, process)]
    ident = reader.ident(as_node, "team id")
    if teams_node is not None and len(items) < 2 and len(reader.problems) == count:
        reader.problem(teams_node, f"a pool joins two teams or more, not {len(items)}; {_HINT}")
    pooled = [t for t in found if isinstance(t, Team)]
    if ident is None or len(reader.problems) > count or None in found:
        return None
    if ident in process.teams and ident not in {t.id for t in pooled}:
        reader.problem(as_node, f"team '{ident}' already exists; a pool is a new team "  # type: ignore[arg-type]
                                "or takes the id of one of the teams it joins")
        return None
    if not pooled:
        return process
    name = reader.string(body.entries.get("name"), "a pool's name") or " + ".join(t.name for t in pooled)
    pool = joined(pooled, ident, name, reader.where(body))
    members = {t.id for t in pooled}
    moved = {s: dataclasses.replace(step, team=ident) for s, step in process.steps.items() if step.team in members}
    return with_teams(with_steps(process, moved), {ident: pool}, gone=members - {ident})


def joined(teams: Sequence[Team], ident: str, name: str, where: Location) -> Team:
    """One team of ``teams``' staff and capacity (see the module doc)."""
    if any(t.staff is None for t in teams):
        return Team(ident, name, where, None, teams[0].hours_per_day, teams[0].days_per_week,
                    _mean_cost(teams, [1.0] * len(teams)))
    staff = [t.staff or 0.0 for t in teams]
    total = sum(staff)
    days = sum(s * t.days_per_week for s, t in zip(staff, teams)) / total
    hours = sum(s * t.hours_per_day * t.days_per_week for s, t in zip(staff, teams)) / (total * days)
    return Team(ident, name, where, total, hours, days, _mean_cost(teams, staff))


def _mean_cost(teams: Sequence[Team], weights: Sequence[float]) -> float | None:
    if any(t.hourly_cost is None for t in teams):
        return None
    return sum(w * (t.hourly_cost or 0.0) for w, t in zip(weights, teams)) / sum(weights)
