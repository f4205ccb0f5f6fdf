"""The HTML report: one self-contained page per process and a portfolio ``index.html``.

Data flows ``Assessment`` -> view records (frozen dataclasses, built here and
shared with :mod:`~processwalk.render.markdown`) -> a template context (a
``TypedDict``) -> Jinja templates from the package ``processwalk.templates``
(:func:`~processwalk.render.jinja.get_env`, autoescape on) -> text.

Self-contained: the CSS is inlined from ``report.css``, the diagram and charts are
inline SVG, nothing is fetched and no script runs, so a page reads from
``file://``, travels as an e-mail attachment and prints.  Reproducible: no
clock, no random ids; the simulation is seeded; numbers are formatted by :mod:`processwalk.formatting`.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypedDict

from markupsafe import Markup

from processwalk import __version__
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
from processwalk.portfolio import TOGETHER, Portfolio
from processwalk.render import charts, diagram, moves_view, whatif_view
from processwalk.render.jinja import get_env
from processwalk.render.moves_view import Moves
from processwalk.render.whatif_view import Table, WaitRow, WhatIf
from processwalk.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    from processwalk.analysis.narrate import Rules
    from processwalk.analysis.walk import Walk
    from processwalk.assess import Assessed, Assessment
    from processwalk.suggest import Suggestion
    from processwalk.whatif import Evaluation

#: hotspots shown as large cards; the rest are listed below them
CARDS = 6
#: a diagram wider than this (points) scrolls instead of shrinking to the page
FIT_WIDTH_PT = 1100
INDEX = "index"
#: the bottleneck rule's default warning threshold
BOTTLENECK_FROM = 0.85
#: said wherever one policy's impact stands beside another's
NOT_ADDED = "individual impacts overlap and do not add up"


# --- view records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str
    detail: str
    definition: str
    #: ``bad``, ``warn`` or ``""``
    tone: str = ""


@dataclass(frozen=True)
class Hotspot:
    rank: int
    rule: str
    severity: str
    level: str
    where: str
    question: str
    message: str
    owner: str
    evidence: tuple[tuple[str, str], ...]
    impact: str
    location: str
    answer: str = ""
    answered_by: str = ""
    until: str = ""
    #: what its best remedy is worth ("remove this approval: -2.0d per case, ..."), or that none
    #: saves anything; "" where the moves were not evaluated, or for an answered finding
    remedy: str = ""


@dataclass(frozen=True)
class PolicyRow:
    id: str
    title: str
    owner: str
    why: str
    review: str
    stale: bool
    lead_time: str
    refusals: str
    handoffs: str
    approvals: str
    customer_days: str
    staff_hours: str
    cost: str
    #: (page, title) of each process that follows the policy (portfolio only)
    processes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TeamRow:
    name: str
    load: str
    capacity: str
    utilization: str
    tone: str
    bottleneck: bool
    #: (page, title) of each process that loads the team (portfolio only)
    processes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class BacklogRow:
    step: str
    team: str
    open: str
    oldest: str
    median_age: str
    as_of: str
    little_age: str
    sla: str
    late: bool


@dataclass(frozen=True)
class Stop:
    number: int
    clock: str
    name: str
    team: str
    customer: str
    why: str
    more: tuple[str, ...]
    policies: tuple[str, ...]
    end: bool


@dataclass(frozen=True)
class Route:
    name: str
    summary: str
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class Method:
    figure: str
    definition: str
    value: str


@dataclass(frozen=True)
class Unmatched:
    rule: str
    at: str
    answer: str
    owner: str
    until: str
    expired: bool


@dataclass(frozen=True)
class ProcessView:
    """Everything a process page shows, formatted; ``walk`` for the renderers' own drawings."""

    walk: Walk
    slug: str
    title: str
    owner: str
    description: str
    file: str
    facts: tuple[tuple[str, str], ...]
    figures: tuple[Figure, ...]
    hotspots: tuple[Hotspot, ...]
    answered: tuple[Hotspot, ...]
    unmatched: tuple[Unmatched, ...]
    heat: diagram.Heat
    policies: tuple[PolicyRow, ...]
    #: all the policies taken away at once, when there are two or more (the rows do not add up)
    together: PolicyRow | None
    teams: tuple[TeamRow, ...]
    undeclared_teams: tuple[str, ...]
    backlogs: tuple[BacklogRow, ...]
    distribution: str
    routes: tuple[Route, ...]
    method: tuple[Method, ...]
    #: the "What if" section, when a scenario changes the process
    whatif: WhatIf | None = None
    #: the declared waits taken apart at the baseline (empty without an evaluation)
    waits: tuple[WaitRow, ...] = ()
    #: the unit of each kind of duration on the page (:func:`page_units`), for the charts
    units: PageUnits = PageUnits()

    @property
    def cards(self) -> tuple[Hotspot, ...]:
        return self.hotspots[:CARDS]

    @property
    def more(self) -> tuple[Hotspot, ...]:
        return self.hotspots[CARDS:]


@dataclass(frozen=True)
class ProcessRow:
    slug: str
    title: str
    owner: str
    lead_time: str
    p85: str
    sla: str
    over_sla: str
    waiting_days: str
    hotspots: int
    top_question: str
    bottleneck: str
    tone: str


@dataclass(frozen=True)
class IndexView:
    processes: tuple[ProcessRow, ...]
    policies: tuple[PolicyRow, ...]
    #: every policy taken away at once in each process (the rows overlap and do not add up)
    together: PolicyRow | None
    teams: tuple[TeamRow, ...]
    bottleneck: str
    bottleneck_detail: str
    findings: tuple[Hotspot, ...]
    unmatched: tuple[Unmatched, ...]
    totals: tuple[Figure, ...]
    #: "Bottleneck", or "Busiest team" under the bottleneck rule's warning threshold
    bottleneck_label: str = "Bottleneck"
    #: each scenario's portfolio totals a year beside the baseline's, when there are scenarios
    whatif: Table | None = None
    #: the portfolio's best moves and the best together, when the moves were evaluated
    moves: Moves | None = None


# --- building the views ------------------------------------------------------------------------


def slugs(walks: Sequence[Walk]) -> dict[str, str]:
    """A file name (without extension) per process id; never ``index``, never twice the same."""
    taken: set[str] = {INDEX}
    out: dict[str, str] = {}
    for walk in walks:
        base = walk.process.id
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out[walk.process.id] = slug
    return out


def process_view(assessment: Assessment, assessed: Assessed, slug: str,
                 evaluation: Evaluation | None = None,
                 worth: Mapping[tuple[str, str, str], str] | None = None) -> ProcessView:
    """``evaluation``: the baseline and the scenarios, for the "What if" section and the waits taken apart;
    ``worth``: what the best remedy of each finding is worth, by its key (:func:`.moves_view.worths`)."""
    walk, findings, open_findings = assessed.walk, assessed.findings, assessed.open
    process = walk.process
    today, currency = assessment.config.today, assessment.config.display.currency
    top = max((f.impact.score for f in open_findings), default=0.0)
    units = page_units([walk], evaluation, assessment.config.display.unit)
    return ProcessView(
        walk=walk, slug=slug, title=process.title, owner=process.owner or NOT_DECLARED,
        description=process.description or "", file=process.file,
        facts=_facts(walk, today, units),
        figures=tuple(headline(walk, _warning(assessment), units)),
        hotspots=tuple(hotspot(walk.process, f, i + 1, top, currency=currency, remedy=_worth(worth, f), units=units)
                       for i, f in enumerate(open_findings)),
        answered=tuple(hotspot(walk.process, f, i + 1, top, currency=currency, units=units)
                       for i, f in enumerate(findings) if f.answered),
        unmatched=tuple(_unmatched(u.answer, u.expired) for u in assessed.unmatched),
        heat=diagram.heat_of(process, findings),
        policies=tuple(policy_rows(walk, today, currency, units)),
        together=together_row(walk, currency, units),
        teams=tuple(team_rows(walk, _warning(assessment))),
        undeclared_teams=tuple(_team_name(process, t) for t, load in walk.teams.items() if load.utilization is None),
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


def _warning(assessment: Assessment) -> float:
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
    return Figure("bottleneck", team_word(load.utilization, warning), _team_name(walk.process, team), detail,
                  definition, tone)


def _team_name(process: Process, team: str | None) -> str:
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
        return f"Team: {_team_name(process, finding.at)}"
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


def _worth(worth: Mapping[tuple[str, str, str], str] | None, finding: Finding) -> str:
    """The card's line on the finding's remedy ("" when the moves were not evaluated)."""
    return "" if worth is None else worth.get(finding.key, moves_view.NO_REMEDY)


def _portfolio_where(walks: Sequence[Walk], finding: Finding) -> str:
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
            yield label, _team_name(process, value) if process is not None and value in process.teams else value
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
    ranked = sorted(walk.policies.items(), key=lambda item: (-_score(item[1].customer_days_per_year,
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


def _score(customer_days: float | None, staff_hours: float | None) -> float:
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
        yield TeamRow(_team_name(walk.process, load.team), big(load.load_h_per_day), big(load.capacity_h_per_day),
                      pct(util), _tone(util), load.team == walk.bottleneck and util >= warning)


def _tone(utilization: float) -> str:
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
        yield BacklogRow(step.name, _team_name(process, step.team), f"{backlog.open:,}",
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


def _unmatched(answer: Answer, expired: bool) -> Unmatched:
    return Unmatched(answer.rule, answer.at, answer.why, answer.owner, answer.until.isoformat(), expired)


#: process id -> (page file, process title)
Pages = Mapping[str, "tuple[str, str]"]


def index_view(assessment: Assessment, names: Mapping[str, str], evaluation: Evaluation | None = None,
               suggestion: Suggestion | None = None) -> IndexView:
    portfolio = assessment.portfolio
    ranked = sorted(assessment.processes, key=lambda p: (-_waiting(p.walk), p.walk.process.title))
    units = page_units(assessment.walks, None, assessment.config.display.unit)
    rows = [process_row(p, names[p.id], units) for p in ranked]
    currency = assessment.config.display.currency
    found = [f for f in assessment.portfolio_findings if not f.answered]
    top = max((f.impact.score for f in found), default=0.0)
    pages = {w.process.id: (f"{names[w.process.id]}.html", w.process.title) for w in assessment.walks}
    detail, name = _org_bottleneck(portfolio, pages)
    worth = moves_view.worths(suggestion, currency, units) if suggestion else None
    return IndexView(
        processes=tuple(rows), policies=tuple(portfolio_policies(portfolio, pages, currency)),
        together=portfolio_together(portfolio, pages, currency),
        teams=tuple(portfolio_teams(portfolio, pages, _warning(assessment))),
        bottleneck=name, bottleneck_detail=detail,
        bottleneck_label=team_word(portfolio.bottleneck.utilization if portfolio.bottleneck else None,
                                   _warning(assessment)),
        findings=tuple(hotspot(None, f, i + 1, top, _portfolio_where(assessment.walks, f), currency, _worth(worth, f))
                       for i, f in enumerate(found)),
        unmatched=tuple(_unmatched(u.answer, u.expired) for u in assessment.unmatched),
        totals=tuple(_totals(assessment)),
        whatif=whatif_view.portfolio(evaluation, currency) if evaluation else None,
        moves=moves_view.moves(suggestion, pages, currency, units=units) if suggestion else None,
    )


def _waiting(walk: Walk) -> float:
    """Customer-days a year spent waiting, not worked on: demand x 365.25 x (lead - touch) / 24."""
    demand = walk.process.demand_per_day
    if demand is None:
        return -1.0
    return demand * DAYS_PER_YEAR * (walk.figures.lead_time_h - walk.figures.touch_time_h) / 24


def process_row(assessed: Assessed, slug: str, units: PageUnits | None = None) -> ProcessRow:
    """A process in the index; its lead times in the index page's ``units``."""
    walk, open_findings, units = assessed.walk, assessed.open, units or PageUnits()
    process, f, sim = walk.process, walk.figures, walk.simulation
    waiting = _waiting(walk)
    late = process.sla_h is not None and f.lead_time_h > process.sla_h
    return ProcessRow(
        slug=slug, title=process.title, owner=process.owner or NOT_DECLARED, lead_time=units.show(f.lead_time_h, LEAD),
        p85=units.show(sim.p85_h, LEAD), sla=units.show(process.sla_h, LEAD), over_sla=pct(sim.share_over_sla),
        waiting_days=big(waiting) if waiting >= 0 else NOT_DECLARED, hotspots=len(open_findings),
        top_question=open_findings[0].why if open_findings else "",
        bottleneck=_team_name(process, walk.bottleneck) if walk.bottleneck else NOT_DECLARED,
        tone="bad" if late else "",
    )


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


def portfolio_together(portfolio: Portfolio, pages: Pages, currency: str | None = None) -> PolicyRow | None:
    """The joint friction of every policy over the portfolio, when two or more policies are followed."""
    p = portfolio.policies_together
    if p is None or len(portfolio.policies) < 2:
        return None
    return PolicyRow(id=TOGETHER, title=f"All {len(portfolio.policies)} policies together", owner="", why=NOT_ADDED,
                     review="", stale=False, lead_time="", refusals="", handoffs="", approvals="",
                     customer_days=added_by(p.customer_days_per_year, big),
                     staff_hours=added_by(p.staff_hours_per_year, big), cost=money(p.cost_per_year, currency),
                     processes=tuple(pages[i] for i in p.processes if i in pages))


def portfolio_policies(portfolio: Portfolio, pages: Pages, currency: str | None = None) -> Iterator[PolicyRow]:
    ranked = sorted(portfolio.policies.values(),
                    key=lambda p: (-_score(p.customer_days_per_year, p.staff_hours_per_year), p.policy_id))
    for p in ranked:
        yield PolicyRow(id=p.policy_id, title=p.title, owner=p.owner or "no owner named", why="", review="",
                        stale=False, lead_time="", refusals="", handoffs="", approvals="",
                        customer_days=added_by(p.customer_days_per_year, big),
                        staff_hours=added_by(p.staff_hours_per_year, big),
                        cost=money(p.cost_per_year, currency), processes=tuple(pages[i] for i in p.processes if i in pages))


def portfolio_teams(portfolio: Portfolio, pages: Pages, warning: float = 0.85) -> Iterator[TeamRow]:
    ranked = sorted(portfolio.teams.values(), key=lambda t: (-(t.utilization or 0.0), t.team.id))
    top = portfolio.bottleneck
    for t in ranked:
        util = t.utilization
        yield TeamRow(t.team.name, big(t.load_h_per_day), big(t.capacity_h_per_day), pct(util),
                      _tone(util) if util is not None else "muted",
                      top is not None and t.team.id == top.team.id and util is not None and util >= warning,
                      tuple(pages[i] for i in t.processes if i in pages))


def _org_bottleneck(portfolio: Portfolio, pages: Pages) -> tuple[str, str]:
    top = portfolio.bottleneck
    if top is None or top.utilization is None:
        return "needs demand and each team's staff", NOT_DECLARED
    main = max(top.load_by_process.items(), key=lambda item: (item[1], item[0]))
    share = pct(main[1] / top.load_h_per_day) if top.load_h_per_day else NOT_DECLARED
    title = pages[main[0]][1] if main[0] in pages else main[0]
    detail = (f"{pct(top.utilization)} busy, fed by {len(top.load_by_process)} process(es); "
              f"{share} of its load from \u2018{title}\u2019")
    return detail, top.team.name


def _totals(assessment: Assessment) -> Iterator[Figure]:
    walks = assessment.walks
    waiting = sum(max(0.0, _waiting(w)) for w in walks)
    open_count = sum(1 for f in assessment.findings if not f.answered)
    late = sum(1 for w in walks if w.process.sla_h is not None and w.figures.lead_time_h > w.process.sla_h)
    together = assessment.portfolio.policies_together
    yield Figure("processes", "Processes", str(len(walks)), f"{late} miss their promise on average",
                 "Processes walked in this report.", "warn" if late else "")
    yield Figure("waiting", "Customer-days waiting", big(waiting), "a year, in all processes",
                 "Demand \u00d7 (lead time \u2212 touch time): time customers wait while nobody works on their case.")
    yield Figure("policy", "Added by all policies together",
                 added_by(together.customer_days_per_year, big) if together else NOT_DECLARED,
                 "customer-days a year, all removed at once",
                 "The processes as walked against the same processes without every policy at once. "
                 f"Each policy's own figure keeps the others in place: {NOT_ADDED}.")
    yield Figure("hotspots", "Open whys", str(open_count), "hotspots without an answer",
                 "Findings no owner has answered yet.", "warn" if open_count else "")


class PageContext(TypedDict):
    page_title: str
    css: Markup
    generator: str
    index_href: str


class ProcessContext(PageContext):
    view: ProcessView
    diagram: Markup
    diagram_scroll: bool
    team_chart: Markup
    distribution_chart: Markup
    #: the "declared vs actual" section, when the report was given an event log
    calibration: Markup
    whatif_chart: Markup
    overlay_chart: Markup


class IndexContext(PageContext):
    view: IndexView
    team_chart: Markup


def _page(title: str) -> PageContext:
    css = Markup(get_env().get_template("report.css").render())  # static: no user text
    return PageContext(page_title=title, css=css, index_href=f"{INDEX}.html",
                       generator=f"processwalk {__version__}; graphviz {diagram.graphviz_version()}")


def process_page(view: ProcessView, calibration: str = "") -> str:
    svg = diagram.svg(view.walk.process, view.heat, {s: v.visits for s, v in view.walk.steps.items()})
    context = ProcessContext(
        **_page(view.title),
        view=view,
        diagram=Markup(svg.markup),  # built and checked by processwalk.render.diagram
        diagram_scroll=svg.width_pt > FIT_WIDTH_PT,
        team_chart=Markup(team_chart(view.walk)),
        distribution_chart=Markup(distribution_chart(view.walk, view.units)),
        calibration=Markup(calibration),  # rendered autoescaped by processwalk.render.calibration
        whatif_chart=Markup(whatif_view.lead_chart(view.whatif) if view.whatif else ""),  # labels escaped by charts
        overlay_chart=Markup(whatif_view.overlay_chart(view.whatif) if view.whatif else ""),
    )
    return get_env().get_template("process.html.j2").render(context)


def index_page(view: IndexView, portfolio: Portfolio) -> str:
    context = IndexContext(**_page("Process portfolio"), view=view,
                           team_chart=Markup(portfolio_team_chart(portfolio)))
    return get_env().get_template("index.html.j2").render(context)


def team_chart(walk: Walk) -> str:
    loaded = [t for t in walk.teams.values() if t.utilization is not None]
    if not loaded:
        return ""
    rows = [charts.Bar(_team_name(walk.process, t.team), t.utilization or 0.0,
                       f"{pct(t.utilization)} of {big(t.capacity_h_per_day)} h", _tone(t.utilization or 0.0),
                       f"{big(t.load_h_per_day)} of {big(t.capacity_h_per_day)} staff-hours a day")
            for t in sorted(loaded, key=lambda t: (-(t.utilization or 0.0), t.team))]
    return charts.bars(rows, title="Team utilization", maximum=1.0,
                       markers=[charts.Marker(0.85, "85%", "warn"), charts.Marker(1.0, "100%", "bad")])


def portfolio_team_chart(portfolio: Portfolio) -> str:
    loaded = [t for t in portfolio.teams.values() if t.utilization is not None]
    rows = [charts.Bar(t.team.name, t.utilization or 0.0, f"{pct(t.utilization)} of {big(t.capacity_h_per_day)} h",
                       _tone(t.utilization or 0.0), f"used by {', '.join(t.processes)}")
            for t in sorted(loaded, key=lambda t: (-(t.utilization or 0.0), t.team.id))]
    if not rows:
        return ""
    return charts.bars(rows, title="Team utilization across processes", maximum=1.0,
                       markers=[charts.Marker(0.85, "85%", "warn"), charts.Marker(1.0, "100%", "bad")])


def distribution_chart(walk: Walk, units: PageUnits | None = None) -> str:
    sim, process = walk.simulation, walk.process
    if not all(math.isfinite(x) for x in (sim.p50_h, sim.p85_h, sim.p95_h)):
        return ""
    shown = units or PageUnits()

    def hours(value: float | None) -> str:  # every time on the chart is a lead time
        return shown.show(value, LEAD)

    markers = [charts.Marker(walk.figures.lead_time_h, f"mean {hours(walk.figures.lead_time_h)}", "ok")]
    if process.sla_h is not None:
        markers.append(charts.Marker(process.sla_h, f"promise {hours(process.sla_h)}", "bad"))
    bins = _bins(walk)
    if bins:
        percentiles = [charts.Marker(v, f"{name} {hours(v)}") for name, v in
                       (("p50", sim.p50_h), ("p85", sim.p85_h), ("p95", sim.p95_h))]
        top = bins[-1].high
        axis = [(top * i / 4, hours(top * i / 4)) for i in range(5)]
        last = bins[-1]
        overflow = f"last bar: {hours(last.low)} and longer, {pct(last.count / total)} of cases" if (
            total := sum(b.count for b in bins)) else ""
        return charts.histogram(bins, title="Simulated lead time of each case",
                                markers=[*percentiles, *markers], axis=axis, overflow=overflow)
    return charts.spread(p50=sim.p50_h, p85=sim.p85_h, p95=sim.p95_h, title="Simulated lead time",
                         markers=markers, fmt={sim.p50_h: hours(sim.p50_h), sim.p85_h: hours(sim.p85_h),
                                               sim.p95_h: hours(sim.p95_h)})


def _bins(walk: Walk) -> list[charts.Bin]:
    """The simulated lead times as bins (none when the simulation was skipped)."""
    return [charts.Bin(lo, hi, n) for lo, hi, n in walk.simulation.histogram]


def render(assessment: Assessment, calibrations: Mapping[str, str] | None = None,
           evaluation: Evaluation | None = None, suggestion: Suggestion | None = None) -> dict[str, str]:
    """Every page of the report: file name -> HTML.  ``calibrations`` maps a process id to its
    "declared vs actual" section; ``evaluation`` gives the "What if" sections and the waits taken apart;
    ``suggestion`` the ranked moves (each hotspot's remedy and the index's best moves)."""
    names, extra = slugs(assessment.walks), calibrations or {}
    currency, unit = assessment.config.display.currency, assessment.config.display.unit

    def worth(p: Assessed) -> Mapping[tuple[str, str, str], str] | None:  # in the units of p's page
        return moves_view.worths(suggestion, currency, page_units([p.walk], evaluation, unit)) if suggestion else None

    pages = {f"{names[p.id]}.html": process_page(process_view(assessment, p, names[p.id], evaluation, worth(p)),
                                                 extra.get(p.id, ""))
             for p in assessment.processes}
    pages[f"{INDEX}.html"] = index_page(index_view(assessment, names, evaluation, suggestion),
                                        assessment.portfolio)
    return pages
