"""Paths (variants): the most likely complete walks from the start to an end.

A path is a sequence of steps with the branch taken out of each; its
probability is the product of those branches' ``p`` and its time the sum of the
mean wait and work of every step on it (the end step included): the expected
lead time of a case given that it walks exactly this path.

Loops make infinitely many paths.  A best-first search pops partial paths in
order of decreasing probability (probabilities only shrink as a path grows, so
complete paths come out most likely first), never extends a path past
``max_length`` steps, and makes at most ``max_expansions`` partial paths in all, so that its time
and memory are bounded whatever the number of branches.

The **slowest likely path** is the path with the largest time among the paths
of probability >= ``threshold`` (1% by default).  Every partial path of
probability >= threshold is explored, at most ``1 / threshold`` per length, so
the search is bounded.  When no complete path is that likely (a process with
very many variants), it is the slowest of the ``k`` most likely.
"""
from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from processwalk.model import Branch, Process

THRESHOLD = 0.01
MAX_EXPANSIONS = 50_000


@dataclass(frozen=True)
class Path:
    steps: tuple[str, ...]
    #: the branch taken out of each step but the last (the end)
    branches: tuple[Branch, ...]
    probability: float
    time_h: float

    @property
    def end(self) -> str:
        return self.steps[-1]


class _Node(NamedTuple):
    step: str
    parent: _Node | None
    branch: Branch | None
    length: int
    time_h: float


def walk_paths(process: Process, *, min_probability: float = 0.0, max_length: int | None = None,
               max_expansions: int = MAX_EXPANSIONS) -> Iterator[Path]:
    """Complete paths in order of decreasing probability (see the module doc)."""
    limit = max_length or max(50, 3 * len(process.steps))
    steps = process.steps
    tick = itertools.count()
    start = steps[process.start]
    heap = [(-1.0, next(tick), _Node(start.id, None, None, 1, start.wait.mean + start.work.mean))]
    made = 1
    while heap:
        minus_p, _tick, node = heapq.heappop(heap)
        if steps[node.step].is_end:
            yield _path(node, -minus_p)
            continue
        if node.length >= limit:
            continue
        for b in steps[node.step].next:
            p = -minus_p * b.p
            if p >= min_probability and p > 0 and made < max_expansions:
                target = steps[b.to]
                child = _Node(b.to, node, b, node.length + 1, node.time_h + target.wait.mean + target.work.mean)
                heapq.heappush(heap, (-p, next(tick), child))
                made += 1


def likely_paths(process: Process, k: int = 5) -> tuple[Path, ...]:
    """The ``k`` most likely complete paths."""
    return tuple(itertools.islice(walk_paths(process), k))


def slowest_likely_path(process: Process, threshold: float = THRESHOLD, k: int = 5) -> Path | None:
    """The slowest path among those of probability >= ``threshold`` (see the module doc)."""
    return likely_and_slowest(process, threshold, k)[1]


def likely_and_slowest(process: Process, threshold: float = THRESHOLD, k: int = 5) -> tuple[tuple[Path, ...], Path | None]:
    """The ``k`` most likely paths and the slowest likely path, from one search when it suffices."""
    likely = list(walk_paths(process, min_probability=threshold))
    most = tuple(likely[:k]) if len(likely) >= k else likely_paths(process, k)
    return most, max(likely or most, key=lambda path: path.time_h, default=None)


def _path(node: _Node, probability: float) -> Path:
    steps: list[str] = []
    branches: list[Branch] = []
    time_h = node.time_h
    here: _Node | None = node
    while here is not None:
        steps.append(here.step)
        if here.branch is not None:
            branches.append(here.branch)
        here = here.parent
    return Path(tuple(reversed(steps)), tuple(reversed(branches)), probability, time_h)
