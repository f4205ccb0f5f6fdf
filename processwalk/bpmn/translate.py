"""A BPMN model as drafts of process files: one per pool, with the teams and systems they share.

* **Steps** are the tasks (user and manual tasks are staff work; service,
  script and business-rule tasks are done by a system), timers (a wait of the
  timer's duration), call activities that cannot be inlined, and ends.  A task
  named 'Approve ...' (or 'Sign off', 'Authorise') is an ``approval``; a task
  that exchanges messages with the customer's pool is a ``contact``.
* **Branches** are what :mod:`~processwalk.bpmn.paths` finds between steps:
  gateways and events in between are walked through; where the model gives no
  probability, the split is equal and marked as a guess.
* **Teams** are the lanes (a lane inside another is owned by it); a pool
  without lanes is one team.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import partial

from processwalk.bpmn.definitions import Flow, Lane, Model, Node, Participant, Process
from processwalk.bpmn.extensions import Parameters, own_duration, read_parameters
from processwalk.bpmn.index import Index
from processwalk.bpmn.paths import END, START, Key, Path, Raw, Walker, outcome
from processwalk.bpmn.timers import timer_wait
from processwalk.errors import Location, Problem
from processwalk.graph import in_walking_order
from processwalk.slugs import slugify, unique_ids
from processwalk.yamltext import exact, short_p

#: the system that does the steps of each automated task kind: (id, name)
SYSTEMS = {"serviceTask": ("service", "Automated service (BPMN service tasks)"),
           "scriptTask": ("script", "Script (BPMN script tasks)"),
           "businessRuleTask": ("business-rules", "Business rules engine (BPMN business rule tasks)")}
#: a pool whose name says it is the customer: message flows with it make contacts
CUSTOMER = re.compile(r"\b(customers?|clients?|citizens?|applicants?|patients?|consumers?|callers?|"
                      r"requesters?|users?|buyers?|guests?|passengers?|members?|students?)\b", re.IGNORECASE)
APPROVAL = re.compile(r"(approve|sign[ -]?off|authori[sz]e)\b", re.IGNORECASE)
#: catalog keys as processwalk's extension names them (``pw:team``, ``pw:policy``)
TEAM_KEYS = (("staff", "staff"), ("hours_per_day", "hoursPerDay"), ("days_per_week", "daysPerWeek"),
             ("hourly_cost", "hourlyCost"))
POLICY_KEYS = (("title", "title"), ("owner", "owner"), ("why", "why"), ("reviewed", "reviewed"),
               ("review_every", "reviewEvery"))
#: names a process file may not take: the catalog's
RESERVED = ("catalog",)


@dataclass(frozen=True)
class Branch:
    to: str
    p: Decimal
    when: str = ""
    guessed: bool = False
    reason: str | None = None  # a refusal's reason
    policy: str | None = None


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    kind: str
    at: Location | None
    source: str = ""
    team: str | None = None
    systems: tuple[str, ...] = ()
    wait: str = ""
    next: tuple[Branch, ...] = ()
    outcome: str = ""
    comments: tuple[str, ...] = ()
    work: str = ""
    policies: tuple[str, ...] = ()
    sla: str = ""


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    owner: str = ""
    #: what else the model says of the team, as keys and values of the catalog (staff, ...)
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Draft:
    """One process file to write."""

    id: str
    title: str
    pool: str
    source: str
    at: Location
    start: str
    steps: tuple[Step, ...]
    description: str = ""
    #: the notes on this process's part of the model
    notes: tuple[Problem, ...] = ()
    #: keys of the process beyond its id and title, as written (owner, demand, sla, ...)
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Imported:
    path: str
    drafts: tuple[Draft, ...]
    teams: tuple[Team, ...]
    systems: tuple[tuple[str, str], ...]
    notes: tuple[Problem, ...] = field(default=())
    #: the policies the steps name: id and their keys as written
    policies: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()


def translate(model: Model) -> Imported:
    """The drafts of ``model``'s pools; ``notes`` say what was approximated or left out, where."""
    index = Index.of(model)
    params = read_parameters(model.root)
    walker = Walker(index, partial(_probability, params), lambda flow: params.pw(flow.id, "branch"))
    shared = _Shared(model, index, params)
    drafts: list[Draft] = []
    taken: list[str] = list(RESERVED)
    for process, participant in _pools(model):
        draft = _Drafter(process, participant, walker, shared).draft()
        if draft is not None:
            ident = unique_ids([draft.id], taken)[draft.id]
            taken.append(ident)
            drafts.append(replace(draft, id=ident))
    notes = tuple(sorted({*model.notes, *walker.notes.values(), *shared.notes}))
    drafts = [replace(d, notes=_within(notes, model, d.source)) for d in drafts]
    return Imported(model.path, tuple(drafts), tuple(shared.teams.values()), tuple(sorted(shared.systems.items())),
                    notes, tuple(sorted(shared.policies.items())))


def _within(notes: Sequence[Problem], model: Model, process: str) -> tuple[Problem, ...]:
    """The notes placed between the start of ``process`` in the file and the next element of the model."""
    lines = sorted({e.at.line for e in model.root.children})
    first = next(p.at.line for p in model.processes if p.id == process)
    after = next((line for line in lines if line > first), None)
    return tuple(n for n in notes if first <= n.location.line and (after is None or n.location.line < after))


def _probability(params: Parameters, flow: Flow) -> Fraction | None:
    """A flow's probability: processwalk's extension, else BPSim, else Camunda properties."""
    text = params.pw(flow.id, "branch").get("p") or params.probability.get(flow.id) or flow.probability
    if text is None:
        return None
    try:
        return Fraction(Decimal(text))
    except ArithmeticError:
        return None


def _pools(model: Model) -> list[tuple[Process, Participant | None]]:
    """Each process to write, with its pool: those of participants, then those nobody calls."""
    by_id = {p.id: p for p in model.processes}
    pooled = [(by_id[p.process], p) for p in model.participants if p.process in by_id]
    called = {n.called for p in model.processes for n in p.scope.nodes if n.kind == "callActivity"}
    seen = {p.id for p, _ in pooled}
    loose = [(p, None) for p in model.processes if p.id not in seen and p.id not in called]
    unique: dict[str, tuple[Process, Participant | None]] = {}
    for process, participant in [*pooled, *loose]:
        unique.setdefault(process.id, (process, participant))
    return list(unique.values())


class _Shared:
    """What the drafts of one model share: teams, systems, the customer's pools, message flows."""

    def __init__(self, model: Model, index: Index, params: Parameters) -> None:
        self.model, self.index, self.params = model, index, params
        self.teams: dict[str, Team] = {}
        self.systems: dict[str, str] = {}
        self.policies: dict[str, tuple[tuple[str, str], ...]] = {}
        self.notes: list[Problem] = []
        pool_of = {p.process: p for p in model.participants if p.process}
        self.pool_of_node = {n: pool_of.get(proc.id) for n, proc in index.process.items()}
        self.customers = {p.id for p in model.participants if CUSTOMER.search(p.name)}
        self.participants = {p.id: p for p in model.participants}

    def team(self, lane: Lane | None, pool: str) -> str:
        name = (lane.name if lane is not None else "") or pool
        own = self.params.pw(lane.id, "team") if lane is not None else {}
        ident = own.get("team") or slugify(name, "team")
        owner = own.get("owner", "")
        if not owner and lane is not None and lane.parent is not None:
            parent = next((up for p in self.model.processes for up in p.lanes if up.id == lane.parent), None)
            owner = parent.name if parent is not None else ""
        extra = tuple((key, own[attribute]) for key, attribute in TEAM_KEYS if own.get(attribute))
        self.teams.setdefault(ident, Team(ident, name, owner, extra))
        return ident

    def system(self, ident: str, name: str) -> str:
        self.systems.setdefault(ident, name)
        return ident

    def own_catalog(self, process: Process) -> None:
        """The systems and policies that processwalk's extension on ``process`` names."""
        for system in self.params.pw_all(process.id, "system"):
            self.system(system.get("system", ""), system.get("name") or system.get("system", ""))
        for policy in self.params.pw_all(process.id, "policy"):
            keys = tuple((key, policy[attribute]) for key, attribute in POLICY_KEYS if policy.get(attribute))
            self.policies.setdefault(policy.get("policy", ""), keys)

    def partners(self, node: Node) -> list[tuple[str, str, bool]]:
        """The message flows of ``node``: (direction, the other end's name, whether it is the customer)."""
        found = []
        for flow in self.model.message_flows:
            if node.id not in (flow.source, flow.target):
                continue
            other = flow.target if flow.source == node.id else flow.source
            pool = self.participants.get(other) or self.pool_of_node.get(other)
            target = self.index.nodes.get(other)
            what = pool.name if pool is not None else other
            if target is not None and target.name:
                what = f"{what}: '{target.name}'"
            direction = "sends to" if flow.source == node.id else "receives from"
            found.append((direction, what, pool is not None and pool.id in self.customers))
        return found


class _Drafter:
    def __init__(self, process: Process, participant: Participant | None, walker: Walker, shared: _Shared) -> None:
        self.process, self.walker, self.shared = process, walker, shared
        self.index = walker.index
        self.pool = (participant.name if participant else "") or process.name or process.id
        self.participant = participant
        self.waits: dict[Key, Key] = {}  # the timer folded into each step's wait

    def draft(self) -> Draft | None:
        entries = self.walker._starts(self.process.scope.nodes)
        if not entries:
            what = "no flow nodes" if not self.process.scope.nodes else "no start event and no node without incoming flows"
            self.shared.notes.append(Problem(self.process.at, f"process '{self.pool}' has {what}; no process file "
                                                              "is written for it", "warning", "bpmn"))
            return None
        self.shared.own_catalog(self.process)
        steps = self._folded(self._walk(self.walker.entry(entries, (), Path())))
        ids = self._ids(steps)
        made = [self._step(key, raws, ids) for key, raws in steps]
        own = self.shared.params.pw(self.process.id, "process")
        return Draft(own.get("process") or slugify(self.pool, "process"), self.pool, self.pool, self.process.id,
                     self.process.at, ids[steps[0][0]], tuple(made), self.process.documentation,
                     extra=self._extra(own, entries))

    def _extra(self, own: Mapping[str, str], entries: Sequence[Node]) -> tuple[tuple[str, str], ...]:
        """The process's owner, demand, sla, arrivals_cv and frontline, where the model says them."""
        demand = next((self.shared.params.demand[e.id] for e in entries if e.id in self.shared.params.demand), None)
        keys: dict[str, str] = {}
        if own.get("owner"):
            keys["owner"] = own["owner"]
        if own.get("demandPerDay"):
            keys["demand"] = f"{own['demandPerDay']}/day"
        elif demand is not None:
            keys["demand"] = f"{exact(demand[0])}/day"
        if own.get("sla"):
            keys["sla"] = own["sla"]
        if own.get("arrivalsCv"):
            keys["arrivals_cv"] = own["arrivalsCv"]
        elif demand is not None and demand[1] != 1:
            keys["arrivals_cv"] = exact(demand[1])
        if own.get("frontline"):
            keys["frontline"] = own["frontline"]
        return tuple(keys.items())

    def _folded(self, steps: list[tuple[Key, list[Raw]]]) -> list[tuple[Key, list[Raw]]]:
        """The steps with each timer that only leads into one task folded into that task's wait:
        the case waits there before the task's work starts."""
        before: dict[Key, list[Key]] = {}
        for key, raws in steps:
            for raw in raws:
                before.setdefault(raw.to, []).append(key)
        into: dict[Key, Key] = {}
        for key, raws in steps:
            node = self.index.nodes.get(key[1])
            if node is None or node.kind != "intermediateCatchEvent" or len(raws) != 1 or raws[0].path.whens:
                continue
            target = raws[0].to
            task = self.index.nodes.get(target[1])
            if task is not None and task.trigger != "timer" and task.kind != "endEvent" and before[target] == [key]:
                into[key] = target
        self.waits = {target: timer for timer, target in into.items()}
        kept = [(key, [replace(r, to=into.get(r.to, r.to)) for r in raws]) for key, raws in steps if key not in into]
        if steps and steps[0][0] in into:  # the start was the timer: its task comes first
            first = into[steps[0][0]]
            kept.sort(key=lambda item: item[0] != first)
        return kept

    def _walk(self, first: list[Raw]) -> list[tuple[Key, list[Raw]]]:
        """Every step reached, in walking order, with its ways out."""
        direct = len(first) == 1 and not first[0].path.whens and not self._is_end(first[0].to)
        start_key: Key = first[0].to if direct else ((), START)
        return in_walking_order(start_key, lambda key: first if key[1] == START else [] if self._is_end(key)
                                else self.walker.next_of(key), lambda raw: raw.to)

    def _is_end(self, key: Key) -> bool:
        return key[1].startswith(END) or self.index.nodes[key[1]].kind == "endEvent"

    def _ids(self, steps: Sequence[tuple[Key, list[Raw]]]) -> dict[Key, str]:
        names = [self._own(key).get("step") or self._name(key) for key, _ in steps]
        taken: list[str] = []
        ids: dict[Key, str] = {}
        for (key, _), name in zip(steps, names):
            ident = unique_ids([name], taken, "step")[name]
            taken.append(ident)
            ids[key] = ident
        return ids

    def _name(self, key: Key) -> str:
        ident = key[1]
        if ident == START:
            return "Case starts"
        if ident.startswith(END):
            kind = ident[len(END):]
            return "End" if kind == "resolved" else f"End ({kind})"
        node = self.index.nodes[ident]
        if node.name:
            return node.name
        if node.trigger == "timer":
            return f"Wait {node.timer.text}" if node.timer and node.timer.text else "Wait"
        if node.kind == "endEvent":
            return "End"
        words = re.sub(r"(?<!^)([A-Z])", r" \1", node.kind).lower()
        return f"Unnamed {words}"

    def _own(self, key: Key) -> Mapping[str, str]:
        return self.shared.params.pw(key[1], "step")

    def _step(self, key: Key, raws: list[Raw], ids: Mapping[Key, str]) -> Step:
        ident = key[1]
        name = self._name(key)
        if ident == START:
            first = self.walker._starts(self.process.scope.nodes)[0]
            return Step(ids[key], name, "task", None, first.id, self.shared.team(self.index.lane(first.id), self.pool),
                        next=self._branches(raws, ids))
        if ident.startswith(END):
            return Step(ids[key], name, "end", None, outcome=ident[len(END):])
        node, own = self.index.nodes[ident], self._own(key)
        if node.kind == "endEvent":
            return Step(ids[key], name, "end", node.at, node.id, outcome=own.get("outcome") or outcome(node))
        comments = tuple(self._comments(node))
        team = self.shared.team(self._lane(key), self.pool)
        if own.get("team"):
            team = own["team"]
            self.shared.teams.setdefault(team, Team(team, team))
        timer = self.waits.get(key)
        wait = self._wait(self.index.nodes[timer[1]]) if timer is not None else \
            self._wait(node) if node.trigger == "timer" else ""
        work = own_duration(self.shared.params.pw(ident, "work")) or self.shared.params.work.get(ident, "")
        return Step(ids[key], name, own.get("kind") or self._kind(node), node.at, node.id, team, self._systems(node, own),
                    wait, self._branches(raws, ids), own.get("outcome", ""), comments, "" if node.trigger == "timer" else work,
                    tuple(own.get("policies", "").split()), own.get("sla", ""))

    def _wait(self, timer: Node) -> str:
        """A timer's wait: processwalk's extension, else BPSim's processing time, else the timer's own."""
        own = own_duration(self.shared.params.pw(timer.id, "wait"))
        return own or self.shared.params.wait.get(timer.id) or timer_wait(timer, self.walker)

    def _systems(self, node: Node, own: Mapping[str, str]) -> tuple[str, ...]:
        if own:
            return tuple(self.shared.system(s, s) for s in own.get("systems", "").split())
        if node.kind in SYSTEMS:
            return (self.shared.system(*SYSTEMS[node.kind]),)
        return ()

    def _lane(self, key: Key) -> Lane | None:
        ctx, ident = key
        lane = self.index.lane(ident)
        for call in reversed(ctx):
            if lane is not None:
                break
            lane = self.index.lane(call)
        return lane

    def _kind(self, node: Node) -> str:
        if any(customer for _, _, customer in self.shared.partners(node)):
            return "contact"
        if node.kind in ("userTask", "manualTask", "task") and APPROVAL.match(node.name):
            return "approval"
        return "task"

    def _comments(self, node: Node) -> Iterable[str]:
        if node.documentation:
            yield node.documentation
        for direction, other, _ in self.shared.partners(node):
            yield f"{direction} {other} (message flow)"
        if node.loop:
            self.walker.note(node, f"'{node.name or node.id}' is a {node.loop} activity; taken as done once "
                                   "per visit (put the repeats in its work)")
        if node.kind == "callActivity":
            self.walker.note(node, f"call activity '{node.name or node.id}' calls '{node.called or ''}', which is "
                                   "not a process of this file (or calls itself); taken as one step")
        if node.kind == "adHocSubProcess":
            self.walker.note(node, f"ad-hoc sub-process '{node.name or node.id}': taken as one step")

    def _branches(self, raws: Sequence[Raw], ids: Mapping[Key, str]) -> tuple[Branch, ...]:
        """One branch per step reached (the ways to the same step merged: their p added, their
        whens joined with ' / '); a branch of processwalk's extension is kept as written."""
        merged: dict[tuple[str, str], list[Raw]] = {}
        for raw in raws:
            merged.setdefault((ids[raw.to], raw.path.own), []).append(raw)
        ps = decimals([sum((r.path.p for r in group), Fraction(0)) for group in merged.values()])
        out = []
        for ((to, flow), group), p in zip(merged.items(), ps):
            when = " / ".join(dict.fromkeys(", ".join(r.path.whens) for r in group if r.path.whens))
            reasons = [r.path.refusal for r in group if r.path.refusal is not None]
            branch = Branch(to, p, when, any(r.path.guessed for r in group), reasons[0] if reasons else None)
            if flow:
                own = self.shared.params.pw(flow, "branch")
                branch = replace(branch, reason=own.get("reason", "") if own.get("refusal") == "true" else None,
                                 policy=own.get("policy"))
            out.append(branch)
        return tuple(out)


def decimals(shares: Sequence[Fraction]) -> list[Decimal]:
    """``shares`` (summing to 1) as decimals summing to exactly 1: exact when short, else four
    places (two significant digits when smaller), the largest taking the remainder."""
    out = [_exact(s) for s in shares]
    if all(d is not None for d in out) and sum(d for d in out if d is not None) == 1:
        return [d for d in out if d is not None]
    ps = [short_p(float(s)) for s in shares]
    largest = max(range(len(shares)), key=lambda i: (shares[i], -i))
    ps[largest] = Decimal(1) - sum(p for i, p in enumerate(ps) if i != largest)
    return ps


def _exact(share: Fraction) -> Decimal | None:
    """``share`` as a decimal of at most 12 places, when it is one."""
    scaled = share * 10**12
    if scaled.denominator != 1:
        return None
    return (Decimal(scaled.numerator) / Decimal(10**12)).normalize()
