"""Shapes in lane rows from Graphviz's positions: apart, on the canvas, whole numbers."""
from __future__ import annotations

import shutil

import pytest

from processwalk.bpmn.flow import outline
from processwalk.bpmn.layout import Box, dot_source, layout, place, route
from tests.bpmn.helpers import SMALL, load

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def test_the_dot_has_no_user_text_and_a_cluster_per_team() -> None:
    source = dot_source(outline(load(SMALL)))
    assert "subgraph cluster_t0" in source and "subgraph cluster_t1" in source
    assert "Customer calls" not in source and "check" not in source
    assert "n0 [width=0.5000, height=0.5000];" in source  # the start event: 36 x 36 points
    assert "n1 [width=1.3889, height=1.1111];" in source  # a task: 100 x 80


def test_nodes_of_one_rank_and_lane_take_rows_one_under_the_other() -> None:
    plan = outline(load(SMALL))
    # every node of the desk at the same x: they must stack; the office's nodes in a line
    positions = {"start_event": (50.0, 300.0), "call": (50.0, 200.0), "split_call": (50.0, 100.0),
                 "done": (50.0, 0.0), "wait_check": (18.0, 0.0), "check": (150.0, 0.0), "split_check": (300.0, 0.0)}
    diagram = place(plan, positions)
    # left edge: the leftmost node (wait_check, 18 - 36 / 2 = 0) goes to 20 + 2 x 30 + 40 = 120
    # the desk's four nodes stack in four rows (top first, Graphviz's y grows upwards), row height 110
    assert diagram.shapes["start_event"] == Box(120 + 32, 170 + 10 + 55 - 18, 36, 36)  # 50 - 18 = 32 from the left
    assert diagram.shapes["call"] == Box(120 + 50 - 50, 170 + 10 + 110 + 55 - 40, 100, 80)
    assert diagram.shapes["done"].y == 170 + 10 + 3 * 110 + 55 - 18
    # the customer pool above (a contact): the process pool starts at 20 + 100 + 50 = 170
    assert diagram.customer == Box(20, 20, diagram.pool.width, 100)
    assert diagram.lanes["desk"] == Box(50, 170, diagram.pool.width - 30, 2 * 10 + 4 * 110)
    assert diagram.lanes["office"] == Box(50, 170 + 460, diagram.pool.width - 30, 130)
    # the office's nodes are apart: one row
    assert {diagram.shapes[n].y + diagram.shapes[n].height // 2 for n in ("wait_check", "check", "split_check")} == {
        630 + 10 + 55}


def test_flows_go_right_or_come_back_round_from_below() -> None:
    assert route(Box(0, 0, 100, 80), Box(200, 0, 100, 80)) == ((100, 40), (200, 40))
    assert route(Box(0, 0, 100, 80), Box(200, 100, 36, 36)) == ((100, 40), (150, 40), (150, 118), (200, 118))
    assert route(Box(200, 0, 100, 80), Box(0, 20, 36, 36)) == ((250, 80), (250, 90), (18, 90), (18, 56))


@needs_dot
def test_graphviz_lays_the_flow_out_left_to_right() -> None:
    diagram = layout(outline(load(SMALL)))
    order = sorted(diagram.shapes, key=lambda n: diagram.shapes[n].x)
    assert order[:2] == ["start_event", "call"] and order[-1] == "done"
    assert diagram.shapes["wait_check"].x < diagram.shapes["check"].x < diagram.shapes["split_check"].x
