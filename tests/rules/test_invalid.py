from __future__ import annotations

from pathlib import Path

from processwalk.assess import assess
from processwalk.config import load_config
from tests.rules.conftest import TODAY


def test_problems_become_invalid_findings(tmp_path: Path) -> None:
    (tmp_path / ".processwalk.yaml").write_text("{}\n")
    path = tmp_path / "p.yaml"
    path.write_text("process: p\nstart: a\nsteps:\n  a: {team: nobody, next: done}\n  done: {kind: end}\n")
    result = assess([str(path)], load_config(None, TODAY))
    [finding] = result.findings
    assert (finding.rule, finding.severity, finding.location.line, finding.location.column) == \
        ("invalid", "error", 4, 13)
    assert finding.message == ("unknown team 'nobody'; no teams are defined; define it under 'teams:' in a "
                               "catalog file or in the process")
    assert result.walks == ()
