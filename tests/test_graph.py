from __future__ import annotations

from pathlib import Path

from processwalk import graph
from processwalk.errors import Location
from processwalk.model import Branch, Catalog, Process, Step
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


# -- hand-built processes -------------------------------------------------------------------------

def make(start: str, steps: dict[str, list[tuple[str, float]]], ends: tuple[str, ...] = ("end",),
         refusals: frozenset[tuple[str, str]] = frozenset()) -> Process:
    """A process of the given branches (``refusals``: the branches that are refusals) and end steps."""
    here = Location("p.yaml", 1, 1)
    built = {s: Step(s, s, "task", here, next=tuple(Branch(t, p, here, refusal=(s, t) in refusals)
                                                    for t, p in out)) for s, out in steps.items()}
    built.update({e: Step(e, e, "end", here) for e in ends})
    return Process("p", "P", "p.yaml", here, start, built, Catalog())


# a -> b, c;  b -> d;  c -> b, e;  d -> a (back), end;  e -> end
LOOPED = make("a", {"a": [("b", 0.5), ("c", 0.5)], "b": [("d", 1.0)], "c": [("b", 0.3), ("e", 0.7)],
                    "d": [("a", 0.2), ("end", 0.8)], "e": [("end", 1.0)]})
# s -> t, u;  t <-> u and nothing else: the loop t, u has no way out; v is never reached
TRAPPED = make("s", {"s": [("t", 0.5), ("u", 0.5)], "t": [("u", 1.0)], "u": [("t", 1.0)],
                     "v": [("end", 1.0)]})


def test_links_are_the_targets_that_are_steps() -> None:
    process = make("a", {"a": [("b", 0.5), ("nowhere", 0.5)], "b": [("end", 1.0)]})
    assert graph.links(process) == {"a": ("b",), "b": ("end",), "end": ()}


def test_adjacency_and_backward_keep_the_order_of_the_edges() -> None:
    assert graph.adjacency([("a", "b"), ("a", "c"), ("b", "c")]) == {"a": ["b", "c"], "b": ["c"]}
    assert graph.backward({"a": ["b", "c"], "b": ["c"]}) == {"b": ["a"], "c": ["a", "b"]}


def test_reach_and_reaching_follow_the_links_forward_and_backward() -> None:
    forward = graph.links(TRAPPED)
    assert graph.reach(["s"], forward) == {"s", "t", "u"}
    assert graph.reach(["v", "t"], forward) == {"v", "t", "u", "end"}
    assert graph.reaching(["end"], forward) == {"v", "end"}
    assert graph.reaching(["u"], forward) == {"s", "t", "u"}


def test_leads_to_stops_at_the_target_and_counts_the_source_itself() -> None:
    edges = {"a": ["b"], "b": ["gone"], "c": ["a"]}
    assert graph.leads_to(edges, "a", "gone") and graph.leads_to(edges, "c", "c")
    assert not graph.leads_to(edges, "a", "c")


def test_finishing_and_trapped_steps() -> None:
    assert graph.finishing(TRAPPED, graph.links(TRAPPED)) == {"v", "end"}
    assert graph.trapped(TRAPPED) == {"s", "t", "u"}
    assert graph.trapped(LOOPED) == set()


def test_distances_count_the_links_of_a_shortest_way() -> None:
    assert graph.distances("a", lambda s: graph.links(LOOPED)[s]) == {"a": 0, "b": 1, "c": 1, "d": 2, "e": 2,
                                                                      "end": 3}


def test_in_walking_order_is_breadth_first_with_each_nodes_ways() -> None:
    asked: list[str] = []

    def exits(step: str) -> list[Branch]:
        asked.append(step)
        return list(LOOPED.steps[step].next)

    order = graph.in_walking_order("a", exits, lambda b: b.to)
    assert [(s, [b.to for b in ways]) for s, ways in order] == [
        ("a", ["b", "c"]), ("b", ["d"]), ("c", ["b", "e"]), ("d", ["a", "end"]), ("e", ["end"]), ("end", [])]
    assert asked == ["a", "b", "c", "d", "e", "end"]  # once each


def test_shortest_cycle_is_the_shortest_way_back_without_the_return() -> None:
    edges = {"a": ("b", "c"), "b": ("d",), "c": ("a",), "d": ("a",)}
    assert graph.shortest_cycle("a", edges) == ["a", "c"]
    assert graph.shortest_cycle("b", edges) == ["b", "d", "a"]
    assert graph.shortest_cycle("a", {"a": ("b",), "b": ()}) == []


def test_loops_give_one_cycle_from_the_first_step_in_the_file_and_the_whole_loop() -> None:
    trapped = {s: t for s, t in graph.links(TRAPPED).items() if s in graph.trapped(TRAPPED)}
    assert list(graph.loops(TRAPPED.steps, trapped)) == [(["t", "u"], {"t", "u"})]
    # a step alone without a branch to itself is no loop
    assert list(graph.loops(["x"], {"x": ()})) == []


def test_downstream_first_lists_the_components_sorted_those_downstream_first() -> None:
    # x -> y <-> z -> w: w comes first, then {y, z}, then x
    edges = [("x", "y"), ("y", "z"), ("z", "y"), ("z", "w")]
    assert graph.downstream_first(["x", "y", "z", "w"], edges) == [["w"], ["y", "z"], ["x"]]


def test_components_number_the_loops() -> None:
    numbers = graph.components(graph.build(LOOPED))
    # a -> b -> d -> a and a -> c -> b: a, b, c, d are one loop; e and end are alone
    assert len(set(numbers.values())) == 3
    assert {s for s, n in numbers.items() if n == numbers["a"]} == {"a", "b", "c", "d"}
    assert numbers["e"] != numbers["end"]


def test_breadth_first_shortest_path_and_reached_within_on_the_networkx_graph() -> None:
    g = graph.build(LOOPED)
    assert graph.breadth_first(g, "a") == ["a", "b", "c", "d", "e", "end"]
    assert graph.breadth_first(g, "e") == ["e", "end"]
    assert graph.shortest_path(g, "c", "a") == ["c", "b", "d", "a"]
    assert graph.reached_within(g, "a", ["a", "c", "e", "end"]) == {"c", "e", "end"}
    assert graph.reached_within(g, "a", ["a", "b"]) == {"b"}


def test_back_edges_and_back_branches_of_the_depth_first_walk() -> None:
    # depth first a, b, d: d -> a goes back to an open step; c -> b goes to a finished one
    assert graph.back_edges(LOOPED) == {("d", "a")}
    assert [(s.id, b.to) for s, b in graph.back_branches(LOOPED)] == [("d", "a")]
    # two branches to the same open step: one edge, two branches; a step the start does not reach
    # is walked from by back_edges (in file order) but not by back_branches
    twice = make("a", {"a": [("b", 1.0)], "b": [("a", 0.5), ("a", 0.25), ("end", 0.25)],
                       "x": [("y", 1.0)], "y": [("x", 1.0)]})
    assert graph.back_edges(twice) == {("b", "a"), ("y", "x")}
    assert [(s.id, b.to, b.p) for s, b in graph.back_branches(twice)] == [("b", "a", 0.5), ("b", "a", 0.25)]


def test_targets_are_steps_each_once_in_branch_order() -> None:
    process = make("a", {"a": [("end", 0.25), ("b", 0.25), ("end", 0.25), ("gone", 0.25)], "b": [("end", 1.0)]})
    assert list(graph.targets(process, "a")) == ["end", "b"]
