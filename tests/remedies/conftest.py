"""A helper for remedy tests: a small process, its finding of one rule, that finding's remedies, and
the what-if evaluation of each."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from processwalk.findings import Finding
from processwalk.remedies import REMEDIES, Context, Remedy
from processwalk.whatif import Evaluation, Side, customer_days_per_year, evaluate, gone_and_new
from tests.rules.conftest import run

CATALOG = """\
teams:
  front: {name: Frontline, staff: 10, hours_per_day: 8, days_per_week: 5, hourly_cost: 30}
  back: {name: Back office}
  leads: {name: Team leaders}
  desk: {name: Desk, staff: 1, hours_per_day: 24, days_per_week: 7}
  busy: {name: Busy team, staff: 4, hours_per_day: 8, days_per_week: 5, hourly_cost: 40}
policies:
  old-rule: {title: Everything is approved, reviewed: 2019-01-01, review_every: 52w}
"""


class Remedied(NamedTuple):
    finding: Finding
    remedies: list[Remedy]
    evaluation: Evaluation

    def side(self, n: int = 0) -> Side:
        return self.evaluation.scenarios[n]

    def saved_days(self, n: int = 0) -> float:
        """Customer-days a year the n-th remedy saves in the finding's process."""
        pid = self.finding.process
        before = customer_days_per_year(self.evaluation.baseline.walks[pid])
        after = customer_days_per_year(self.side(n).walks[pid])
        assert before is not None and after is not None
        return before - after

    def gone(self, n: int = 0) -> set[tuple[str, str]]:
        pid = self.finding.process
        gone, _ = gone_and_new(self.evaluation.baseline.findings[pid], self.side(n).findings[pid])
        return {(f.rule, f.at) for f in gone}

    def lead_h(self, n: int | None = None) -> float:
        side = self.evaluation.baseline if n is None else self.side(n)
        return side.walks[self.finding.process].figures.lead_time_h


@pytest.fixture
def remedied(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``remedied(process_yaml, rule, at=None, config=...)``: the finding, its remedies, evaluated."""

    def make(process: str, rule: str, at: str | None = None, config: str = "{}\n") -> Remedied:
        result = run(tmp_path, process, catalog=CATALOG, config=config)
        walks = {w.process.id: w for w in result.walks}
        processes = [w.process for w in result.walks]
        base = evaluate(processes, [], result.config, walks=walks).baseline
        [finding] = [f for f in result.findings if f.rule == rule and at in (None, f.at)]
        found = REMEDIES[rule].remedies(finding, Context(walks, base, result.config))
        evaluation = evaluate(processes, [r.scenario for r in found], result.config, walks=walks)
        assert not evaluation.problems, evaluation.problems
        return Remedied(finding, found, evaluation)

    return make
