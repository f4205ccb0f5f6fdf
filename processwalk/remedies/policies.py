"""The remedy of a policy nobody can defend: remove it (the process "without p" of policy friction)."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy


def without(finding: Finding, ctx: Context) -> list[Remedy]:
    policy = ctx.process(finding).policies[finding.at]
    return [remedy(finding, f"without-{policy.id}", f"Remove the policy '{policy.title}'", "remove this policy",
                   [("remove-policy", policy.id)])]
