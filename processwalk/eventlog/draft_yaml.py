"""The text of a drafted process file: a header saying how it was made, then the process.

Written line by line (the values through :mod:`processwalk.yamltext`), with comments for what the
log says that the format does not hold: how often each step was seen, each branch's counts, the
branches folded away.  Reproducible: the same draft gives the same text.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterator

from processwalk.eventlog.draft import Draft, Step
from processwalk.formatting import format_share
from processwalk.text import printable
from processwalk.yamltext import count, duration_text, p_text, rate_text, scalar


def to_yaml(draft: Draft) -> str:
    """The process file of ``draft``: a header saying how it was made, then the process."""
    lines = [*_header(draft), ""]
    lines += [f"process: {draft.options.process}", f"title: {scalar(_title(draft))}"]
    lines += [f"demand: {rate_text(draft.demand_per_day)}", f"start: {draft.start}", "", "teams:"]
    lines += [f"  {t.id}: {{name: {scalar(t.name, flow=True)}}}"
              + (f"  # did {count(t.steps_done, 'step')}" if t.steps_done else "") for t in draft.teams]
    lines += ["", "steps:"]
    for step in draft.steps:
        lines += _step_lines(step)
    return "\n".join(lines) + "\n"


def _title(draft: Draft) -> str:
    return draft.options.title or f"{draft.options.process} (discovered from {draft.log})"


def _header(draft: Draft) -> list[str]:
    c = draft.counts
    first = (f"Drafted by 'processwalk discover' from {draft.log}: {count(c.cases, 'case')}, "
             f"{count(c.events, 'event')}, {count(c.activities, 'activity')}, {c.first.date()} to "
             f"{c.last.date()}. A starting point: check each figure with the people who do the work.")
    notes = [first, *(f"- {note}" for note in _notes(draft))]
    return [line for note in notes for line in _comment(note, "# ", "#   " if note.startswith("-") else "# ")]


def _notes(draft: Draft) -> Iterator[str]:
    o = draft.options
    yield "Steps are the log's activities (named as the log spells them), in the order cases meet them."
    yield ("p: how often each next step followed the step (directly-follows counts; the cases still open "
           "at the end of the log have not left their last step and do not count).")
    how = ("as given" if o.ends is not None
           else f"each is the last step of its case {format_share(o.threshold)} or more of the times it occurs")
    yield f"A case is finished after: {', '.join(draft.ends) or 'nothing'} ({how})."
    if draft.stopped:
        yield (f"Also taken as finished after: {', '.join(draft.stopped)}, as no path of the log leads from "
               "there to an end.")
    work = any(s.work_h is not None for s in draft.steps)
    yield ("wait: the mean time from the case's previous event to the step"
           + ("; work: the mean time from its start to its completion." if work else "."))
    yield f"Teams: {_teams_note(draft)}."
    yield (f"demand: cases arriving per day. backlog: the cases open at the end of the log "
           f"({draft.open_cases:,} on {draft.as_of}), at the step they last passed, aged from their first event.")
    yield _fold_note(draft)


def _teams_note(draft: Draft) -> str:
    if draft.team_by is None:
        return "the log records no groups or resources"
    column = "groups (org:group)" if draft.team_by == "group" else "resources (org:resource)"
    return f"the log's {column}; each step's team is the one that did most of it"


def _fold_note(draft: Draft) -> str:
    min_p = draft.options.min_p
    if not draft.folded_transitions:
        return f"Every path seen is kept (--min-p {min_p:g}): the whole log fits this file."
    dropped = (f" Left out, as only folded branches led there: {', '.join(draft.dropped)}."
               if draft.dropped else "")
    return (f"Branches taken less than {format_share(min_p)} of the time from their step are folded into its other "
            f"branches (--min-p {min_p:g}): {count(draft.folded_transitions, 'transition')}, "
            f"{count(draft.folded_times, 'time')} in all; see the 'folded' comments.{dropped}")


def _comment(text: str, first: str, then: str, width: int = 100) -> list[str]:
    """A comment of one or more lines; the log's names in it are printable (a control character
    or a line break in an activity would end the comment or the file)."""
    return textwrap.wrap(printable(text, lines=False), width, initial_indent=first, subsequent_indent=then, break_on_hyphens=False)


def _step_lines(step: Step) -> list[str]:
    seen = (f"  # {count(step.events, 'time')} in {count(step.cases, 'case')}"
            if step.activity is not None else "")
    lines = [f"  {step.id}:{seen}", f"    name: {scalar(step.name)}"]
    if step.kind != "task":
        lines.append(f"    kind: {step.kind}")
    if step.team is not None:
        lines.append(f"    team: {step.team}")
    for key, hours in (("wait", step.wait_h), ("work", step.work_h)):
        if hours is not None and duration_text(hours) != "0":
            lines.append(f"    {key}: {duration_text(hours)}")
    if step.backlog is not None:
        b = step.backlog
        lines.append(f"    backlog: {{open: {b.open}, oldest: {duration_text(b.oldest_h)}, "
                     f"median_age: {duration_text(b.median_age_h)}, as_of: {b.as_of}}}"
                     "  # open at the end of the log")
    if step.folded:
        ways = ", ".join(f"{to} {n:,}" for to, n in step.folded)
        times = count(sum(n for _, n in step.folded), "time")
        lines += _comment(f"folded: {times} to {ways}", "    # ", "    #   ")
    return lines + list(_next_lines(step))


def _next_lines(step: Step) -> Iterator[str]:
    if step.kind == "end":
        return
    if len(step.next) == 1:
        yield f"    next: {step.next[0].to}"
        return
    total = sum(b.count for b in step.next)
    yield "    next:"
    for b in step.next:
        yield f"      - {{to: {b.to}, p: {p_text(b.p)}}}  # {b.count:,} of {total:,}"
