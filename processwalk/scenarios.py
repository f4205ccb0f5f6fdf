"""Reading what-if scenarios (``spec/scenarios.md``): ``scenarios:`` of a process file or of a
scenario file, into :class:`~processwalk.model.Scenario` records.

Only the shape is checked here: the scenario's keys, that each change is one known change, where
``process:`` may and must be given, and ``extends``.  What a change says (its step ids, durations,
probabilities) is checked when it is applied, against the process as the changes before it left
it (:mod:`processwalk.changes`).

Choices where the contract leaves room: ``extends`` names a scenario of the same file; a scenario
file holds only ``scenarios:`` (and ``x-`` keys).
"""
from __future__ import annotations

from collections.abc import Mapping

from processwalk.errors import Location
from processwalk.load import Map, Node, Seq
from processwalk.model import CHANGE_KINDS, TEAM_CHANGES, Change, Scenario
from processwalk.read import Reader, suggest

SCENARIO_KEYS = ("title", "owner", "description", "extends", "changes")
SCENARIO_FILE_KEYS = ("scenarios",)
_EXAMPLE = "'- staff: {back-office: +1}'"


def read_scenarios(reader: Reader, node: Node | None, *, process: str | None) -> tuple[Scenario, ...]:
    """The scenarios of a ``scenarios:`` section; ``process`` is the id of the process file that
    declares them, None in a scenario file."""
    if node is None:
        return ()
    section = reader.mapping(node, "'scenarios'")
    if section is None:
        return ()
    bodies: dict[str, tuple[Map, Location]] = {}
    for ident, value in section.entries.items():
        if ident.startswith("x-"):
            continue
        reader.ident(section.keys.get(ident) or value, "scenario id")
        body = reader.mapping(value, f"scenario '{ident}'")
        if body is not None:
            bodies[ident] = (body, reader.key_at(section, ident))
    own = {ident: _changes(reader, ident, body, process) for ident, (body, _) in bodies.items()}
    return tuple(_scenario(reader, ident, body, where, own, bodies, process)
                 for ident, (body, where) in bodies.items())


def _scenario(reader: Reader, ident: str, body: Map, where: Location, own: Mapping[str, tuple[Change, ...]],
              bodies: Mapping[str, tuple[Map, Location]], process: str | None) -> Scenario:
    get = body.entries.get
    return Scenario(
        id=ident,
        title=reader.string(get("title"), "a scenario's title") or ident,
        location=where,
        changes=(*_extended(reader, ident, bodies, own), *own[ident]),
        owner=reader.string(get("owner"), "a scenario's owner"),
        description=reader.string(get("description"), "a scenario's description"),
        process=process,
    )


def _extended(reader: Reader, ident: str, bodies: Mapping[str, tuple[Map, Location]],
              own: Mapping[str, tuple[Change, ...]]) -> list[Change]:
    """The changes of the scenarios ``ident`` extends, the farthest first."""
    chain: list[str] = []
    at = ident
    while True:
        node = bodies[at][0].entries.get("extends")
        if node is None:
            break
        base = reader.string(node, "extends")
        if base is None:
            break
        if base not in bodies:
            if at == ident:
                reader.problem(node, f"scenario '{ident}' extends unknown scenario '{base}'"
                                     f"{suggest(base, [b for b in bodies if b != ident], 'scenario')}; "
                                     "a scenario extends one of the same file")
            break
        if base == ident or base in chain:
            if at == ident:
                loop = " -> ".join([ident, *chain, base])
                reader.problem(node, f"scenario '{ident}' extends itself ({loop}); remove one 'extends'")
            return []
        chain.append(base)
        at = base
    return [change for base in reversed(chain) for change in own[base]]


def _changes(reader: Reader, ident: str, body: Map, process: str | None) -> tuple[Change, ...]:
    reader.keys(body, SCENARIO_KEYS, f"scenario '{ident}'")
    node = reader.require(body, "changes", f"scenario '{ident}'", f"list what it changes, e.g. {_EXAMPLE}")
    if node is None:
        return ()
    items = reader.items(node, f"the changes of scenario '{ident}'")
    if not items and isinstance(node, Seq):
        reader.problem(node, f"scenario '{ident}' changes nothing; list its changes, e.g. {_EXAMPLE}")
    changes = (read_change(reader, item, process) for item in items)
    return tuple(change for change in changes if change is not None)


def read_change(reader: Reader, node: Node, process: str | None) -> Change | None:
    """One change of a list of changes; ``process`` as for :func:`read_scenarios`."""
    body = reader.mapping(node, "a change")
    if body is None:
        return None
    kinds = [k for k in body.entries if not k.startswith("x-") and k != "process"]
    if len(kinds) != 1 or kinds[0] not in CHANGE_KINDS:
        _not_one_change(reader, body, kinds)
        return None
    kind = kinds[0]
    named = _process(reader, body, kind, process)
    if named is None:
        return None
    return Change(kind, body.entries[kind], reader.key_at(body, kind), named or None)


def _not_one_change(reader: Reader, body: Map, kinds: list[str]) -> None:
    known = ", ".join(CHANGE_KINDS)
    unknown = [k for k in kinds if k not in CHANGE_KINDS]
    for key in unknown:
        close = suggest(key, CHANGE_KINDS, "change")
        reader.problem(reader.key_at(body, key), f"unknown change '{key}'"
                                                 f"{close if close.startswith('; did you mean') else ''}; "
                                                 f"the changes are {known}")
    if unknown:
        return
    if kinds:
        listed = ", ".join(f"'{k}'" for k in kinds)
        reader.problem(body, f"a change has {listed}; write one change per item of 'changes', each its own '- '")
    else:
        reader.problem(body, f"a change says nothing; write one of {known}")


def _process(reader: Reader, body: Map, kind: str, declaring: str | None) -> str | None:
    """The process a change applies to; '' for a team change of a scenario file; None after a problem."""
    node = body.entries.get("process")
    if declaring is not None:
        if node is not None:
            reader.problem(reader.key_at(body, "process"), "a change in a process file changes that process; "
                           "remove 'process' (a scenario file names the process of each change)")
            return None
        return declaring
    if kind in TEAM_CHANGES:
        if node is not None:
            reader.problem(reader.key_at(body, "process"), f"'{kind}' changes the team in every process that "
                           "uses it; remove 'process'")
            return None
        return ""
    if node is None:
        reader.problem(body, f"the change '{kind}' names no process; in a scenario file each change says "
                             "which process it changes, e.g. 'process: billing-credit'")
        return None
    return reader.ident(node, "process id")
