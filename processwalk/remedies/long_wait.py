"""Remedy of ``long-wait`` whose wait is mostly policy part: the wait cut to its queueing part
(``spec/scenarios.md``: ``q = min(W, Wq)``, the rest is policy, batching or priority).  A wait that
is mostly queueing has none: more people are the remedy (``bottleneck``, ``processwalk staff``);
nor has a wait whose team declares no staff or whose process declares no demand."""
from __future__ import annotations

from processwalk.findings import Finding
from processwalk.remedies.base import Context, Remedy, remedy
from processwalk.yamltext import duration_text

RULE = "long-wait"


def remedies(finding: Finding, ctx: Context) -> list[Remedy]:
    step = ctx.step(finding)
    wait = ctx.baseline.waits[finding.process][step.id]
    if wait.queueing_h is None or wait.policy_h is None or wait.policy_h <= wait.queueing_h:
        return []
    cut = duration_text(wait.queueing_h)
    return [remedy(finding, f"cut-wait-{step.id}", f"'{step.name}' waits only for its queue: {cut}",
                   "cut the wait to its queue", [("wait", {step.id: cut})])]
