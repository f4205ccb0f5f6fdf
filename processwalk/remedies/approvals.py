"""The two remedies of an approval that decides little: remove it, or approve only a sampled share."""
from __future__ import annotations

from collections.abc import Sequence

from processwalk.findings import Finding
from processwalk.formatting import format_share
from processwalk.model import Step
from processwalk.remedies.base import Context, Remedy, remedy


def removed(finding: Finding, steps: Sequence[Step], ident: str, title: str, action: str) -> Remedy:
    """``remove:`` each of ``steps``: a case goes on as if each had passed it."""
    return remedy(finding, ident, title, action, [("remove", s.id) for s in steps])


def sampled(finding: Finding, steps: Sequence[Step], ctx: Context, ident: str, title: str) -> Remedy:
    """``automate:`` each of ``steps`` for all but the sampled share: those cases pass at once."""
    share = ctx.config.remedies.sampled_share
    note = (f"assumption: {format_share(share)} of cases sampled (remedies: sampled-share), the others "
            "pass at once; its refusals are kept as declared")
    return remedy(finding, ident, title, f"sample {format_share(share)} of cases",
                  [("automate", {"at": s.id, "share": 1 - share}) for s in steps], note)
