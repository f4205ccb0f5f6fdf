"""Before and after: what a change to process files does to the processes, their figures and findings.

``against_ref(ref, paths, config)`` compares the process files as they were at a
git ref with the working tree; ``between(old, new, config)`` compares two files
or folders.  Processes are matched by id (a process that moved to another file
is the same process).  Both sides are judged with the same configuration (the
current one), so that the diff shows what the process change does, not what a
change of thresholds does.  Portfolio findings (across processes) are left to
``check``: a diff analyses only the files that changed.

Against a git ref, only files whose content differs are analysed, with every
file below a changed catalog (:mod:`processwalk.gitplan` plans which and reads
them); each side (:class:`~processwalk.sides.Side`) is loaded with the normal
loader and its paths mapped back.

The teams, systems and policies of the catalogs are compared too
(:mod:`processwalk.catalog_diff`); a process that uses a changed one is listed
as changed.  A catalog change alone breaks no budget.

Budgets (``diff:`` in the configuration) make a diff fail:

* ``lead-time-increase`` (default 0.10): a process's expected lead time grows by more than this share;
* ``new-approval`` (default true): any new approval step;
* ``new-refusal-loop`` (default true): any new refusal branch that leads back to an earlier step.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from processwalk import catalog_diff, gitplan, graph, project
from processwalk.catalog_diff import EntryChange
from processwalk.errors import Location, Problem
from processwalk.figure_change import FigureChange
from processwalk.findings import Finding
from processwalk.formatting import format_hours, format_share
from processwalk.model import Branch, Catalog, Process, Step
from processwalk.sides import Relocate, Side, compared_name, same

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import Config

#: (key, label, unit) of the figures a diff shows, in order; unit: hours, share or count
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("lead_time_h", "lead time", "hours"),
    ("lead_time_p85_h", "lead time p85 (simulated)", "hours"),
    ("touch_time_h", "touch time", "hours"),
    ("flow_efficiency", "flow efficiency", "share"),
    ("handoffs", "handoffs", "count"),
    ("approvals", "approvals", "count"),
    ("refusals", "refusals", "count"),
    ("first_pass_yield", "first-pass yield", "share"),
    ("p_refused_twice", "P(refused twice)", "share"),
    ("contacts", "contacts", "count"),
    ("repeat_contacts", "repeat contacts", "count"),
    ("teams_touched", "teams touched", "count"),
    ("systems_touched", "systems touched", "count"),
    ("ping_pong", "ping-pong", "count"),
)
NOWHERE = Location("")
_PROCESS_ID = re.compile(r"^process[ \t]*:[ \t]*['\"]?([A-Za-z0-9_-]+)", re.MULTILINE)
#: the status of a process whose file is invalid on one side: nothing can be said of the change
NOT_COMPARED = "not compared"


@dataclass(frozen=True)
class Added:
    """Something a change adds to a process: an approval step, a handoff or a refusal branch."""

    kind: str
    at: str
    location: Location
    text: str
    loops: bool = False


@dataclass(frozen=True)
class Regression:
    """A budget the change breaks."""

    budget: str
    process: str
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: [error] {self.message} ({self.budget})"


@dataclass(frozen=True)
class ProcessDiff:
    id: str
    title: str
    status: str
    file: str
    before: Walk | None
    after: Walk | None
    steps_added: tuple[str, ...] = ()
    steps_removed: tuple[str, ...] = ()
    steps_changed: tuple[str, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    added: tuple[Added, ...] = ()
    new_findings: tuple[Finding, ...] = ()
    fixed_findings: tuple[Finding, ...] = ()
    old_file: str | None = None
    #: why the process was not compared: the problems of its invalid file
    problems: tuple[Problem, ...] = ()
    #: the changed teams, systems and policies it uses (before or after)
    catalog: tuple[EntryChange, ...] = ()

    @property
    def changed(self) -> bool:
        return (self.status != "changed" or self.old_file is not None
                or any((self.steps_added, self.steps_removed, self.steps_changed, self.added,
                        self.new_findings, self.fixed_findings, self.catalog))
                or any(f.changed for f in self.figures))

    def added_of(self, kind: str) -> tuple[Added, ...]:
        return tuple(a for a in self.added if a.kind == kind)

    def figure(self, key: str) -> FigureChange | None:
        return next((f for f in self.figures if f.key == key), None)


@dataclass(frozen=True)
class Diff:
    base: str
    head: str
    processes: tuple[ProcessDiff, ...]
    regressions: tuple[Regression, ...]
    #: problems of the new side (invalid input fails the diff)
    problems: tuple[Problem, ...] = ()
    #: problems the old side already had (reported, never failing)
    base_problems: tuple[Problem, ...] = ()
    budgets: Mapping[str, float | bool] = field(default_factory=dict)
    #: files that did not change and were not analysed
    unchanged: int = 0
    #: teams, systems and policies added, removed or changed (:mod:`processwalk.catalog_diff`)
    catalog: tuple[EntryChange, ...] = ()

    @property
    def exit_code(self) -> int:
        return 1 if self.regressions or self.problems else 0


# -- comparing two sides -------------------------------------------------------------------------


def compare(before: Side, after: Side, budgets: Mapping[str, float | bool], *, base: str, head: str,
            unchanged: int = 0) -> Diff:
    ids = sorted(before.walks.keys() | after.walks.keys())
    found = catalog_diff.changes(before, after)
    diffs = [_reached(process_diff(i, before, after), found, before, after) for i in ids]
    shown = tuple(d for d in diffs if d.changed)
    regressions = tuple(r for d in shown for r in regressions_of(d, budgets, after))
    return Diff(base, head, shown, regressions, after.problems, before.problems, dict(budgets),
                unchanged + len(diffs) - len(shown), tuple(m.change for m in found))


def _reached(diff: ProcessDiff, found: Sequence[catalog_diff.Matched], before: Side, after: Side) -> ProcessDiff:
    """A process on both sides lists the catalog changes it uses: its figures follow from them."""
    if diff.status != "changed" or not found:
        return diff
    return replace(diff, catalog=catalog_diff.reaching(diff.id, found, before, after))


def process_diff(process_id: str, before: Side, after: Side) -> ProcessDiff:
    old, new = before.walks.get(process_id), after.walks.get(process_id)
    if new is None:
        assert old is not None
        file = before.file_of(process_id)
        broken = _broken_file(process_id, before, after)
        if broken is not None:
            return ProcessDiff(process_id, old.process.title, NOT_COMPARED, broken, old, None,
                               problems=_problems_of(after, broken))
        return ProcessDiff(process_id, old.process.title, "removed", file, old, None,
                           fixed_findings=before.findings.get(process_id, ()))
    file = after.file_of(process_id)
    broken = _broken_file(process_id, after, before) if old is None else None
    if broken is not None:
        moved = broken if compared_name(broken, before.root) != after.name_of(process_id) else None
        return ProcessDiff(process_id, new.process.title, NOT_COMPARED, file, None, new,
                           problems=_problems_of(before, broken), old_file=moved)
    added = tuple(_additions(old.process if old else None, new, after))
    found = after.findings.get(process_id, ())
    if old is None:
        return ProcessDiff(process_id, new.process.title, "added", file, None, new,
                           steps_added=tuple(new.process.steps), figures=figures(None, new), added=added,
                           new_findings=found)
    before_steps, after_steps = old.process.steps, new.process.steps
    old_found = before.findings.get(process_id, ())
    old_file = before.file_of(process_id) if before.name_of(process_id) != after.name_of(process_id) else None
    return ProcessDiff(
        process_id, new.process.title, "changed", file, old, new,
        steps_added=tuple(s for s in after_steps if s not in before_steps),
        steps_removed=tuple(s for s in before_steps if s not in after_steps),
        steps_changed=tuple(s for s in after_steps
                            if s in before_steps and shape(after_steps[s]) != shape(before_steps[s])),
        figures=figures(old, new),
        added=added,
        new_findings=_missing_from(found, old_found),
        fixed_findings=_missing_from(old_found, found),
        old_file=old_file,
    )


def _broken_file(process_id: str, valid: Side, other: Side) -> str | None:
    """The invalid file of ``other`` that holds ``process_id`` (by its id, or by the same name as its
    file on the ``valid`` side), if any."""
    for file, declared in other.broken_ids.items():
        if declared == process_id:
            return file
    name = valid.name_of(process_id)
    return next((f for f in sorted(other.broken) if compared_name(f, other.root) == name), None)


def _problems_of(side: Side, file: str) -> tuple[Problem, ...]:
    return tuple(p for p in side.problems if p.location.file == file)


def _missing_from(findings: Iterable[Finding], others: Iterable[Finding]) -> tuple[Finding, ...]:
    keys = {(f.rule, f.at) for f in others}
    return tuple(f for f in findings if (f.rule, f.at) not in keys)


def shape(step: Step) -> Step:
    """The step without its positions: two steps with the same shape mean the same thing."""
    backlog = replace(step.backlog, location=NOWHERE) if step.backlog else None
    return replace(step, location=NOWHERE, backlog=backlog,
                   next=tuple(b._replace(location=NOWHERE) for b in step.next))


def figures(old: Walk | None, new: Walk | None) -> tuple[FigureChange, ...]:
    return tuple(FigureChange(key, label, unit, figure_of(old, key), figure_of(new, key))
                 for key, label, unit in HEADLINE)


def figure_of(walk: Walk | None, key: str) -> float | None:
    if walk is None:
        return None
    if key == "lead_time_p85_h":
        value: float | None = walk.simulation.p85_h
    else:
        value = getattr(walk.figures, key)
    return value if value is None or math.isfinite(value) else None


def _additions(old: Process | None, new: Walk, side: Side) -> Iterable[Added]:
    process = new.process
    before_steps = old.steps if old else {}
    before_edges = edges(old) if old else {}
    for step in process.steps.values():
        previous = before_steps.get(step.id)
        if step.kind == "approval" and (previous is None or previous.kind != "approval"):
            reach = new.steps[step.id].reach if step.id in new.steps else 0.0
            yield Added("approval", step.id, side.at(step.location),
                        f"'{step.name}' ({_team(process, step)}): {format_share(reach)} of cases wait "
                        f"{format_hours(step.wait.mean)} for it")
    for (source, target), branch in edges(process).items():
        was = before_edges.get((source, target))
        if _is_handoff(process, source, target) and (was is None or not _is_handoff(old, source, target)):
            yield Added("handoff", f"{source}->{target}", side.at(branch.location),
                        f"{_team(process, process.steps[source])} -> {_team(process, process.steps[target])} "
                        f"from '{source}' to '{target}'")
        if branch.refusal and (was is None or not was.refusal):
            loops = graph.leads_to({s.id: [b.to for b in s.next] for s in process.steps.values()},
                                   target, source)
            reason = f" ({branch.reason})" if branch.reason else ""
            end = "loops back to" if loops else "ends at"
            yield Added("refusal", f"{source}->{target}", side.at(branch.location),
                        f"'{source}' refuses {format_share(branch.p)} of cases{reason} and {end} '{target}'", loops)


def edges(process: Process) -> dict[tuple[str, str], Branch]:
    return {(s.id, b.to): b for s in process.steps.values() for b in s.next}


def _is_handoff(process: Process | None, source: str, target: str) -> bool:
    if process is None or source not in process.steps or target not in process.steps:
        return False
    a, b = process.steps[source], process.steps[target]
    return not b.is_end and a.team is not None and b.team is not None and a.team != b.team


def _team(process: Process, step: Step) -> str:
    team = process.teams.get(step.team or "")
    return team.name if team else (step.team or "nobody")


def regressions_of(diff: ProcessDiff, budgets: Mapping[str, float | bool], side: Side) -> Iterable[Regression]:
    if diff.after is None:
        return
    where = side.at(diff.after.process.location)
    lead = diff.figure("lead_time_h")
    limit = float(budgets.get("lead-time-increase", math.inf))
    if lead is not None and lead.before is not None and lead.after is not None and lead.after > lead.before:
        increase = lead.ratio if lead.ratio is not None else math.inf
        if increase > limit:
            yield Regression("lead-time-increase", diff.id, where,
                             f"lead time of '{diff.title}' grows {lead.show(lead.before)} -> "
                             f"{lead.show(lead.after)}, {lead.delta}: over the budget of +{format_share(limit)}")
    if budgets.get("new-approval"):
        for item in diff.added_of("approval"):
            yield Regression("new-approval", diff.id, item.location,
                             f"new approval step '{item.at}' in '{diff.title}': {item.text}")
    if budgets.get("new-refusal-loop"):
        for item in diff.added_of("refusal"):
            if item.loops:
                yield Regression("new-refusal-loop", diff.id, item.location,
                                 f"new refusal loop {item.at} in '{diff.title}': {item.text}")


# -- building the sides ------------------------------------------------------------------------


def side_of(paths: Sequence[str], config: Config, relocate: Relocate = same, root: str | None = None,
            catalogs: Mapping[str, Catalog] | None = None) -> Side:
    """Load and assess ``paths``; findings across processes are left out (see the module doc).
    ``catalogs``: those to compare, by default the catalog files that apply to ``paths``."""
    from processwalk.assess import assess

    if catalogs is None:
        catalogs = project.catalogs(paths)
    if not paths:
        return Side({}, {}, (), relocate, root, catalogs)
    assessment = assess(paths, config)
    findings = {p.id: tuple(_moved(f, relocate) for f in p.findings) for p in assessment.processes if p.findings}
    problems = tuple(sorted(replace(p, location=p.location._replace(file=relocate(p.location.file)))
                            for p in assessment.loaded.problems))
    broken = {relocate(f): declared for f in {p.location.file for p in assessment.loaded.problems}
              if (declared := _declared_id(f)) is not None}
    return Side(assessment.walks_by_id, findings, problems, relocate, root, catalogs, broken)


def _declared_id(file: str) -> str | None:
    """The id an invalid process file declares, read from its text (its YAML may not parse)."""
    try:
        with open(file, encoding="utf-8", errors="replace") as handle:
            match = _PROCESS_ID.search(handle.read(1_000_000))
    except OSError:
        return None
    return match.group(1) if match else None


def _moved(finding: Finding, relocate: Relocate) -> Finding:
    answer = finding.answer
    if answer is not None:
        answer = replace(answer, location=answer.location._replace(file=relocate(answer.location.file)))
    return replace(finding, location=finding.location._replace(file=relocate(finding.location.file)),
                   answer=answer)


def between(old: Sequence[str], new: Sequence[str], config: Config) -> Diff:
    """Compare two files or folders, without git."""
    before, after = side_of(old, config, root=_root(old)), side_of(new, config, root=_root(new))
    return compare(before, after, config.diff, base=" ".join(old), head=" ".join(new))


def _root(paths: Sequence[str]) -> str | None:
    """Files of two folders are compared by their place in the folder; two files by nothing."""
    return paths[0] if len(paths) == 1 and os.path.isdir(paths[0]) else None


def against_ref(ref: str, paths: Sequence[str], config: Config) -> Diff:
    """Compare the files below ``paths`` at the git ref ``ref`` with the working tree (which files:
    :mod:`processwalk.gitplan`)."""
    plan = gitplan.plan(ref, list(paths) or ["."])
    label = f"{ref} ({plan.commit[:7]})"
    if not plan.affected:
        return Diff(label, "working tree", (), (), budgets=dict(config.diff), unchanged=len(plan.work))
    with gitplan.mirrored(plan) as (base, work):
        before, after = _mirror_side(base, config), _mirror_side(work, config)
        return compare(before, after, config.diff, base=label, head="working tree",
                       unchanged=len(set(plan.work) - plan.affected))


def _mirror_side(mirror: gitplan.Mirror, config: Config) -> Side:
    # Every catalog of the mirror applies to a compared file: both mirrors hold the same folders' files.
    return side_of(list(mirror.targets), config, mirror.relocate, catalogs=project.catalogs([mirror.folder]))
