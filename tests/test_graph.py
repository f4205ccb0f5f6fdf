from __future__ import annotations

from pathlib import Path

from processwalk import graph
from processwalk.project import load_paths

PROCESS = """\
process: p
start: check
teams: {back: {}}
policies: {proof: {title: Proof}}
steps:
  check:
    team: back
    next:
      - {to: done, p: 0.7}
      - {to: check, p: 0.2, refusal: true, policy: proof}
      - {to: check, p: 0.1}
  done: {kind: end}
"""


def test_steps_are_nodes_and_branches_are_edges(tmp_path: Path) -> None:
    (tmp_path / ".processwalk.yaml").write_text("{}\n")
    (tmp_path / "p.yaml").write_text(PROCESS)
    [process] = load_paths([str(tmp_path)]).processes
    g = graph.build(process)
    assert list(g.nodes) == ["check", "done"]
    assert (g.nodes["check"]["team"], g.nodes["done"]["kind"]) == ("back", "end")
    assert g.edges["check", "done"]["p"] == 0.7 and not g.edges["check", "done"]["refusal"]
    # two branches to the same step share one edge: probabilities add, the refusal part is kept apart
    loop = g.edges["check", "check"]
    assert (round(loop["p"], 12), loop["p_refusal"], loop["refusal"], loop["policy"]) == (0.3, 0.2, True, "proof")
    assert len(loop["branches"]) == 2
