"""Structural rules of a whole process: every step reached, every step can finish, loops have a way out."""
from __future__ import annotations

import textwrap

from processwalk import build, validate
from processwalk.load import Map, load
from processwalk.model import Catalog
from processwalk.read import Reader

HEAD = "process: p\nstart: a\nteams: {t: {name: T}}\nsteps:\n"
NO_WAY_OUT = "has no way out; give one of its steps a branch that leads to an end step"


def check(steps: str, rule_ids: tuple[str, ...] = ()) -> list[str]:
    """The structural problems of a process with ``steps`` (they start at line 5, indented two spaces)."""
    root = load("f.yaml", (HEAD + textwrap.indent(textwrap.dedent(steps), "  ")).encode()).root
    assert isinstance(root, Map)
    reader = Reader("f.yaml")
    process = build.read_process(reader, root, Catalog())
    assert process is not None
    return [str(p) for p in [*reader.problems, *validate.check(process, rule_ids)]]


def error(line: int, message: str, column: int = 3) -> str:
    return f"f.yaml:{line}:{column}: [error] {message} (invalid)"


def test_a_valid_walk_with_a_loop_that_has_a_way_out() -> None:
    assert check("""\
        a: {team: t, next: b}
        b: {team: t, next: [{to: a, p: 0.2}, {to: c}]}
        c: {kind: end}
        """) == []


def test_a_step_never_reached() -> None:
    assert check("""\
        a: {team: t, next: c}
        b: {team: t, next: c}
        c: {kind: end}
        """) == [error(6, "step 'b' is never reached from the start step 'a'; send a branch to it or remove it")]


def test_a_loop_without_a_way_out_is_named_in_walking_order_from_its_first_step() -> None:
    assert check("""\
        a: {team: t, next: [{to: d, p: 0.5}, {to: e}]}
        b: {team: t, next: d}
        c: {team: t, next: b}
        d: {team: t, next: c}
        e: {kind: end}
        """) == [error(6, f"the loop b -> d -> c -> b {NO_WAY_OUT}")]


def test_steps_that_loop_on_themselves() -> None:
    assert check("""\
        a: {team: t, next: [{to: a, p: 0.5}, {to: b}]}
        b: {team: t, next: b}
        c: {kind: end}
        """) == [
        error(5, f"the loop a -> a {NO_WAY_OUT}"),  # its way out leads into b, which is stuck too
        error(6, f"the loop b -> b {NO_WAY_OUT}"),
        error(7, "step 'c' is never reached from the start step 'a'; send a branch to it or remove it"),
    ]


def test_every_step_of_a_tangled_loop_is_the_loop_not_a_dead_end() -> None:
    # b, c, d reach each other but not the end: one loop, named by one cycle through b
    assert check("""\
        a: {team: t, next: [{to: b, p: 0.5}, {to: e}]}
        b: {team: t, next: [{to: c, p: 0.5}, {to: d}]}
        c: {team: t, next: b}
        d: {team: t, next: c}
        e: {kind: end}
        """) == [error(6, f"the loop b -> c -> b {NO_WAY_OUT}")]


def test_two_loops_one_after_the_other_are_both_reported() -> None:
    assert check("""\
        a: {team: t, next: [{to: b, p: 0.5}, {to: e}]}
        b: {team: t, next: [{to: c, p: 0.5}, {to: d}]}
        c: {team: t, next: b}
        d: {team: t, next: d}
        e: {kind: end}
        """) == [error(6, f"the loop b -> c -> b {NO_WAY_OUT}"), error(8, f"the loop d -> d {NO_WAY_OUT}")]


def test_a_process_without_an_end_step() -> None:
    assert check("""\
        a: {team: t, next: b}
        b: {team: t, next: a}
        """) == [error(1, "process 'p' has no end step; add a step with 'kind: end' where the case finishes", 10)]


def test_a_broken_next_does_not_also_make_the_steps_after_it_unreached_or_stuck() -> None:
    assert check("""\
        a: {team: t, next: bb}
        b: {team: t, next: c}
        c: {kind: end}
        """) == [error(5, "step 'a' goes to unknown step 'bb'; did you mean 'b'?", 22)]


def test_answers_name_known_rules_and_places() -> None:
    root = load("f.yaml", (HEAD + "  a: {kind: end}\nanswers:\n  - {rule: ping-pnog, at: nowhere, why: x, owner: O, until: 2027-01-01}\n"
                           "  - {rule: ping-pong, at: a, why: ok, owner: O, until: 2027-01-01}\n").encode()).root
    assert isinstance(root, Map)
    process = build.read_process(Reader("f.yaml"), root, Catalog())
    assert process is not None
    assert [str(p) for p in validate.check(process, ("ping-pong", "long-wait"))] == [
        error(7, "answer at unknown place 'nowhere'; 'at' is a step, policy or team id, a branch 'step->target' "
                 "or the process id", 5),
        error(7, "answer for unknown rule 'ping-pnog'; did you mean 'ping-pong'?", 5),
    ]


def test_a_step_that_only_leads_into_a_stuck_loop() -> None:
    assert check("""\
        a: {team: t, next: [{to: b, p: 0.5}, {to: d}]}
        b: {team: t, next: c}
        c: {team: t, next: c}
        d: {kind: end}
        """) == [
        error(6, "no path leads from step 'b' to an end step; every step must be able to finish the case"),
        error(7, f"the loop c -> c {NO_WAY_OUT}"),
    ]


def test_a_loop_with_two_paths_through_it_is_named_by_its_shortest_cycle() -> None:
    assert check("""\
        a: {team: t, next: [{to: b, p: 0.5}, {to: f}]}
        b: {team: t, next: [{to: c, p: 0.5}, {to: d}]}
        c: {team: t, next: e}
        d: {team: t, next: e}
        e: {team: t, next: b}
        f: {kind: end}
        """) == [error(6, f"the loop b -> c -> e -> b {NO_WAY_OUT}")]
