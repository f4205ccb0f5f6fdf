from __future__ import annotations

import itertools

import pytest

from processwalk.analysis.paths import likely_paths, slowest_likely_path, walk_paths

from .conftest import ProcessFrom

approx = pytest.approx

LOOP = """
process: paths
start: a
steps:
  a:
    team: front
    work: 1h
    next:
      - {to: b, p: 0.7}
      - {to: c, p: 0.3}
  b:
    team: back
    wait: 1d
    next:
      - {to: done, p: 0.8}
      - {to: a, p: 0.2, refusal: true}
  c: {team: front, wait: 2h, next: done}
  done: {kind: end}
"""


def test_most_likely_paths_in_order(process_from: ProcessFrom) -> None:
    paths = likely_paths(process_from(LOOP), k=4)
    # a-b-done 0.7 * 0.8 = 0.56; a-c-done 0.3; a-b-a-b-done 0.7 * 0.2 * 0.7 * 0.8 = 0.0784;
    # a-b-a-c-done 0.7 * 0.2 * 0.3 = 0.042
    assert [p.steps for p in paths] == [("a", "b", "done"), ("a", "c", "done"),
                                        ("a", "b", "a", "b", "done"), ("a", "b", "a", "c", "done")]
    assert [p.probability for p in paths] == [approx(0.56), approx(0.3), approx(0.0784), approx(0.042)]
    # times: 1h + 24h; 1h + 2h; 2 * 25h; 1h + 24h + 1h + 2h
    assert [p.time_h for p in paths] == [approx(25), approx(3), approx(50), approx(28)]
    assert paths[2].branches[1].refusal and paths[0].end == "done"


def test_slowest_likely_path(process_from: ProcessFrom) -> None:
    process = process_from(LOOP)
    # paths of at least 1%: the two-round path (0.0784, 50h) and three rounds 0.7^3 0.2^2 0.8 = 0.01098, 75h
    slowest = slowest_likely_path(process)
    assert slowest is not None and slowest.time_h == approx(75) and slowest.probability == approx(0.010976)
    # at 5%, the two-round path
    assert slowest_likely_path(process, threshold=0.05).time_h == approx(50)  # type: ignore[union-attr]
    # nothing is that likely: the slowest of the 2 most likely
    assert slowest_likely_path(process, threshold=0.9, k=2).time_h == approx(25)  # type: ignore[union-attr]


def test_probabilities_of_all_paths_sum_to_one(process_from: ProcessFrom) -> None:
    total = sum(p.probability for p in itertools.islice(walk_paths(process_from(LOOP), max_length=60), 2000))
    assert total == approx(1.0, abs=1e-6)


def test_paths_stop_at_the_length_bound(process_from: ProcessFrom) -> None:
    paths = list(walk_paths(process_from(LOOP), max_length=3))
    assert [p.steps for p in paths] == [("a", "b", "done"), ("a", "c", "done")]
    assert list(walk_paths(process_from(LOOP), max_expansions=1)) == []


def test_a_process_that_starts_at_its_end(process_from: ProcessFrom) -> None:
    process = process_from("""
        process: empty
        start: done
        steps:
          done: {kind: end}
        """)
    assert [p.steps for p in likely_paths(process)] == [("done",)]
