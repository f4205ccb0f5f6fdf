"""A process's page as a view record: its headline figures, hotspots, policies, teams, backlogs,
likely routes and methodology, each formatted in the page's units.

The walk, its findings and (when evaluated) its scenarios and remedies' worth go in; a
:class:`~processwalk.render.views.ProcessView` comes out.  The builders of rows that the index shows
too (a hotspot, a team's tone, a policy's score) live here and the index builds on them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.formatting import (
    AGE,
    LEAD,
    NOT_DECLARED,
    WAIT,
    WORK,
    PageUnits,
    added_by,
    big,
    days,
    hours,
    money,
    pct,
    per_case,
    share,
)
from processwalk.model import Answer, Process
from processwalk.portfolio import TOGETHER
from processwalk.render import diagram, moves_view, whatif_view
from processwalk.render.views import (
    BacklogRow,
    Figure,
    Hotspot,
    Method,
    PolicyRow,
    ProcessView,
    Route,
    Stop,
    TeamRow,
    Unmatched,
)

if TYPE_CHECKING:
    from processwalk.analysis.narrate import Rules
    from processwalk.analysis.walk import Walk
    from processwalk.assess import Assessed, Assessment
    from processwalk.suggest import Suggestion
    from processwalk.whatif import Evaluation


#: the bottleneck rule's default warning threshold
BOTTLENECK_FROM = 0.85


#: said wherever one policy's impact stands beside another's
NOT_ADDED = "individual impacts overlap and do not add up"


def process_view(assessment: Assessment, assessed: Assessed, slug: str,
                 evaluation: Evaluation | None = None,
                 suggestion: Suggestion | None = None) -> ProcessView:
    """``evaluation``: the baseline and the scenarios, for the "What if" section and the waits taken apart;
    ``suggestion``: the ranked moves, for what the best remedy of each hotspot is worth."""
    walk, findings, open_findings = assessed.walk, assessed.findings, assessed.open
    process = walk.process
    today, currency = assessment.config.today, assessment.config.display.currency
    top = max((f.impact.score for f in open_findings), default=0.0)
    units = page_units([walk], evaluation, assessment.config.display.unit)
    worth = moves_view.worths(suggestion, currency, units) if suggestion else None
    return ProcessView(
        walk=walk, slug=slug, title=process.title, owner=process.owner or NOT_DECLARED,
        description=process.description or "", file=process.file,
        facts=_facts(walk, today, units),
        figures=tuple(headline(walk, bottleneck_warning(assessment), units)),
        hotspots=tuple(hotspot(walk.process, f, i + 1, top, currency=currency, remedy=worth_of(worth, f), units=units)
                       for i, f in enumerate(open_findings)),
        answered=tuple(hotspot(walk.process, f, i + 1, top, currency=currency, units=units)
                       for i, f in enumerate(findings) if f.answered),
        unmatched=tuple(unmatched_row(u.answer, u.expired) for u in assessed.unmatched),
        heat=diagram.heat_of(process, findings),
        policies=tuple(policy_rows(walk, today, currency, units)),
        together=together_row(walk, currency, units),
        teams=tuple(team_rows(walk, bottleneck_warning(assessment))),
        undeclared_teams=tuple(team_label(process, t) for t, load in walk.teams.items() if load.utilization is None),
        backlogs=tuple(backlog_rows(walk, units)),
        distribution=_distribution_text(walk, units),
        routes=tuple(routes(walk, assessment.config.for_process(process.budgets), units)),
        method=tuple(methodology(walk, units)),
        whatif=whatif_view.process_whatif(evaluation, process.id, units, currency) if evaluation else None,
        waits=whatif_view.wait_rows(evaluation.baseline, process, units) if evaluation else (),
        units=units,
    )


def page_units(walks: Sequence[Walk], evaluation: Evaluation | None = None, unit: str | None = None) -> PageUnits:
    """The unit of each kind of duration on a page of ``walks``: lead times (the mean, the simulated
    percentiles, the promise, the paths and the scenarios' lead times), touch times, the declared waits
    and the backlogs' ages, each the one that suits the largest of its kind, or the configured ``unit``."""
    lead: list[float | None] = []
    for walk in walks:
        sim = walk.simulation
        lead += [walk.figures.lead_time_h, sim.p50_h, sim.p85_h, sim.p95_h, walk.process.sla_h]
        lead += [path.time_h for path in walk.likely_paths]
    ids = [w.process.id for w in walks]
    sides = [] if evaluation is None else [s for s in (evaluation.baseline, *evaluation.scenarios)]
    scenario_walks = [s.walks[i] for s in sides for i in ids if i in s.walks and not s.is_unbounded(i)]
    lead += [w.figures.lead_time_h for w in scenario_walks] + [w.simulation.p85_h for w in scenario_walks]
    steps = [step for walk in walks for step in walk.process.steps.values()]
    ages = [h for step in steps if step.backlog for h in (step.backlog.oldest_h, step.backlog.median_age_h, step.sla_h)]
    ages += [(w.step_loads[s].backlog_age_d or 0.0) * 24 for w in walks for s in w.step_loads]
    return PageUnits.of({LEAD: lead, WORK: [w.figures.touch_time_h for w in [*walks, *scenario_walks]],
                         WAIT: [step.wait.mean for step in steps], AGE: ages}, unit)


def _facts(walk: Walk, today: dt.date, units: PageUnits | None = None) -> tuple[tuple[str, str], ...]:
    process, units = walk.process, units or PageUnits()
    demand = f"{process.demand_per_day:,.0f} cases a day" if process.demand_per_day is not None else NOT_DECLARED
    return (("Owner", process.owner or NOT_DECLARED), ("Demand", demand),
            ("Promise to the customer", units.show(process.sla_h, LEAD)),
            ("Steps", f"{len(process.steps)} in {len(walk.teams)} team(s)"),
            ("As of", today.isoformat()), ("File", process.file))


def bottleneck_warning(assessment: Assessment) -> float:
    """The utilization from which the busiest team is called the bottleneck (the bottleneck rule's warning)."""
    settings = assessment.config.rules.get("bottleneck")
    return settings["warning"] if settings is not None else BOTTLENECK_FROM


def team_word(utilization: float | None, warning: float = 0.85) -> str:
    """"Bottleneck" from the bottleneck rule's warning threshold on, "Busiest team" below it."""
    return "Bottleneck" if utilization is not None and utilization >= warning else "Busiest team"


def headline(walk: Walk, warning: float = 0.85, units: PageUnits | None = None) -> Iterator[Figure]:
    """The figures an executive reads first, each with a one-line definition."""
    f, sim, process = walk.figures, walk.simulation, walk.process
    units = units or PageUnits()
    over = sim.share_over_sla
    late = process.sla_h is not None and f.lead_time_h > process.sla_h
    promise = f" \u00b7 {pct(over)} over the {units.show(process.sla_h, LEAD)} promise" if over is not None else ""
    yield Figure("lead_time", "Lead time", units.show(f.lead_time_h, LEAD), f"p85 {units.show(sim.p85_h, LEAD)}{promise}",
                 "How long a customer waits, on average, from first contact to the end; "
                 "85% of cases are done within the p85.", "bad" if late else "")
    yield Figure("touch_time", "Touch time", units.show(f.touch_time_h, WORK),
                 f"flow efficiency {share(f.flow_efficiency)}",
                 "Staff working time per case; flow efficiency is the share of the lead time "
                 "in which someone works on the case.",
                 "warn" if f.flow_efficiency is not None and f.flow_efficiency < 0.05 else "")
    yield Figure("handoffs", "Handoffs", per_case(f.handoffs), f"per case, across {per_case(f.teams_touched)} teams",
                 "Times a case passes from one team to another.", "warn" if f.handoffs > 3 else "")
    yield Figure("approvals", "Approvals", per_case(f.approvals), "per case",
                 "Sign-offs a case waits for, on average.", "warn" if f.approvals > 1 else "")
    yield Figure("first_pass_yield", "First-pass yield", pct(f.first_pass_yield),
                 f"{pct(f.p_refused_twice)} refused twice or more",
                 "Cases that get through without once being refused or sent back.",
                 "bad" if f.first_pass_yield < 0.8 else "")
    failure = f"{pct(f.failure_demand_share)} of contacts are failure demand" if f.failure_demand_share is not None \
        else "no contact step declared"
    yield Figure("repeat_contacts", "Repeat contacts", per_case(f.repeat_contacts), failure,
                 "Extra times a customer has to get in touch because the first time did not finish it.",
                 "warn" if f.repeat_contacts >= 0.2 else "")
    yield _bottleneck(walk, warning)


def _bottleneck(walk: Walk, warning: float = 0.85) -> Figure:
    definition = ("The busiest team: at 100% its queue grows without limit; "
                  "the process can take at most the demand divided by its utilization.")
    team = walk.bottleneck
    load = walk.teams.get(team) if team else None
    if team is None or load is None or load.utilization is None:
        return Figure("bottleneck", "Bottleneck", NOT_DECLARED, "needs demand and each team's staff", definition)
    most = walk.capacity.max_demand_per_day
    detail = f"{pct(load.utilization)} busy" + (f" \u00b7 takes at most {most:,.0f} cases a day" if most else "")
    tone = "bad" if load.utilization >= 1 else "warn" if load.utilization >= warning else ""
    return Figure("bottleneck", team_word(load.utilization, warning), team_label(walk.process, team), detail,
                  definition, tone)


def team_label(process: Process, team: str | None) -> str:
    if team is None:
        return "nobody"
    return process.teams[team].name if team in process.teams else team


def _step_name(process: Process, step: str) -> str:
    return process.steps[step].name if step in process.steps else step


def where(process: Process, finding: Finding) -> str:
    """The place of a finding in words."""
    if finding.place == "step":
        return f"Step: {_step_name(process, finding.at)}"
    if finding.place == "team":
        return f"Team: {team_label(process, finding.at)}"
    if finding.place == "policy":
        policy = process.policies.get(finding.at)
        return f"Policy: {policy.title if policy else finding.at}"
    if finding.place == "branch":
        source, _, target = finding.at.partition("->")
        return f"Sent back: {_step_name(process, source)} \u2192 {_step_name(process, target)}"
    return "The whole process"


def hotspot(process: Process | None, finding: Finding, rank: int, top: float, place: str = "",
            currency: str | None = None, remedy: str = "", units: PageUnits | None = None) -> Hotspot:
    """A finding as a card; ``place`` overrides the place in words (portfolio findings); ``remedy``:
    what its best remedy is worth; ``units``: the page's unit of each kind of duration."""
    answer = finding.answer
    return Hotspot(
        rank=rank, rule=finding.rule, severity=finding.severity,
        level=diagram.level(finding.impact.score, top),
        where=place or (where(process, finding) if process is not None else finding.at),
        question=finding.why or finding.message, message=finding.message,
        owner=finding.ask or NOT_DECLARED,
        evidence=tuple(evidence(process, finding.evidence, units)),
        impact=impact_text(finding, currency),
        location=str(finding.location),
        answer=answer.why if answer else "", answered_by=answer.owner if answer else "",
        until=answer.until.isoformat() if answer else "", remedy=remedy,
    )


def worth_of(worth: Mapping[tuple[str, str, str], str] | None, finding: Finding) -> str:
    """The card's line on the finding's remedy ("" when the moves were not evaluated)."""
    return "" if worth is None else worth.get(finding.key, moves_view.NO_REMEDY)


def portfolio_where(walks: Sequence[Walk], finding: Finding) -> str:
    """A portfolio finding's place in words, with the name its catalog gives it."""
    for walk in walks:
        if finding.place == "team" and finding.at in walk.process.teams:
            return f"Team: {walk.process.teams[finding.at].name}"
        if finding.place == "policy" and finding.at in walk.process.policies:
            return f"Policy: {walk.process.policies[finding.at].title}"
    return {"team": "Team", "policy": "Policy"}.get(finding.place, "Portfolio") + f": {finding.at}"


def impact_text(finding: Finding, currency: str | None = None) -> str:
    i = finding.impact
    parts = []
    if i.customer_days_per_year:
        parts.append(f"{big(i.customer_days_per_year)} customer-days a year")
    if i.staff_hours_per_year:
        parts.append(f"{big(i.staff_hours_per_year)} staff-hours a year")
    if i.cost_per_year:
        parts.append(f"cost {money(i.cost_per_year, currency)} a year")
    return " \u00b7 ".join(parts) or "no yearly figure"


#: the evidence keys with their labels and formats; a kind of duration (LEAD, WAIT, ...) is shown in the
#: page's unit of that kind, a figure added in words ("saves 2.0d" for one below zero)
DURATION_KINDS: Mapping[str, str] = {
    "lead_time_h": LEAD, "p85_h": LEAD, "time_elsewhere_h": LEAD, "mean_wait_h": WAIT,
    "wait_after_handoffs_h": WAIT, "work_h": WORK, "oldest_h": AGE,
}


EVIDENCE: Mapping[str, tuple[str, Callable[[float], str] | str]] = {
    "visits": ("passes per case", per_case), "p": ("share sent back", pct), "pass_rate": ("approved", pct),
    "open": ("open items", big), "little_age_d": ("age by Little's law", AGE), "sla_h": ("promise", LEAD),
    "days_overdue": ("days overdue", big), "systems": ("systems", big), "utilization": ("utilization", pct),
    "load_h_per_day": ("load, hours a day", big), "capacity_h_per_day": ("capacity, hours a day", big),
    "share_of_lead_time": ("share of the lead time over all visits", pct),
    "wait_h": ("wait per visit", WAIT), "share_over_sla": ("cases over the promise", pct),
    "first_pass_yield": ("first-pass yield", pct), "p_refused_twice": ("refused twice or more", pct),
    "failure_demand_share": ("failure demand", pct),
    "lead_time_added_h": ("lead time added", LEAD),
    "refusals_added": ("refusals added", lambda v: added_by(v, per_case)),
}


def evidence(process: Process | None, items: Mapping[str, float | str | None],
             units: PageUnits | None = None) -> Iterator[tuple[str, str]]:
    """Evidence as (label, value) pairs: hours as durations in the page's ``units``, shares as percentages."""
    units = units or PageUnits()
    for key, value in items.items():
        label, fmt = EVIDENCE.get(key, (_label(key), DURATION_KINDS.get(key) or _format_for(key)))
        if value is None:
            yield label, NOT_DECLARED
        elif isinstance(value, str):
            yield label, team_label(process, value) if process is not None and value in process.teams else value
        elif isinstance(fmt, str):
            yield label, added_by(float(value) * (24 if key.endswith("_d") else 1), partial(units.show, kind=fmt))
        else:
            yield label, fmt(float(value))


def _label(key: str) -> str:
    for suffix in ("_h", "_d"):
        key = key.removesuffix(suffix)
    return key.replace("_", " ")


def _format_for(key: str) -> Callable[[float], str]:
    if key.endswith("_h"):
        return hours
    if key.endswith("_d"):
        return days
    if key.startswith(("share", "p_")) or key.endswith(("_share", "_rate", "_yield")):
        return pct
    return per_case


def policy_rows(walk: Walk, today: dt.date, currency: str | None = None,
                units: PageUnits | None = None) -> Iterator[PolicyRow]:
    process, units = walk.process, units or PageUnits()
    ranked = sorted(walk.policies.items(), key=lambda item: (-policy_score(item[1].customer_days_per_year,
                                                                     item[1].staff_hours_per_year), item[0]))
    for policy_id, f in ranked:
        policy = process.policies.get(policy_id)
        due = policy.review_due if policy else None
        yield PolicyRow(
            id=policy_id, title=policy.title if policy else policy_id,
            owner=(policy.owner if policy and policy.owner else "no owner named"),
            why=(policy.why if policy and policy.why else "no reason stated"),
            review=_review(policy.reviewed if policy else None, due, today), stale=due is not None and due < today,
            lead_time=added_by(f.lead_time_h, lambda v: units.show(v, LEAD)), refusals=added_by(f.refusals, per_case),
            handoffs=added_by(f.handoffs, per_case), approvals=added_by(f.approvals, per_case),
            customer_days=added_by(f.customer_days_per_year, big), staff_hours=added_by(f.staff_hours_per_year, big),
            cost=money(f.cost_per_year, currency),
        )


def policy_score(customer_days: float | None, staff_hours: float | None) -> float:
    return (customer_days or 0.0) + (staff_hours or 0.0) / 8


def _review(reviewed: dt.date | None, due: dt.date | None, today: dt.date) -> str:
    if reviewed is None:
        return "never reviewed"
    if due is None:
        return f"reviewed {reviewed.isoformat()}"
    late = " (overdue)" if due < today else ""
    return f"reviewed {reviewed.isoformat()}, due {due.isoformat()}{late}"


def team_rows(walk: Walk, warning: float = 0.85) -> Iterator[TeamRow]:
    loaded = [load for load in walk.teams.values() if load.utilization is not None]
    for load in sorted(loaded, key=lambda t: (-(t.utilization or 0.0), t.team)):
        util = load.utilization or 0.0
        yield TeamRow(team_label(walk.process, load.team), big(load.load_h_per_day), big(load.capacity_h_per_day),
                      pct(util), tone_of(util), load.team == walk.bottleneck and util >= warning)


def tone_of(utilization: float) -> str:
    return "bad" if utilization >= 1 else "warn" if utilization >= 0.85 else "ok"


def backlog_rows(walk: Walk, units: PageUnits | None = None) -> Iterator[BacklogRow]:
    process, units = walk.process, units or PageUnits()
    for step in process.steps.values():
        backlog = step.backlog
        if backlog is None:
            continue
        age = walk.step_loads[step.id].backlog_age_d
        late = step.sla_h is not None and any(
            a is not None and a > step.sla_h for a in (backlog.oldest_h, age * 24 if age is not None else None))
        yield BacklogRow(step.name, team_label(process, step.team), f"{backlog.open:,}",
                         units.show(backlog.oldest_h, AGE), units.show(backlog.median_age_h, AGE),
                         backlog.as_of.isoformat() if backlog.as_of else NOT_DECLARED,
                         units.show(age * 24 if age is not None else None, AGE), units.show(step.sla_h, AGE), late)


def _distribution_text(walk: Walk, units: PageUnits | None = None) -> str:
    sim, process, units = walk.simulation, walk.process, units or PageUnits()
    p50, p85, p95 = (units.show(h, LEAD) for h in (sim.p50_h, sim.p85_h, sim.p95_h))
    text = f"Half of the cases are done within {p50}, 85% within {p85} and 95% within {p95}"
    if sim.share_over_sla is not None:
        text += f"; {pct(sim.share_over_sla)} take longer than the {units.show(process.sla_h, LEAD)} promised"
    if sim.note and not sim.cases:
        return sim.note[0].upper() + sim.note[1:] + "."
    text += f" (simulated: {sim.cases:,} cases, seed {sim.seed})"
    return text + (f"; {sim.note}." if sim.note else ".")


def routes(walk: Walk, rules: Rules, units: PageUnits | None = None) -> Iterator[Route]:
    """The walk told stop by stop, its questions asked by ``rules`` (the settings of the process's rules);
    the paths' times and the stops' clocks are lead times, in the page's ``units``."""
    from processwalk.analysis.narrate import narrate

    units = units or PageUnits()
    stops = narrate(walk, rules)
    paths = {"most likely": walk.likely_paths[0] if walk.likely_paths else None, "slowest likely": walk.slowest_path}
    for name in dict.fromkeys(s.route for s in stops):
        path = paths.get(name)
        summary = (f"{pct(path.probability)} of cases walk exactly this path, in {units.show(path.time_h, LEAD)}"
                   if path else "")
        yield Route(name.capitalize() + " path", summary, tuple(
            Stop(s.number, "start" if s.clock_h == 0 else f"+{units.show(s.clock_h, LEAD)}", s.name, s.team or "",
                 s.customer, s.why, s.questions[1:], s.policies, s.team is None)
            for s in stops if s.route == name))


def methodology(walk: Walk, units: PageUnits | None = None) -> Iterator[Method]:
    f, sim, units = walk.figures, walk.simulation, units or PageUnits()
    yield Method("Lead time", "Sum over steps of expected passes \u00d7 (mean wait + mean work); passes come "
                 "from the process as a Markov chain, N = (I \u2212 Q)\u207b\u00b9.", units.show(f.lead_time_h, LEAD))
    yield Method("p50 / p85 / p95", f"Percentiles of {sim.cases:,} simulated cases (seed {sim.seed}); each wait "
                 "and work drawn from its declared distribution." + (f" {sim.note[0].upper()}{sim.note[1:]}."
                                                                      if sim.note else ""),
                 " / ".join(units.show(h, LEAD) for h in (sim.p50_h, sim.p85_h, sim.p95_h)))
    yield Method("Touch time", "Sum over steps of expected passes \u00d7 mean work.", units.show(f.touch_time_h, WORK))
    yield Method("Flow efficiency", "Touch time \u00f7 lead time.", share(f.flow_efficiency))
    yield Method("Handoffs", "Expected moves between steps of different teams, per case.", per_case(f.handoffs))
    yield Method("Approvals", "Expected passes through approval steps, per case.", per_case(f.approvals))
    yield Method("Refusals", "Expected refusal or send-back branches taken, per case.", per_case(f.refusals))
    yield Method("First-pass yield", "Probability of never being refused (Lean's rolled %C&A).",
                 pct(f.first_pass_yield))
    yield Method("Repeat contacts", "Expected contact steps per case minus the probability of at least one; "
                 "failure demand is their share of all contacts.", per_case(f.repeat_contacts))
    yield Method("Teams touched", "Sum over teams of the probability of meeting the team.",
                 per_case(f.teams_touched))
    yield Method("Utilization", "Offered load (demand \u00d7 passes \u00d7 work) \u00f7 capacity (staff \u00d7 hours "
                 "a day \u00d7 days a week \u00f7 7); the bottleneck is the most utilized team.",
                 pct(walk.teams[walk.bottleneck].utilization) if walk.bottleneck else NOT_DECLARED)
    yield Method("Backlog age (Little's law)", "Open items \u00f7 arrivals a day at the step.", "see Backlogs")
    yield Method("Policy friction", "Figures with the policy minus figures without it: its branches removed "
                 "and its steps bypassed; per year \u00d7 demand \u00d7 365.25.", "see Policy friction")
    yield Method("Hotspot impact", "Customer-days a year plus staff-hours a year \u00f7 8; hotspots are ranked "
                 "by it, unanswered first. Levels: high \u2265 50% of the largest, medium \u2265 15%.", "")


def unmatched_row(answer: Answer, expired: bool) -> Unmatched:
    return Unmatched(answer.rule, answer.at, answer.why, answer.owner, answer.until.isoformat(), expired)


def together_row(walk: Walk, currency: str | None = None, units: PageUnits | None = None) -> PolicyRow | None:
    """The joint friction of a process's policies, when it has two or more."""
    f, shown = walk.policies_together, units or PageUnits()
    if f is None or len(walk.policies) < 2:
        return None
    return PolicyRow(
        id=TOGETHER, title=f"All {len(walk.policies)} policies together", owner="", why=NOT_ADDED, review="",
        stale=False, lead_time=added_by(f.lead_time_h, lambda v: shown.show(v, LEAD)),
        refusals=added_by(f.refusals, per_case),
        handoffs=added_by(f.handoffs, per_case), approvals=added_by(f.approvals, per_case),
        customer_days=added_by(f.customer_days_per_year, big), staff_hours=added_by(f.staff_hours_per_year, big),
        cost=money(f.cost_per_year, currency))
