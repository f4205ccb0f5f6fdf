"""A declarative helper for rule tests, in the style of yamllint's ``check(source, problem=...)``."""
from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from processwalk.assess import Assessment, assess
from processwalk.config import load_config
from processwalk.findings import Finding

TODAY = dt.date(2026, 11, 24)
CATALOG = """\
teams:
  front: {name: Frontline, staff: 10, hours_per_day: 8, days_per_week: 5, hourly_cost: 30}
  back: {name: Back office, staff: 2, hours_per_day: 8, days_per_week: 5, hourly_cost: 40}
  leads: {name: Team leaders, staff: 1}
systems:
  crm: {name: CRM}
  billing: {name: Billing}
  ledger: {name: Ledger}
  usage: {name: Usage portal}
  dms: {name: Documents}
  phone: {name: Telephony}
policies:
  approval-rule: {title: Credits need approval, owner: Finance, why: Fraud control, reviewed: 2026-01-01, review_every: 52w}
"""

Check = Callable[..., list[Finding]]


def run(tmp_path: Path, process: str, *, catalog: str = CATALOG, config: str = "{}\n",
        extra: dict[str, str] | None = None, problems: bool = False) -> Assessment:
    (tmp_path / ".processwalk.yaml").write_text(config)
    (tmp_path / "catalog.yaml").write_text(catalog)
    (tmp_path / "p.yaml").write_text(textwrap.dedent(process))
    for name, text in (extra or {}).items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    result = assess([str(tmp_path)], load_config(str(tmp_path / ".processwalk.yaml"), TODAY), cases=2000)
    assert bool(result.loaded.problems) == problems, result.loaded.problems
    return result


@pytest.fixture
def check(tmp_path: Path) -> Check:
    """``check(process_yaml, rule) -> [findings of that rule]``."""

    def findings(process: str, rule: str, **kwargs: object) -> list[Finding]:
        result = run(tmp_path, process, **kwargs)  # type: ignore[arg-type]
        return [f for f in result.findings if f.rule == rule]

    return findings
