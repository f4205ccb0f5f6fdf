"""The machine-readable calibration (``calibrate --format json``)."""
from __future__ import annotations

import math
from typing import Any

from processwalk.eventlog import summary
from processwalk.eventlog.calibrate import BAND_NAMES, Calibration, OpenWork, Pair, StepFit

JSON = dict[str, Any]


def to_json(c: Calibration) -> JSON:
    """The machine-readable calibration: durations in hours (``_h``) or days (``_d``), shares 0..1,
    each compared figure as ``{"declared": x, "observed": y}``, null where unknown."""
    declared, observed = c.lead_time
    p = c.performers
    return {
        "process": c.process.id, "file": c.process.file, "log": c.log,
        "cases": c.cases, "events": c.events, "closed_cases": c.closed, "open_cases": c.open,
        "as_of": c.as_of.isoformat(), "fit": c.fit, "fitting_cases": c.fitting,
        "mapping": {"steps": dict(c.mapping.steps), "ignored": list(c.mapping.ignored),
                    "unmapped": list(c.mapping.unmapped), "unrecorded_steps": list(c.unrecorded)},
        "figures": {
            "lead_time_h": _pair(declared.mean_h, observed.mean_h),
            "lead_time_p50_h": _pair(declared.p50_h, observed.p50_h),
            "lead_time_p85_h": _pair(declared.p85_h, observed.p85_h),
            "lead_time_p95_h": _pair(declared.p95_h, observed.p95_h),
            "share_over_sla": _pair(declared.over_sla, observed.over_sla),
            "handoffs": _json_pair(c.handoffs), "ping_pong": _json_pair(c.ping_pong),
            "refusals": _json_pair(c.refusals), "repeat_contacts": _json_pair(c.repeat_contacts),
            "demand_per_day": _json_pair(c.demand_per_day),
            "pingpong_cases": c.pingpong_cases, "return_cases": c.return_cases,
        },
        "log_handovers": {"by": p.by, "pairs": p.pairs, "handoffs": p.handoffs,
                          "handoffs_per_case": p.handoffs / c.cases if c.cases else None,
                          "indirect_handoffs_per_case": _indirect(p) / c.cases if c.cases else None,
                          "pingpong_cases": p.pingpong_cases / c.cases if c.cases else None,
                          "return_cases": p.return_cases / c.cases if c.cases else None},
        "steps": {s.step: _step_json(s) for s in c.steps},
        "branches": [{"from": b.source, "to": b.target, "declared_p": b.declared_p,
                      "observed_p": b.observed_p, "taken": b.count, "refusal": b.refusal} for b in c.branches],
        "backlog": {w.step: _open_json(w) for w in c.open_work},
        "conformance": {
            "fit": c.fit, "fitting_cases": c.fitting,
            "undeclared": [{"from": t.source, "to": t.target, "count": t.count, "cases": t.cases,
                            "examples": list(t.examples)} for t in c.undeclared],
            "never_seen": list(c.never_seen),
        },
    }


def _indirect(p: summary.Handovers) -> int:
    """Indirect handoffs: work going from one performer to another with one step between them."""
    return sum(edge.indirect for edge in p.edges if edge.source != edge.target)


def _pair(declared: float | None, observed: float | None) -> JSON:
    return {"declared": _number(declared), "observed": _number(observed)}


def _json_pair(pair: Pair) -> JSON:
    return _pair(pair.declared, pair.observed)


def _step_json(s: StepFit) -> JSON:
    return {"activities": list(s.activities), "recorded": s.recorded, "visits": _json_pair(s.visits),
            "wait_h": _json_pair(s.wait_h), "work_h": _json_pair(s.work_h), "waits_seen": s.waits_seen,
            "departures": s.departures, "refusal": _json_pair(s.refusal) if s.refusal else None}


def _open_json(w: OpenWork) -> JSON:
    d = w.declared
    return {"open": w.open, "median_age_d": _days(w.median_age_h), "p90_age_d": _days(w.p90_age_h),
            "oldest_d": _days(w.oldest_h), "bands": dict(zip(BAND_NAMES, w.bands)),
            "declared": None if d is None else {
                "open": d.open, "oldest_d": _days(d.oldest_h), "median_age_d": _days(d.median_age_h),
                "as_of": d.as_of.isoformat() if d.as_of else None}}


def _days(hours: float | None) -> float | None:
    return None if hours is None else hours / 24


def _number(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None
