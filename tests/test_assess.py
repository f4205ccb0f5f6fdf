"""The shared pipeline: the same assessment in worker processes as in one, with or without walks."""
from __future__ import annotations

import datetime as dt

import pytest

from processwalk import parallel, project
from processwalk.assess import assess
from processwalk.config import load_config

TODAY = dt.date(2026, 11, 24)


def test_workers_give_the_same_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config("processes/.processwalk.yaml", TODAY)
    alone = assess(["processes"], config)
    monkeypatch.setattr(project, "FILES_PER_WORKER", 2)
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    shared = assess(["processes"], config)
    lean = assess(["processes"], config, walks=False)
    assert shared.findings == lean.findings == alone.findings
    assert shared.checked == lean.checked == alone.checked
    assert shared.unmatched == lean.unmatched == alone.unmatched
    assert shared.portfolio == lean.portfolio == alone.portfolio
    assert [w.figures for w in shared.walks] == [w.figures for w in alone.walks]
    assert [w.likely_paths for w in shared.walks] == [w.likely_paths for w in alone.walks]
    assert lean.walks == ()


def test_a_checked_process_lists_the_rules_that_ran_on_it() -> None:
    config = load_config("processes/.processwalk.yaml", TODAY)
    found = assess(["processes/refund-sendback.yaml"], config, walks=False)
    [checked] = found.checked
    assert checked.id == "refund-sendback" and checked.file == "processes/refund-sendback.yaml"
    assert checked.rules[0] == "invalid" and "refusal-loop" in checked.rules
    assert "unused-policy" in checked.rules  # a rule with a per-process and a portfolio check
