"""``processwalk walk FILE``: the process walk itself, told stop by stop."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from processwalk.commands import common

if TYPE_CHECKING:
    from processwalk.analysis.narrate import Stop
    from processwalk.analysis.walk import Walk


def walk(path: str, seed: int) -> int:
    """The walk of the process in ``path``, its questions asked by the rules of the configuration found
    upwards from it and the process's budgets."""
    from processwalk.analysis.narrate import narrate
    from processwalk.analysis.walk import analyze
    from processwalk.commands.common import load, one_process

    process = one_process(path, "walk")
    config = load([path], None, None)
    analysed = analyze(process, seed=seed)
    stops = narrate(analysed, config.for_process(process.budgets))
    click.echo("\n".join(tell(analysed, stops, config.display.unit)))
    return 0


def tell(walk: Walk, stops: list[Stop], unit: str | None = None) -> Iterator[str]:
    """The narrative as lines of text; the clocks are lead times so far, all in one unit (``unit``, else
    the one that suits the latest clock or the promise)."""
    from processwalk.formatting import LEAD, PageUnits, format_share

    units = PageUnits.of({LEAD: [*(s.clock_h for s in stops), walk.process.sla_h]}, unit)

    process = walk.process
    yield f"The walk of '{process.title}' ({process.id}), from the customer's first contact to the end."
    route = None
    for stop in stops:
        if stop.route != route:
            route = stop.route
            path = walk.likely_paths[0] if route == "most likely" else walk.slowest_path
            chance = f", {format_share(path.probability)} of cases" if path else ""
            yield f"\nAlong the {route} path{chance}:"
        details = [f"held by {stop.team}" if stop.team else "the case is done"]
        if stop.systems:
            details.append("systems: " + ", ".join(stop.systems))
        if stop.policies:
            details.append("policy: " + "; ".join(f"'{p}'" for p in stop.policies))
        yield f"  {stop.number:>2}. [{units.show(stop.clock_h, LEAD):>6}] {stop.name}"
        yield f"      {' | '.join(details)}"
        yield f"      customer: {stop.customer}"
        yield f"      why? {stop.why}"


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--seed", type=common.SEED, default=0, show_default=True, help="Seed of the simulation.")
def command(path: str, seed: int) -> None:
    """Walk one process stop by stop: clock, holder, systems, policy, the customer, and "why?"."""
    sys.exit(walk(path, seed))
