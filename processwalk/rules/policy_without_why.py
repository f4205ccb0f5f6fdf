"""A policy the process follows has no stated ``why`` or no ``owner``.

Why it matters: a policy nobody can explain cannot be defended or changed;
front-line staff apply it and the customer hears "those are the rules".  Every
policy needs a reason and someone who answers for it.  The impact counted is
the policy's own friction (the process with it against the process without it).

Thresholds: none.

Remedy: remove the policy (``remove-policy``), exactly as its friction is measured.

Failing::

    policies:
      company-driver-only: {title: Deliveries only with a company driver}
    deliver: {team: back, policy: company-driver-only, next: done}

Passing::

    policies:
      company-driver-only: {title: Deliveries only with a company driver, owner: Head of Logistics,
                            why: Insurance covers our drivers only}
    deliver: {team: back, policy: company-driver-only, next: done}
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from processwalk.findings import Finding
from processwalk.formatting import added
from processwalk.rule_defaults import RULES
from processwalk.rules.base import adds_hours, finding, friction_impact, hours, process_owner, used_policies

if TYPE_CHECKING:
    from processwalk.analysis.walk import Walk
    from processwalk.config import RuleSettings

ID = "policy-without-why"
SEVERITY, DEFAULTS = RULES[ID]


def check(walk: Walk, settings: RuleSettings) -> Iterator[Finding]:
    unit = settings.unit
    process = walk.process
    for policy in used_policies(process):
        missing = [k for k in ("why", "owner") if getattr(policy, k) is None]
        if not missing:
            continue
        friction = walk.policies[policy.id]
        ask = policy.owner or process_owner(process)
        yield finding(
            walk, sys.modules[__name__], settings, place="policy", at=policy.id, location=policy.location,
            message=f"policy '{policy.title}' has no {' and no '.join(missing)}; "
                    f"it {_adds(friction.lead_time_h, friction.refusals, unit)}",
            why=f"Why do we follow '{policy.title}', which {adds_hours(friction.lead_time_h, unit=unit)} per case "
                f"{'to' if friction.lead_time_h >= 0 else 'in'} '{process.title}', when nobody has written down why{' or who owns it' if 'owner' in missing else ''}?",
            ask=ask,
            evidence={"missing": ", ".join(missing), "lead_time_added_h": friction.lead_time_h,
                      "refusals_added": friction.refusals},
            impact=friction_impact(walk, policy.id),
        )


def _adds(lead_h: float, refusals: float, unit: str | None) -> str:
    """'adds 2.0d and 0.10 refusals per case'; a figure the policy takes away is one it saves."""
    if lead_h >= 0 and refusals >= 0:
        return f"adds {hours(lead_h, unit=unit)} and {refusals:.2f} refusals per case"
    return f"{adds_hours(lead_h, unit=unit)} and {added(refusals, f'{abs(refusals):.2f} refusals')} per case"
