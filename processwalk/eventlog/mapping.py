"""Which step of a process each activity of a log is.

By default an activity is the step whose id is the activity, or else the step
whose ``name`` is the activity (ignoring case and runs of blanks), so that a
file drafted by ``processwalk discover`` needs no mapping.  A mapping file says
otherwise for the activities it names::

    # activity in the log: step id in the process (~ leaves the activity out)
    Assign seriousness: triage
    Take in charge ticket: triage       # several activities may make one step
    Wait: ~

An activity that maps to no step stays in the cases as itself: the transitions
to and from it are not declared, so the case does not fit.  An activity left
out (``~``) is removed from the cases, as if it had not happened; its time
counts in the wait of the next step.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from processwalk.errors import Location, Problem, ProcessWalkError
from processwalk.load import Map, Scalar, load
from processwalk.model import Process
from processwalk.read import Reader, suggest


@dataclass(frozen=True)
class MappingFile:
    """A mapping file: ``steps`` maps an activity to a step id, or to None (left out)."""

    path: str
    steps: Mapping[str, str | None]
    places: Mapping[str, Location] = field(default_factory=dict)


@dataclass(frozen=True)
class StepMap:
    """Each activity of a log mapped: ``steps`` (activity -> step id), ``ignored`` (left out by the
    mapping file) and ``unmapped`` (no step)."""

    steps: Mapping[str, str]
    ignored: tuple[str, ...] = ()
    unmapped: tuple[str, ...] = ()

    def activities_of(self, step: str) -> tuple[str, ...]:
        return tuple(sorted(a for a, s in self.steps.items() if s == step))


def load_mapping(path: str, process: Process) -> MappingFile:
    """Read the mapping file at ``path``; every problem of it at once, each at its line and column."""
    document = load(path)  # a file that cannot be read raises with one clear line
    reader = Reader(path)
    root = document.root
    if not isinstance(root, Map):
        where = Location(path, root.line, root.column) if root is not None else Location(path, 1, 1)
        raise ProcessWalkError(Problem(where, "expected a mapping of log activities to step ids, such as "
                                              "'Assign seriousness: triage'"))
    steps: dict[str, str | None] = {}
    for activity, node in root.entries.items():
        left_out = isinstance(node, Scalar) and node.value is None
        step = None if left_out else reader.string(node, f"the step of '{activity}'")
        if step is not None and step not in process.steps:
            reader.problem(node, f"'{activity}' maps to unknown step '{step}' ('~' would leave the activity out)"
                                 f"{suggest(step, process.steps, 'step')}")
        steps[activity] = step
    if reader.problems:
        raise ProcessWalkError(reader.problems)
    return MappingFile(path, steps, {a: reader.key_at(root, a) for a in root.entries})


def map_activities(activities: Iterable[str], process: Process, given: MappingFile | None = None) -> StepMap:
    """Map each activity: by ``given``, else to the step with that id, else to the step with that name."""
    by_name: dict[str, str] = {}
    for declared in process.steps.values():
        by_name.setdefault(_plain(declared.name), declared.id)
    explicit = given.steps if given is not None else {}
    steps: dict[str, str] = {}
    ignored: list[str] = []
    unmapped: list[str] = []
    for activity in sorted(activities):
        step: str | None
        if activity in explicit:
            step = explicit[activity]
        else:
            step = activity if activity in process.steps else by_name.get(_plain(activity))
        if step is not None:
            steps[activity] = step
        elif activity in explicit:
            ignored.append(activity)
        else:
            unmapped.append(activity)
    return StepMap(steps, tuple(ignored), tuple(unmapped))


def stray_names(given: MappingFile, activities: Iterable[str]) -> list[Problem]:
    """Warnings for the activities that the mapping file names but the log does not hold (typos)."""
    known = sorted(activities)
    return [Problem(given.places[a], f"the log has no activity '{a}'{suggest(a, known, 'activity')}",
                    level="warning", rule="mapping")
            for a in given.steps if a not in known]


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip()).casefold()
