"""Where a case goes after each step of a BPMN process: the walk through gateways, events and
sub-processes from one step to the next ones, with the probability of each.

A *step* is what the process file will hold: a task, a timer (a wait), an end,
or a call activity that cannot be inlined.  Everything else is walked through:
gateways split the case (see :func:`Walker.split`), events other than timers
pass it on, sub-processes and call activities are entered at their start and
left at their end (inlined: a call activity's steps are keyed by the call, so a
process called twice is inlined twice).  Each construct that the walk can only
approximate is reported as a note at its place in the model.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from processwalk.bpmn.blocks import Block, block
from processwalk.bpmn.definitions import SUBPROCESSES, TASKS, Flow, Node
from processwalk.bpmn.index import Index
from processwalk.errors import Problem

#: A step of the walk: the call activities it was inlined through, and the BPMN node id.
#: The added steps have ids that no BPMN id can be: START, and END + outcome for unnamed ends.
Key = tuple[tuple[str, ...], str]
START = "\x00start"
END = "\x00end:"


@dataclass(frozen=True)
class Path:
    """How a case got from a step to where the walk is now."""

    p: Fraction = Fraction(1)
    whens: tuple[str, ...] = ()
    guessed: bool = False
    refusal: str | None = None   # the reason, when the path is a refusal
    trail: frozenset[Key] = frozenset()
    #: the flow whose processwalk extension says what the branch is (``export`` wrote it)
    own: str = ""
    #: the BPMN node of the step the path started from
    origin: str = ""

    def then(self, share: Fraction, when: str, guessed: bool) -> Path:
        whens = (*self.whens, when) if when and when not in self.whens else self.whens
        return replace(self, p=self.p * share, whens=whens, guessed=self.guessed or guessed)


@dataclass(frozen=True)
class Raw:
    """One way from a step to the next: the step reached and the path taken."""

    to: Key
    path: Path


#: a step's exits: sequence flows out of it and boundary events on it
Exit = Flow | Node


class Walker:
    """Walks a model's processes; ``notes`` collects what it approximated."""

    def __init__(self, index: Index, probability: Callable[[Flow], Fraction | None],
                 own: Callable[[Flow], Mapping[str, str]] = lambda flow: {}) -> None:
        self.index, self.probability, self.own = index, probability, own
        self.notes: dict[tuple[str, str], Problem] = {}
        self.blocks: dict[str, Block | None] = {}

    def note(self, node: Node | Flow, message: str, level: str = "warning") -> None:
        self.notes.setdefault((node.id, message), Problem(node.at, message, level, "bpmn"))

    # -- what is a step -----------------------------------------------------------------------

    def is_step(self, key: Key) -> bool:
        ctx, ident = key
        if ident == START or ident.startswith(END):
            return True
        node = self.index.nodes[ident]
        if node.kind in TASKS or (node.kind == "boundaryEvent" and node.trigger == "timer"):
            return True
        if node.kind == "intermediateCatchEvent" and node.trigger == "timer":
            return True
        if node.kind == "callActivity":
            return self.called(key) is None
        if node.kind in SUBPROCESSES:
            return node.kind == "adHocSubProcess" or not self._entries(node, ctx)
        return node.kind == "endEvent" and self.owner(key) is None

    def called(self, key: Key) -> str | None:
        """The process a call activity inlines (None when it cannot: not in the file, or recursive)."""
        ctx, ident = key
        target = self.index.nodes[ident].called
        process = self.index.processes.get(target or "")
        if process is None or any(self.index.process[c].id == target for c in ctx) \
                or self.index.process[ident].id == target:
            return None
        return target

    def owner(self, key: Key) -> Key | None:
        """The sub-process or call activity a node is inside (None at the top of the walk)."""
        ctx, ident = key
        if ident in self.index.parent:
            return ctx, self.index.parent[ident].id
        return (ctx[:-1], ctx[-1]) if ctx else None

    # -- the walk -----------------------------------------------------------------------------

    def entry(self, entries: Sequence[Node], ctx: tuple[str, ...], path: Path) -> list[Raw]:
        """Where a case goes that enters a scope at ``entries`` (an equal share each)."""
        share = Fraction(1, len(entries)) if entries else Fraction(1)
        out: list[Raw] = []
        for start in entries:
            out += self.through((ctx, start.id), path.then(share, "", len(entries) > 1))
        return out

    def next_of(self, key: Key) -> list[Raw]:
        """The ways out of the step ``key``."""
        return self.exits(key, Path(trail=frozenset({key}), origin=key[1]))

    def exits(self, key: Key, path: Path) -> list[Raw]:
        ctx, ident = key
        node = self.index.nodes[ident]
        ways: list[Exit] = [*self.index.exits(ident), *self.index.boundaries.get(ident, ())]
        if not ways:
            return self.leave(key, node, path)
        out: list[Raw] = []
        for way, share, guessed in self.split(node, ways):
            if isinstance(way, Flow):
                then = path.then(share, self.label(node, way), guessed)
                out += self.go(ctx, way.target, replace(then, own=way.id) if self.own(way) else then)
            else:
                out += self.boundary(ctx, way, path.then(share, "", guessed))
        return out

    def go(self, ctx: tuple[str, ...], target: str, path: Path) -> list[Raw]:
        if target not in self.index.nodes:
            return []  # a flow to nowhere: reported where the flows are read
        return self.through((ctx, target), path)

    def through(self, key: Key, path: Path) -> list[Raw]:
        """The steps reached by a case arriving at ``key``."""
        ctx, ident = key
        if self.is_step(key):
            return [Raw(self._end_key(key) if self.index.nodes[ident].kind == "endEvent" else key, path)]
        node = self.index.nodes[ident]
        if key in path.trail:
            self.note(node, "a loop of gateways and events without a task; the case is taken to end here")
            return [Raw(((), END + "resolved"), path)]
        path = replace(path, trail=path.trail | {key})
        if node.kind == "endEvent":
            return self.end_inside(key, node, path)
        if node.kind in SUBPROCESSES:
            return self.entry(self._entries(node, ctx), ctx, path)
        if node.kind == "callActivity":
            called = self.index.processes[self.called(key) or ""]
            return self.entry(self._starts(called.scope.nodes), (*ctx, ident), path)
        self._pass_note(node)
        if node.kind == "parallelGateway":
            sequenced = self.parallel(key, node, path)
            if sequenced is not None:
                return sequenced
        return self.exits(key, path)

    def parallel(self, key: Key, node: Node, path: Path) -> list[Raw] | None:
        """A parallel split walks its branches one after another; at the join, the case goes on to
        the next branch, and after the last one out of the join (None: not such a block)."""
        ctx, ident = key
        split = self.blocks.setdefault(ident, block(self.index, ident))
        if split is not None:
            self.note(node, f"parallel gateway {node.name and repr(node.name) or ident}: its {len(split.branches)} "
                            "branches are walked one after another (all their work counts; the lead time adds "
                            "them up instead of overlapping them)")
            first = split.first()
            return self.go(ctx, first.target, path) if first is not None else self.exits((ctx, split.join), path)
        joined = next((b for b in self.blocks.values() if b is not None and b.join == ident), None)
        if joined is None:
            return None
        after = joined.after(path.origin)
        if after is False:
            return None
        return self.go(ctx, after.target, path) if isinstance(after, Flow) else self.exits(key, path)

    def leave(self, key: Key, node: Node, path: Path) -> list[Raw]:
        """A node without exits: the case leaves the scope it is in (or ends)."""
        around = self.owner(key)
        if around is not None:
            return self.exits(around, path)
        if node.kind not in ("endEvent", "boundaryEvent"):
            self.note(node, f"'{node.name or node.id}' has no outgoing flow; the case ends after it", "info")
        return [Raw(((), END + "resolved"), path)]

    def end_inside(self, key: Key, node: Node, path: Path) -> list[Raw]:
        """An end event inside a sub-process or called process: the case leaves it, by the
        matching error or escalation boundary if there is one."""
        around = self.owner(key)
        assert around is not None, "a top-level end event is a step"
        if node.trigger in ("error", "escalation"):
            for boundary in self.index.boundaries.get(around[1], ()):
                if boundary.trigger == node.trigger and boundary.reference in ("", node.reference):
                    return self.boundary(around[0], boundary, path)
        return self.exits(around, path)

    def boundary(self, ctx: tuple[str, ...], event: Node, path: Path) -> list[Raw]:
        """A boundary event fires: error boundaries are refusals, escalations are labelled."""
        what = event.reference or event.name
        if event.trigger == "error":
            path = replace(path.then(Fraction(1), f"error: {what}" if what else "error", False), refusal=what or "error")
        elif event.trigger == "escalation":
            path = path.then(Fraction(1), f"escalation: {what}" if what else "escalation", False)
        elif event.trigger != "timer":
            path = path.then(Fraction(1), f"{event.trigger or 'event'}: {what}" if what else event.trigger, False)
        if not event.interrupting:
            self.note(event, f"non-interrupting {event.trigger or ''} boundary event: taken as a branch away from "
                             "the activity (the walk follows one path; the activity does not go on beside it)")
        key = (ctx, event.id)
        if self.is_step(key):
            return [Raw(key, path)]
        return self.exits(key, replace(path, trail=path.trail | {key}))

    # -- splits -------------------------------------------------------------------------------

    def split(self, node: Node, ways: Sequence[Exit]) -> Iterator[tuple[Exit, Fraction, bool]]:
        """Each way out of ``node`` with its share of the cases, and whether the share is a guess
        (an equal split, for the owner to set)."""
        if len(ways) == 1:
            yield ways[0], Fraction(1), False
            return
        self._split_note(node, ways)
        given = [self.probability(w) if isinstance(w, Flow) else None for w in ways]
        known = sum((p for p in given if p is not None), Fraction(0))
        unknown = sum(1 for p in given if p is None)
        if known > 1 or (not unknown and known != 1):
            self.note(node, f"the probabilities of the flows out of '{node.name or node.id}' sum to "
                            f"{float(known):g}, not 1; scaled to sum to 1")
            given, known = [p / known if p is not None else None for p in given], Fraction(1)
        rest = (1 - known) / unknown if unknown else Fraction(0)
        for way, p in zip(ways, given):
            yield way, p if p is not None else rest, p is None

    def _split_note(self, node: Node, ways: Sequence[Exit]) -> None:
        name = f"'{node.name}'" if node.name else node.id
        if node.kind == "parallelGateway":
            self.note(node, f"parallel gateway {name}: its {len(ways)} branches are taken as alternatives "
                            "(the walk follows one path at a time); set their p to how often each is the "
                            "one that matters, or draw the steps in sequence")
        elif node.kind in ("inclusiveGateway", "complexGateway"):
            self.note(node, f"{'inclusive' if node.kind == 'inclusiveGateway' else 'complex'} gateway {name}: "
                            "taken as exclusive (one branch per case)")
        elif node.kind not in ("exclusiveGateway", "eventBasedGateway") and any(isinstance(w, Flow) for w in ways) \
                and sum(isinstance(w, Flow) for w in ways) > 1:
            self.note(node, f"{name} has {sum(isinstance(w, Flow) for w in ways)} outgoing flows without a "
                            "gateway; taken as an exclusive choice")

    def label(self, node: Node, flow: Flow) -> str:
        """A branch's ``when``: the flow's name, else its condition (the default flow: 'otherwise');
        after an event-based gateway, the name of the event the flow leads to.  A flow that
        processwalk's extension describes has its ``when`` as written there."""
        own = self.own(flow)
        if own:
            return own.get("when", "")
        if flow.name:
            return flow.name
        if flow.condition:
            return flow.condition
        if node.default == flow.id:
            return "otherwise"
        if node.kind == "eventBasedGateway" and flow.target in self.index.nodes:
            return self.index.nodes[flow.target].name
        return ""

    # -- helpers ------------------------------------------------------------------------------

    def _entries(self, node: Node, ctx: tuple[str, ...]) -> list[Node]:
        return self._starts(node.inner.nodes) if node.inner is not None else []

    def _starts(self, nodes: Sequence[Node]) -> list[Node]:
        """The start events among ``nodes``; without any, the nodes no flow leads to."""
        found = [n for n in nodes if n.kind == "startEvent"]
        return found or [n for n in nodes if not self.index.incoming.get(n.id) and not n.triggered
                         and n.kind not in ("boundaryEvent", "endEvent")]

    def _end_key(self, key: Key) -> Key:
        node = self.index.nodes[key[1]]
        return key if node.name else ((), END + outcome(node))

    def _pass_note(self, node: Node) -> None:
        if node.kind == "intermediateCatchEvent" and node.trigger in ("message", "signal", "conditional"):
            self.note(node, f"{node.trigger} event '{node.name or node.id}': the case waits for it; no wait is "
                            "set (set one on the next step if the wait matters)", "info")


def outcome(node: Node) -> str:
    """The outcome of the case at an end event."""
    return {"error": "failed", "cancel": "abandoned", "escalation": "escalated"}.get(node.trigger, "resolved")
