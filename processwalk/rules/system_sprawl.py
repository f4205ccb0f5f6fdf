"""A step uses more than ``step_max`` systems (default 3), or a case meets more than ``case_max`` (default 5).

Why it matters: an agent juggling many systems that barely talk to each other
re-keys data, loses time on every screen and makes mistakes the next desk sends
back.

Thresholds: ``step_max`` = 3 systems in one step; ``case_max`` = 5 systems met per case (expected).

Remedy: none; joining systems up is not a change of the what-if contract.

Failing (five systems on one step)::

    fix: {team: back, systems: [crm, billing, usage, provisioning, network-status], next: done}

Passing::

    fix: {team: back, systems: [crm, billing], next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.rule_defaults import RULES
from processwalk.rules.base import finding, process_owner, team_name, team_owner

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "system-sprawl"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    process = walk.process
    for step in process.steps.values():
        if len(step.systems) <= settings["step_max"]:
            continue
        names = ", ".join(process.systems[s].name if s in process.systems else s for s in step.systems)
        yield finding(
            walk, sys.modules[__name__], settings, place="step", at=step.id, location=step.location,
            message=f"'{step.name}' uses {len(step.systems)} systems: {names}",
            why=f"Why does {team_name(process, step)} need {len(step.systems)} systems ({names}) "
                f"to do '{step.name}'?",
            ask=team_owner(process, step),
            evidence={"systems": len(step.systems)},
        )
    met = walk.figures.systems_touched
    if met > settings["case_max"]:
        yield finding(
            walk, sys.modules[__name__], settings, place="process", at=process.id, location=process.location,
            message=f"a case meets {met:.1f} systems on its way",
            why=f"Why does a case of '{process.title}' go through {met:.1f} systems that do not share it?",
            ask=process_owner(process),
            evidence={"systems_touched": met},
        )
