from __future__ import annotations

from pathlib import Path

from tests.rules.conftest import run
from tests.rules.test_rubber_stamp import PROCESS

ANSWERS = """\
answers:
  - {rule: rubber-stamp, at: approve, why: SOX control 4.2, owner: Controller, until: %s}
  - {rule: long-wait, at: call, why: nothing waits there, owner: Nobody, until: 2027-06-30}
"""


def test_current_answer_marks_the_finding(tmp_path: Path) -> None:
    result = run(tmp_path, PROCESS.format(p=0.98) + ANSWERS % "2027-06-30")
    [finding] = [f for f in result.findings if f.rule == "rubber-stamp"]
    assert finding.answered and finding.answer is not None
    assert (finding.answer.why, finding.answer.owner) == ("SOX control 4.2", "Controller")
    assert result.findings[-1] == finding  # answered findings rank last
    [unmatched] = result.unmatched
    assert (unmatched.answer.rule, unmatched.answer.at, unmatched.expired) == ("long-wait", "call", False)


def test_expired_answer_counts_again(tmp_path: Path) -> None:
    result = run(tmp_path, PROCESS.format(p=0.98) + ANSWERS % "2025-12-31")
    [finding] = [f for f in result.findings if f.rule == "rubber-stamp"]
    assert not finding.answered
    assert [(u.answer.rule, u.expired) for u in result.unmatched] == [("rubber-stamp", True), ("long-wait", False)]
