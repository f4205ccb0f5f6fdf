"""Positioned YAML -> model records, reporting every problem of a file at once.

Structural rules that need the whole process (reachability, loops, sums of
probabilities) live in :mod:`processwalk.validate`; this module checks keys,
types, units and references.
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Collection, Mapping
from typing import NamedTuple, TypeVar

from processwalk import model, overrides, scenarios, units
from processwalk.errors import Location, Problem
from processwalk.load import Map, Node, Scalar
from processwalk.model import (
    Answer,
    Backlog,
    Branch,
    Catalog,
    Policy,
    Process,
    RuleOverride,
    Scenario,
    Step,
    System,
    Team,
)
from processwalk.read import Reader, describe, suggest

PROCESS_KEYS = ("process", "title", "owner", "description", "demand", "sla", "arrivals_cv", "frontline", "start",
                "steps", "answers", "budgets", "scenarios", "teams", "systems", "policies")
CATALOG_KEYS = ("teams", "systems", "policies")
TEAM_KEYS = ("name", "staff", "hours_per_day", "days_per_week", "hourly_cost", "owner")
SYSTEM_KEYS = ("name",)
POLICY_KEYS = ("title", "owner", "why", "reviewed", "review_every")
STEP_KEYS = ("name", "kind", "team", "systems", "policy", "policies", "wait", "work", "sla", "backlog",
             "next", "outcome")
BRANCH_KEYS = ("to", "p", "when", "refusal", "reason", "policy")
BACKLOG_KEYS = ("open", "oldest", "median_age", "as_of")
ANSWER_KEYS = ("rule", "at", "why", "owner", "until")
_PERCENT = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")
#: the coefficients of variation taken for arrivals: beyond 10 no queueing figure means much
ARRIVALS_CV = units.Range(0.0, 10.0)

R = TypeVar("R")


def kind_of(root: Node | None) -> str:
    """'process', 'catalog', 'scenarios' (a scenario file) or 'other' for a document's root."""
    if isinstance(root, Map):
        if "process" in root.entries:
            return "process"
        if any(k in root.entries for k in CATALOG_KEYS):
            return "catalog"
        if "scenarios" in root.entries:
            return "scenarios"
    return "other"


def read_scenario_file(reader: Reader, root: Map) -> tuple[Scenario, ...]:
    """The scenarios of a scenario file (``scenarios:`` and no ``process:``)."""
    reader.keys(root, scenarios.SCENARIO_FILE_KEYS, "a scenario file")
    return scenarios.read_scenarios(reader, root.entries.get("scenarios"), process=None)


# -- catalogs ----------------------------------------------------------------------------------


def read_catalog(reader: Reader, root: Map, *, allowed: tuple[str, ...] = CATALOG_KEYS) -> Catalog:
    reader.keys(root, allowed, "a catalog" if allowed == CATALOG_KEYS else "the process")
    return Catalog(
        teams=_section(reader, root, "teams", "team", _team),
        systems=_section(reader, root, "systems", "system", _system),
        policies=_section(reader, root, "policies", "policy", _policy),
    )


def _section(reader: Reader, root: Map, key: str, what: str, make: Callable[[Reader, str, Map, Location], R]) -> dict[str, R]:
    node = root.entries.get(key)
    if node is None:
        return {}
    section = reader.mapping(node, f"'{key}'")
    records: dict[str, R] = {}
    for ident, value in section.entries.items() if section else ():
        if ident.startswith("x-"):
            continue
        location = reader.key_at(section, ident)  # type: ignore[arg-type]
        reader.ident(section.keys.get(ident) or value, f"{what} id")  # type: ignore[union-attr]
        empty = isinstance(value, Scalar) and value.value is None
        body = Map({}, {}, value.line, value.column) if empty else reader.mapping(value, f"{what} '{ident}'")
        if body is not None:
            records[ident] = make(reader, ident, body, location)
    return records


def _team(reader: Reader, ident: str, node: Map, location: Location) -> Team:
    reader.keys(node, TEAM_KEYS, f"team '{ident}'")
    get = node.entries.get
    return Team(
        id=ident,
        name=reader.string(get("name"), "a team's name") or ident,
        location=location,
        staff=reader.number(get("staff"), "staff", units.STAFF),
        hours_per_day=_or(reader.number(get("hours_per_day"), "hours_per_day", units.HOURS_PER_DAY), 8.0),
        days_per_week=_or(reader.number(get("days_per_week"), "days_per_week", units.DAYS_PER_WEEK), 5.0),
        hourly_cost=reader.number(get("hourly_cost"), "hourly_cost", units.COST),
        owner=reader.string(get("owner"), "a team's owner"),
    )


def _system(reader: Reader, ident: str, node: Map, location: Location) -> System:
    reader.keys(node, SYSTEM_KEYS, f"system '{ident}'")
    return System(ident, reader.string(node.entries.get("name"), "a system's name") or ident, location)


def _policy(reader: Reader, ident: str, node: Map, location: Location) -> Policy:
    reader.keys(node, POLICY_KEYS, f"policy '{ident}'")
    get = node.entries.get
    return Policy(
        id=ident,
        title=reader.string(get("title"), "a policy's title") or ident,
        location=location,
        owner=reader.string(get("owner"), "a policy's owner"),
        why=reader.string(get("why"), "a policy's why"),
        reviewed=reader.date(get("reviewed"), "reviewed"),
        review_every_h=reader.hours(get("review_every"), "review_every"),
    )


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def merge_catalogs(catalogs: list[Catalog]) -> tuple[Catalog, list[Problem]]:
    """One catalog from several; the same id with different content is a problem naming both places."""
    problems: list[Problem] = []
    merged = [
        _merge([getattr(c, section) for c in catalogs], what, problems)
        for section, what in (("teams", "team"), ("systems", "system"), ("policies", "policy"))
    ]
    return Catalog(*merged), problems


def _merge(sections: list[Mapping[str, R]], what: str, problems: list[Problem]) -> dict[str, R]:
    merged: dict[str, R] = {}
    for section in sections:
        for ident, record in section.items():
            first = merged.setdefault(ident, record)
            if first is not record and _content(first) != _content(record):
                here, there = record.location, first.location  # type: ignore[attr-defined]
                problems.append(Problem(here, f"{what} '{ident}' is also defined, differently, at {there}; "
                                              "keep one definition or give them different ids"))
    return merged


def _content(record: object) -> object:
    return dataclasses.replace(record, location=None)  # type: ignore[type-var]


# -- processes ---------------------------------------------------------------------------------


def read_process(reader: Reader, root: Map, shared: Catalog) -> Process | None:
    """Build the process of ``root``; ``shared`` holds the catalogs that apply to its file."""
    inline = read_catalog(reader, root, allowed=PROCESS_KEYS)
    catalog, conflicts = merge_catalogs([shared, inline])
    reader.problems.extend(conflicts)
    get = root.entries.get
    ident = reader.ident(get("process"), "process id")
    steps = _steps(reader, root, catalog)
    start = _start(reader, root, steps)
    if ident is None or start is None or not steps:
        return None
    return Process(
        id=ident,
        title=reader.string(get("title"), "the title") or ident,
        file=reader.path,
        location=reader.where(root.entries["process"]),
        start=start,
        steps=steps,
        catalog=catalog,
        owner=reader.string(get("owner"), "the owner"),
        description=reader.string(get("description"), "the description"),
        demand_per_day=reader.rate(get("demand"), "demand"),
        sla_h=reader.hours(get("sla"), "sla"),
        frontline=_frontline(reader, get("frontline"), catalog, steps),
        answers=_answers(reader, get("answers")),
        budgets=_budgets(reader, get("budgets")),
        arrivals_cv=_or(reader.number(get("arrivals_cv"), "arrivals_cv", ARRIVALS_CV), 1.0),
        scenarios=scenarios.read_scenarios(reader, get("scenarios"), process=ident),
    )


def _start(reader: Reader, root: Map, steps: Mapping[str, Step]) -> str | None:
    node = reader.require(root, "start", "the process", "name the step where the customer's request "
                          "originates, e.g. 'start: call-in'")
    start = reader.string(node, "start")
    if node is not None and start is not None and steps and start not in steps:
        reader.problem(node, f"start step '{start}' is not a step{suggest(start, steps, 'step')}")
        return None
    return start


def _frontline(reader: Reader, node: Node | None, catalog: Catalog, steps: Mapping[str, Step]) -> str | None:
    """The team named by ``frontline:``: a known team that does a step of the process."""
    team = reader.string(node, "frontline")
    if node is None or team is None:
        return None
    if team not in catalog.teams:
        reader.problem(node, _unknown("team", team, catalog.teams))
        return None
    doing = {s.team for s in steps.values() if s.team is not None}
    if team not in doing:
        reader.problem(node, f"frontline team '{team}' does no step of this process; name the team the "
                             f"customer first talks to{suggest(team, doing, 'team')}")
        return None
    return team


def _steps(reader: Reader, root: Map, catalog: Catalog) -> dict[str, Step]:
    node = reader.require(root, "steps", "the process", "list its steps under 'steps:'")
    section = reader.mapping(node, "'steps'") if node is not None else None
    if section is None:
        return {}
    # Every id is known before any step is read: a branch to a step whose body is broken is not
    # also reported as a branch to an unknown step.
    known = {ident: None for ident in section.entries if not ident.startswith("x-")}
    if not known:
        ignored = " (its 'x-' keys are the user's own, not steps)" if section.entries else ""
        reader.problem(section, f"'steps' is empty{ignored}; a process needs at least a start step and an end step")
    steps: dict[str, Step] = {}
    for ident in known:
        value = section.entries[ident]
        reader.ident(section.keys.get(ident) or value, "step id")
        body = reader.mapping(value, f"step '{ident}'")
        if body is not None:
            steps[ident] = read_step(reader, ident, body, reader.key_at(section, ident), catalog, known)
    return steps


def read_step(reader: Reader, ident: str, node: Map, location: Location, catalog: Catalog,
              known: Collection[str]) -> Step:
    """One step; ``known`` are the ids its branches may lead to."""
    reader.keys(node, STEP_KEYS, f"step '{ident}'")
    get = node.entries.get
    kind = _kind(reader, ident, node)
    is_end = kind == "end"
    team = _team_ref(reader, ident, node, location, catalog, is_end)
    return Step(
        id=ident,
        name=reader.string(get("name"), "a step's name") or ident,
        kind=kind,
        location=location,
        team=team,
        systems=_refs(reader, get("systems"), catalog.systems, "system"),
        policies=_policies(reader, ident, node, catalog),
        wait=reader.duration(get("wait"), "wait") or units.ZERO,
        work=reader.duration(get("work"), "work") or units.ZERO,
        sla_h=reader.hours(get("sla"), "sla"),
        backlog=_backlog(reader, get("backlog")),
        next=_next(reader, _Origin(ident, location, catalog, known), node, is_end),
        outcome=_outcome(reader, ident, node, is_end),
    )


def _kind(reader: Reader, ident: str, node: Map) -> str:
    kind = reader.string(node.entries.get("kind"), "kind") or "task"
    if kind not in model.KINDS:
        reader.problem(node.entries["kind"], f"unknown kind '{kind}' for step '{ident}'"
                       f"{suggest(kind, model.KINDS, 'kind')}")
        return "task"
    return kind


def _team_ref(reader: Reader, ident: str, node: Map, location: Location, catalog: Catalog,
              is_end: bool) -> str | None:
    value = node.entries.get("team")
    if value is None:
        if not is_end:
            reader.problem(location, f"step '{ident}' has no 'team'; say which team does it with "
                           f"'team: <id>'{suggest('', catalog.teams, 'team')}")
        return None
    team = reader.string(value, "team")
    if team is not None and team not in catalog.teams:
        reader.problem(value, _unknown("team", team, catalog.teams))
    return team


def _unknown(what: str, ref: str, known: Mapping[str, object]) -> str:
    """'unknown team 'x'; did you mean 'y'?', with where to define it when there are none at all."""
    section = {"team": "teams", "system": "systems", "policy": "policies"}[what]
    where = f"; define it under '{section}:' in a catalog file or in the process" if not known else ""
    return f"unknown {what} '{ref}'{suggest(ref, known, what)}{where}"


def _refs(reader: Reader, node: Node | None, known: Mapping[str, object], what: str) -> tuple[str, ...]:
    if node is None:
        return ()
    items = (node,) if isinstance(node, Scalar) else reader.items(node, f"'{what}s'")
    found: list[str] = []
    for item in items:
        ref = reader.string(item, what)
        if ref is None:
            continue
        if ref not in known:
            reader.problem(item, _unknown(what, ref, known))
        found.append(ref)
    return tuple(found)


def _policies(reader: Reader, ident: str, node: Map, catalog: Catalog) -> tuple[str, ...]:
    single = _refs(reader, node.entries.get("policy"), catalog.policies, "policy")
    return single + _refs(reader, node.entries.get("policies"), catalog.policies, "policy")


def _outcome(reader: Reader, ident: str, node: Map, is_end: bool) -> str | None:
    value = node.entries.get("outcome")
    if value is None:
        return "resolved" if is_end else None
    if not is_end:
        reader.problem(reader.key_at(node, "outcome"), f"step '{ident}' has an 'outcome' but is not an end "
                       "step; add 'kind: end' or remove 'outcome'")
        return None
    return reader.ident(value, "outcome")


def _backlog(reader: Reader, node: Node | None) -> Backlog | None:
    if node is None:
        return None
    body = reader.mapping(node, "a backlog")
    if body is None:
        return None
    reader.keys(body, BACKLOG_KEYS, "the backlog")
    get = body.entries.get
    opened = reader.require(body, "open", "the backlog", "say how many items wait, e.g. 'open: 5400'")
    count = reader.number(opened, "open", units.COUNT)
    if count is not None and count != int(count):
        reader.problem(opened, f"open should be a whole number of items, not {count:g}")  # type: ignore[arg-type]
    return Backlog(
        open=int(count or 0),
        location=reader.where(body),
        oldest_h=reader.hours(get("oldest"), "oldest"),
        median_age_h=reader.hours(get("median_age"), "median_age"),
        as_of=reader.date(get("as_of"), "as_of"),
    )


# -- branches ----------------------------------------------------------------------------------


class _Origin(NamedTuple):
    """The step whose branches are read, and what they may refer to."""

    step: str
    location: Location
    catalog: Catalog
    known: Collection[str]


def _next(reader: Reader, origin: _Origin, node: Map, is_end: bool) -> tuple[Branch, ...]:
    ident = origin.step
    value = node.entries.get("next")
    if is_end:
        if value is not None:
            reader.problem(reader.key_at(node, "next"), f"end step '{ident}' has 'next'; an end step "
                           "finishes the case, remove 'next' or change its kind")
        return ()
    if value is None:
        reader.problem(origin.location, f"step '{ident}' has no 'next'; say where the case goes "
                                        "('next: <step>' or a list of branches), or make it 'kind: end'")
        return ()
    if isinstance(value, Scalar):
        target = _target(reader, origin, value, "next")
        return (Branch(target, 1.0, reader.where(value)),) if target else ()
    branches = [_branch(reader, origin, item) for item in reader.items(value, f"'next' of step '{ident}'")]
    built = [b for b in branches if b is not None]
    if len(built) < len(branches):  # a broken branch was reported: its p would make the sum wrong too
        return tuple(b for b, _ in built)
    return _probabilities(reader, ident, value, built)


def _target(reader: Reader, origin: _Origin, node: Node, what: str) -> str | None:
    """The step a branch goes to, checked against the steps of the process."""
    if isinstance(node, Scalar) and node.value is None:
        reader.problem(node, f"'{what}' of step '{origin.step}' is empty; name the step the case goes to"
                             f"{suggest('', origin.known, 'step')}")
        return None
    target = reader.string(node, what)
    if target is not None and target not in origin.known:
        reader.problem(node, f"step '{origin.step}' goes to unknown step '{target}'"
                             f"{suggest(target, origin.known, 'step')}")
    return target


def _branch(reader: Reader, origin: _Origin, node: Node) -> tuple[Branch, Node | None] | None:
    what = f"a branch of step '{origin.step}'"
    if isinstance(node, Scalar):
        reader.problem(node, f"{what} should be a mapping like '- {{to: {node.raw or 'close'}, p: 0.5}}', "
                             f"not {describe(node)}; or write 'next: {node.raw or 'close'}' for a single way")
        return None
    body = reader.mapping(node, what)
    if body is None:
        return None
    reader.keys(body, BRANCH_KEYS, what)
    get = body.entries.get
    to = reader.require(body, "to", what, "say which step it goes to, e.g. 'to: close'")
    target = _target(reader, origin, to, "to") if to is not None else None
    policy = reader.string(get("policy"), "policy")
    if policy is not None and policy not in origin.catalog.policies:
        reader.problem(get("policy"), _unknown("policy", policy, origin.catalog.policies))  # type: ignore[arg-type]
    p_node = get("p")
    p = _p(reader, p_node) if p_node is not None else None
    if target is None:
        return None
    branch = Branch(
        to=target,
        p=p if p is not None else float("nan"),
        location=reader.where(body),
        when=reader.string(get("when"), "when"),
        refusal=bool(reader.boolean(get("refusal"), "refusal")),
        reason=reader.string(get("reason"), "reason"),
        policy=policy,
    )
    return branch, p_node


def _p(reader: Reader, node: Node) -> float | None:
    """A probability: a number (``0.35``) or a percentage (``35%``)."""
    if isinstance(node, Scalar) and node.raw.rstrip().endswith("%"):
        p = _percent(reader, node)
    else:
        p = reader.number(node, "p", units.Range(-math.inf))
    if p is not None and not 0 < p <= 1:
        reader.problem(node, f"p is a probability: more than 0 and at most 1, not {p:g}"
                             + ("; remove a branch that is never taken" if p == 0 else ""))
        return None
    return p


def _percent(reader: Reader, node: Scalar) -> float | None:
    number = node.raw.rstrip()[:-1].rstrip()
    if not _PERCENT.fullmatch(number):
        reader.problem(node, f"p should be a probability like 0.35 or 35%, not {describe(node)}")
        return None
    return float(number) / 100


def _probabilities(reader: Reader, ident: str, node: Node,
                   branches: list[tuple[Branch, Node | None]]) -> tuple[Branch, ...]:
    """Give the branch without ``p`` the remainder, and check that they sum to 1."""
    missing = [b for b, p_node in branches if p_node is None]
    declared = sum(b.p for b, p_node in branches if p_node is not None and b.p == b.p)
    if len(missing) > 1:
        reader.problem(missing[1].location, f"step '{ident}' has {len(missing)} branches without 'p'; "
                       "at most one may leave it out (it takes the remainder): give the others a 'p'")
        return tuple(b for b, _ in branches)
    if missing:
        rest = 1.0 - declared
        if rest <= 1e-9:
            reader.problem(missing[0].location, f"the branch of step '{ident}' without 'p' gets nothing: "
                           f"the others already sum to {declared:g}; lower their p or remove this branch")
        return tuple(b._replace(p=rest) if p_node is None else b for b, p_node in branches)
    if branches and all(b.p == b.p for b, _ in branches) and abs(declared - 1.0) > 1e-6:
        reader.problem(node, f"the branches of step '{ident}' have p summing to {declared:g}, not 1; make "
                             "them sum to 1, or leave out one 'p' to give that branch the remainder")
    return tuple(b for b, _ in branches)


# -- answers and budgets -----------------------------------------------------------------------


def _answers(reader: Reader, node: Node | None) -> tuple[Answer, ...]:
    if node is None:
        return ()
    answers = (_answer(reader, item) for item in reader.items(node, "'answers'"))
    return tuple(a for a in answers if a is not None)


def _answer(reader: Reader, node: Node) -> Answer | None:
    """One answered why: which finding (``rule``, ``at``), ``why``, who signed it and until when."""
    body = reader.mapping(node, "an answer")
    if body is None:
        return None
    reader.keys(body, ANSWER_KEYS, "an answer")
    hint = "an answer says which finding it answers ('rule', 'at') and 'why'"
    rule = reader.string(reader.require(body, "rule", "the answer", hint), "rule")
    at = reader.string(reader.require(body, "at", "the answer", hint), "at")
    why = reader.string(reader.require(body, "why", "the answer", hint), "why")
    owner = reader.string(reader.require(body, "owner", "the answer", _SIGNED), "owner")
    until = reader.date(reader.require(body, "until", "the answer", _EXPIRES), "until")
    if rule and at and why and owner and until:
        return Answer(rule, at, why, reader.where(body), owner, until)
    return None


_SIGNED = "say who gave the answer and answers for it, e.g. 'owner: Controller'"
_EXPIRES = ("say until when it holds, e.g. 'until: 2027-06-30' (after it the finding counts again): an answer "
            "that never expires would silence the finding for good")


def _budgets(reader: Reader, node: Node | None) -> dict[str, RuleOverride]:
    """The budgets, read like the configuration's ``rules:`` (:mod:`processwalk.overrides`)."""
    return overrides.read(reader, node, "'budgets'")
