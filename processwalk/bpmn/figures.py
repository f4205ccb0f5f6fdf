"""The walk's figures in words, for the ``documentation`` of each exported element.

A modeller sees them in the properties panel of their tool: per step its visits,
reach, wait and work, per branch the share of cases that take it, and for the
process its lead time, touch time and refusal share (``spec/analysis.md``).
"""
from __future__ import annotations

from processwalk.analysis.walk import Walk
from processwalk.formatting import NO_FIGURE, format_hours, format_share
from processwalk.model import Branch, Step

SOURCE = "processwalk walk"


def process_text(walk: Walk) -> str:
    f = walk.figures
    efficiency = format_share(f.flow_efficiency) if f.flow_efficiency is not None else NO_FIGURE
    outcomes = ", ".join(f"{name} {format_share(share)}" for name, share in sorted(f.outcomes.items()))
    return (f"{SOURCE}: lead time {format_hours(f.lead_time_h)}, touch time {format_hours(f.touch_time_h)} "
            f"(flow efficiency {efficiency}); per case {f.handoffs:.2f} handoffs, {f.approvals:.2f} approvals, "
            f"{f.refusals:.2f} refusals, {f.contacts:.2f} contacts; refused at least once: "
            f"{format_share(f.p_refused_once)} of cases (first-pass yield {format_share(f.first_pass_yield)}); "
            f"teams touched {f.teams_touched:.2f}, ping-pong {f.ping_pong:.2f}; outcomes: {outcomes}.")


def step_text(walk: Walk, step: Step) -> str:
    figures = walk.steps[step.id]
    parts = [f"{figures.visits:.3f} visits per case", f"reached by {format_share(figures.reach)} of cases"]
    if step.is_end:
        return f"{SOURCE}: {parts[1]}."
    if step.work.mean > 0:
        parts.append(f"work {format_hours(step.work.mean)} a visit")
    predicted = walk.step_loads[step.id].predicted_wait_h if step.id in walk.step_loads else None
    if predicted is not None:
        parts.append(f"predicted wait {format_hours(predicted)}")
    return f"{SOURCE}: {', '.join(parts)}."


def wait_text(walk: Walk, step: Step) -> str:
    visits = walk.steps[step.id].visits
    return (f"{SOURCE}: waits {format_hours(step.wait.mean)} before '{step.name}', "
            f"{visits:.3f} times per case.")


def split_text(walk: Walk, step: Step) -> str:
    shares = "; ".join(f"{format_share(b.p)} to '{walk.process.steps[b.to].name}'" for b in step.next)
    return f"{SOURCE}: {shares}."


def branch_text(walk: Walk, step: Step, branch: Branch) -> str:
    passes = walk.steps[step.id].visits * branch.p
    what = "refused or sent back" if branch.refusal else "go on"
    return (f"{SOURCE}: {format_share(branch.p)} of cases at '{step.name}' {what} to "
            f"'{walk.process.steps[branch.to].name}'; {passes:.3f} times per case.")
