from __future__ import annotations

import datetime as dt
from pathlib import Path

from processwalk.errors import Location
from processwalk.findings import Finding
from processwalk.model import Answer
from processwalk.render import github
from processwalk.render.problems import Report

FILE = "processes/billing-credit.yaml"


def finding(severity: str, message: str, *, line: int = 8, why: str = "", rule: str = "handoff-chain",
            answer: Answer | None = None) -> Finding:
    return Finding(rule, severity, "billing-credit", "process", "billing-credit", Location(FILE, line, 3), message,
                   why, answer=answer)


def test_exact_annotations(tmp_path: Path) -> None:
    answer = Answer("approval-stack", "billing-credit", "Required by SOX", Location(FILE, 40, 5), "Controller",
                    dt.date(2027, 6, 30))
    report = Report((
        finding("error", "lead time 44.1d against 10.0d", why="Why do we promise 10.0d?", rule="sla-breach"),
        finding("warning", "4.20 handoffs per case", line=0),
        finding("info", "policy has no why", rule="policy-without-why"),
        finding("warning", "1.35 approvals per case", rule="approval-stack", answer=answer),
    ))
    root = str(Path.cwd())
    assert github.render(report, root=root) == (
        "::error file=processes/billing-credit.yaml,line=8,col=3,title=sla-breach (billing-credit)"
        "::lead time 44.1d against 10.0d%0AWhy do we promise 10.0d?\n"
        "::warning file=processes/billing-credit.yaml,title=handoff-chain (billing-credit)"
        "::4.20 handoffs per case\n"
        "::notice file=processes/billing-credit.yaml,line=8,col=3,title=policy-without-why (billing-credit)"
        "::policy has no why\n"
    )
    assert github.render(report, root=root, show_answered=True).endswith(
        "processes/billing-credit.yaml:8:3: [warning] 1.35 approvals per case (approval-stack) "
        "answered: Required by SOX\n")


def test_escaping_follows_the_workflow_command_rules() -> None:
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    odd = Finding("x:y,z", "error", "p", "step", "s", Location("a,b:c.yaml", 1, 1), "50% of cases\nloop", "")
    assert github.annotation(odd, ".") == ("::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=x%3Ay%2Cz (p)"
                                           "::50%25 of cases%0Aloop")


def test_only_ten_per_level_then_says_how_many_more() -> None:
    report = Report(tuple(finding("error", f"e{n}", line=n + 1) for n in range(12))
                    + tuple(finding("warning", f"w{n}", line=n + 1) for n in range(3)))
    out = github.render(report, root=".").splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum(line.startswith("::warning ") for line in out) == 3
    assert out[10:12] == [
        "processes/billing-credit.yaml:11:3: [error] e10 (handoff-chain)",
        "processes/billing-credit.yaml:12:3: [error] e11 (handoff-chain)",
    ]
    assert out[-1] == ("processwalk: 2 more error(s) not annotated: GitHub shows 10 annotations per level in a "
                       "step; they are listed above and in the step summary")


def test_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    inside = finding("error", "m")
    moved = Finding(**{**inside.__dict__, "location": Location(str(tmp_path / "sub" / "a.yaml"), 2, 1)})
    assert github.annotation(moved, str(tmp_path)).startswith("::error file=sub/a.yaml,line=2,col=1,")


def test_answered_findings_are_not_annotated() -> None:
    answer = Answer("handoff-chain", "billing-credit", "ok", Location(FILE, 1, 1), "Ops", dt.date(2030, 1, 1))
    assert github.render(Report((finding("error", "m", answer=answer),)), root=".") == ""
