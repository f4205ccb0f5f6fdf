"""The walk, told stop by stop: the story behind the ``walk`` command.

Two routes are told: the most likely path and the slowest likely path (see
:mod:`~processwalk.analysis.paths`).  At every stop: the clock when the case
arrives, who holds it, the systems and policies in force, what the customer is
doing meanwhile, and the "why?" questions worth asking there, worded with the
step's own names and figures.  ``why`` is the most telling one; ``questions``
holds every one that applies, most telling first.

A question is asked where the rule that finds the same friction would look, by
that rule's configured thresholds (``rules:`` and the process's ``budgets``):
``rubber-stamp``'s ``min_pass``, ``long-wait``'s ``times_work`` and ``share``,
``system-sprawl``'s ``step_max``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from processwalk.analysis.paths import Path
from processwalk.formatting import format_against, format_hours, format_share
from processwalk.model import Process, Step

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk

LIKELY, SLOWEST = "most likely", "slowest likely"
_ENDINGS = {"resolved": "has what they asked for", "refused": "has been told no",
            "abandoned": "has given up"}


class Thresholds(Protocol):
    """A rule's thresholds by name (a :class:`~processwalk.config.RuleSettings`)."""

    def __getitem__(self, name: str) -> float: ...


#: the settings of every rule by id, as :meth:`Config.for_process <processwalk.config.Config.for_process>` gives them
Rules = Mapping[str, Thresholds]


@dataclass(frozen=True)
class Stop:
    route: str
    number: int
    step: str
    name: str
    #: elapsed hours when the case arrives at the stop, and when it leaves it
    clock_h: float
    leaves_h: float
    team: str | None
    systems: tuple[str, ...]
    policies: tuple[str, ...]
    customer: str
    why: str
    questions: tuple[str, ...]


def narrate(walk: Walk, rules: Rules) -> list[Stop]:
    """The stops of the most likely path, then those of the slowest likely path; ``rules``: the
    settings of the rules the questions follow."""
    routes = [(LIKELY, walk.likely_paths[0])] if walk.likely_paths else []
    if walk.slowest_path is not None:
        routes.append((SLOWEST, walk.slowest_path))
    return [stop for route, path in routes for stop in _stops(walk, rules, route, path)]


def _stops(walk: Walk, rules: Rules, route: str, path: Path) -> Iterator[Stop]:
    process = walk.process
    clock = 0.0
    for n, step_id in enumerate(path.steps):
        step = process.steps[step_id]
        spent = step.wait.mean + step.work.mean
        questions = tuple(_questions(walk, rules, path, n, clock + spent))
        yield Stop(route, n + 1, step_id, step.name, clock, clock + spent, _team_name(process, step.team),
                   tuple(process.systems[s].name if s in process.systems else s for s in step.systems),
                   tuple(process.policies[p].title if p in process.policies else p for p in step.policies),
                   _customer(process, step), questions[0], questions)
        clock += spent


def _team_name(process: Process, team: str | None) -> str | None:
    if team is None:
        return None
    return process.teams[team].name if team in process.teams else team


def _customer(process: Process, step: Step) -> str:
    """What the customer is doing while the case is at ``step``."""
    team = _team_name(process, step.team) or "us"
    wait, work = format_hours(step.wait.mean), format_hours(step.work.mean)
    if step.is_end:
        return _ENDINGS.get(step.outcome or "resolved", f"is done ({step.outcome})")
    if step.kind == "contact":
        return f"waits {wait}, then talks to {team}" if step.wait.mean > 0 else f"talks to {team}"
    if step.kind == "self-service":
        return f"waits {wait}, then serves themselves ({team})" if step.wait.mean > 0 else \
            f"serves themselves ({team})"
    if step.wait.mean >= 24:
        return f"waiting {wait} with no news, and likely chasing us"
    if step.wait.mean > 0:
        return f"waiting {wait} while the case sits with {team}"
    return f"waiting while {team} works on it ({work})"


#: a question: the walk, the rules' settings, the path and the stop's number on it
_Ask = Callable[["Walk", Rules, Path, int], "str | None"]


def _questions(walk: Walk, rules: Rules, path: Path, n: int, leaves_h: float) -> Iterator[str]:
    if walk.process.steps[path.steps[n]].is_end:
        yield _end_question(walk, path.steps[n], leaves_h)
        return
    asked = False
    asks: tuple[_Ask, ...] = (_rubber_stamp, _sent_back, _long_wait, _policy, _handoff, _again, _systems)
    for ask in asks:
        question = ask(walk, rules, path, n)
        if question:
            asked = True
            yield question
    if not asked:
        step = walk.process.steps[path.steps[n]]
        yield f"What would the customer lose if '{step.name}' were not done?"


def _rubber_stamp(walk: Walk, rules: Rules, path: Path, n: int) -> str | None:
    step = walk.process.steps[path.steps[n]]
    passed = walk.steps[step.id].pca
    if step.kind != "approval" or passed < rules["rubber-stamp"]["min_pass"]:
        return None
    who = _team_name(walk.process, step.team)
    return f"Why does {who} have to approve '{step.name}' when {format_share(passed)} are approved?"


def _sent_back(walk: Walk, rules: Rules, path: Path, n: int) -> str | None:
    if n >= len(path.branches) or not path.branches[n].refusal:
        return None
    branch = path.branches[n]
    reason = f" ({branch.reason})" if branch.reason else ""
    return f"Why are {format_share(branch.p)} of cases sent back here{reason}?"


def _long_wait(walk: Walk, rules: Rules, path: Path, n: int) -> str | None:
    step = walk.process.steps[path.steps[n]]
    wait, work = step.wait.mean, step.work.mean
    lead, settings = walk.figures.lead_time_h, rules["long-wait"]
    if wait <= 0 or not (wait >= settings["times_work"] * work or (lead > 0 and wait >= settings["share"] * lead)):
        return None
    who = _team_name(walk.process, step.team)
    takes = f"its work takes {format_hours(work)}" if work > 0 else "no work is done while it waits"
    return f"Why does every case wait {format_hours(wait)} for {who} when {takes}?"


def _policy(walk: Walk, rules: Rules, path: Path, n: int) -> str | None:
    step = walk.process.steps[path.steps[n]]
    for policy in (walk.process.policies[p] for p in step.policies if p in walk.process.policies):
        reason = f"the stated reason is '{policy.why}'" if policy.why else "no reason is stated"
        owner = f"{policy.owner} can answer" if policy.owner else "nobody is named to answer"
        return f"Why '{policy.title}'? ({reason}; {owner})"
    return None


def _handoff(walk: Walk, rules: Rules, path: Path, n: int) -> str | None:
    if n == 0:
        return None
    steps = walk.process.steps
    before, here = steps[path.steps[n - 1]].team, steps[path.steps[n]].team
    if before is None or here is None or before == here:
        return None
    came_back = any(steps[s].team == here for s in path.steps[:n - 1])
    again = " again" if came_back else ""
    return (f"Why does the case pass from {_team_name(walk.process, before)} to "
            f"{_team_name(walk.process, here)}{again} here?")


def _again(walk: Walk, rules: Rules, path: Path, n: int) -> str | None:
    steps = walk.process.steps
    if steps[path.steps[n]].kind != "contact" or not any(steps[s].kind == "contact" for s in path.steps[:n]):
        return None
    return "Why does the customer have to talk to us again?"


def _systems(walk: Walk, rules: Rules, path: Path, n: int) -> str | None:
    step = walk.process.steps[path.steps[n]]
    if len(step.systems) <= rules["system-sprawl"]["step_max"]:
        return None
    names = ", ".join(walk.process.systems[s].name if s in walk.process.systems else s for s in step.systems)
    return f"Why does '{step.name}' need {len(step.systems)} systems ({names})?"


def _end_question(walk: Walk, end_id: str, leaves_h: float) -> str:
    process = walk.process
    step = process.steps[end_id]
    share = walk.steps[end_id].visits
    if process.sla_h is not None and leaves_h > process.sla_h:
        took, promised = format_against(leaves_h, process.sla_h)
        return f"Why does this walk take {took} when we promise {promised}?"
    if step.outcome not in (None, "resolved"):
        return f"Why do {format_share(share)} of cases end '{step.name}'?"
    return f"What would it take to get here faster than {format_hours(leaves_h)}?"
