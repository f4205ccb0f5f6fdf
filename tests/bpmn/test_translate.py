"""BPMN constructs as steps, teams and branches (the drafts of :mod:`processwalk.bpmn.translate`)."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from processwalk.bpmn.translate import Branch, Team, decimals
from tests.bpmn.conftest import imported, process_text, texts

LANES = """
<collaboration id="c"><participant id="pool" name="Billing" processRef="p"/></collaboration>
<process id="p">
  <documentation>Customers ask for a credit.</documentation>
  <laneSet id="ls">
    <lane id="l1" name="Front line"><flowNodeRef>s</flowNodeRef><flowNodeRef>a</flowNodeRef></lane>
    <lane id="l2" name="Back office"><flowNodeRef>b</flowNodeRef><flowNodeRef>g</flowNodeRef>
                                     <flowNodeRef>e1</flowNodeRef><flowNodeRef>e2</flowNodeRef></lane>
  </laneSet>
  <startEvent id="s" name="Call"/>
  <userTask id="a" name="Take the&#10;request"/>
  <serviceTask id="b" name="Check account"/>
  <exclusiveGateway id="g" name="Credit due?" default="f4"/>
  <endEvent id="e1" name="Credit posted"/>
  <endEvent id="e2"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
  <sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
  <sequenceFlow id="f3" sourceRef="b" targetRef="g"/>
  <sequenceFlow id="f4" sourceRef="g" targetRef="e1"/>
  <sequenceFlow id="f5" sourceRef="g" targetRef="e2">
    <conditionExpression xsi:type="tFormalExpression">${amount &gt; 50}</conditionExpression>
  </sequenceFlow>
</process>"""


def test_tasks_lanes_and_an_exclusive_gateway(tmp_path: Path) -> None:
    made = texts(tmp_path, LANES)
    assert made["catalog.yaml"] == """\
# Teams and systems of the processes imported from model.bpmn by 'processwalk import': one team per
# lane (a lane drawn inside another is owned by it; a pool without lanes is one team). Add staff,
# hours and costs: the model does not say them.

teams:
  front-line: {name: Front line}
  back-office: {name: Back office}

systems:
  service: {name: Automated service (BPMN service tasks)}
"""
    assert made["billing.yaml"] == """\
# Imported by 'processwalk import' from model.bpmn, pool 'Billing' (process p, line 5). A starting
# point: check each step and figure with the people who do the work.
# - Steps are the model's tasks and timers; the gateways and events between them became the branches
#   of the step before them. Sub-processes and call activities are inlined.
# - Waits are the model's timers; work is not in the model: add it.
# - A p marked 'equal split' is a placeholder (the model gives no probability): set it.

process: billing
title: Billing
description: |-
  Customers ask for a credit.
start: take-the-request

steps:
  take-the-request:  # a, line 13
    name: Take the request
    team: front-line
    next: check-account
  check-account:  # b, line 14
    name: Check account
    team: back-office
    systems: [service]
    next:
      - {to: credit-posted, p: 0.5, when: otherwise}  # equal split: set p
      - {to: end, p: 0.5, when: "${amount > 50}"}  # equal split: set p
  credit-posted:  # e1, line 16
    name: Credit posted
    kind: end
  end:
    name: End
    kind: end
"""


def test_a_flow_name_is_the_when_before_its_condition(tmp_path: Path) -> None:
    text = process_text(tmp_path, LANES.replace('<sequenceFlow id="f5"', '<sequenceFlow id="f5" name="no credit"'))
    assert "      - {to: end, p: 0.5, when: no credit}  # equal split: set p\n" in text


def test_camunda_probabilities_are_read(tmp_path: Path) -> None:
    prop = ('<extensionElements><camunda:properties><camunda:property name="probability" value="0.3"/>'
            '</camunda:properties></extensionElements>')
    model = LANES.replace('<sequenceFlow id="f4" sourceRef="g" targetRef="e1"/>',
                          f'<sequenceFlow id="f4" sourceRef="g" targetRef="e1">{prop}</sequenceFlow>')
    (draft,) = imported(tmp_path, model).drafts
    (check,) = [s for s in draft.steps if s.id == "check-account"]
    # 0.3 given; the other flow takes the rest, 1 - 0.3 = 0.7, and is marked as a guess
    assert check.next == (Branch("credit-posted", Decimal("0.3"), "otherwise", False),
                          Branch("end", Decimal("0.7"), "${amount > 50}", True))


NESTED = """
<process id="p" name="Claims">
  <laneSet id="ls">
    <lane id="l1" name="Claims department">
      <childLaneSet id="cls">
        <lane id="l2" name="Intake"><flowNodeRef>a</flowNodeRef></lane>
        <lane id="l3" name="Assessors"><flowNodeRef>b</flowNodeRef></lane>
      </childLaneSet>
    </lane>
  </laneSet>
  <startEvent id="s"/><task id="a" name="Register claim"/><task id="b" name="Assess claim"/><endEvent id="e"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="a"/><sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
  <sequenceFlow id="f3" sourceRef="b" targetRef="e"/>
</process>"""


def test_nested_lanes_are_teams_owned_by_the_outer_lane(tmp_path: Path) -> None:
    found = imported(tmp_path, NESTED)
    assert found.teams == (Team("intake", "Intake", "Claims department"),
                           Team("assessors", "Assessors", "Claims department"))
    assert [d.id for d in found.drafts] == ["claims"]  # no pool: the process's name


def test_a_pool_without_lanes_is_one_team(tmp_path: Path) -> None:
    found = imported(tmp_path, NESTED.replace('<laneSet id="ls">', '<laneSet id="x"/><!--').replace(
        "</laneSet>", "-->"))
    assert found.teams == (Team("claims", "Claims"),)


def test_decimals_sum_to_exactly_one() -> None:
    assert decimals([Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]) == [Decimal("0.5"), Decimal("0.25"),
                                                                          Decimal("0.25")]
    # thirds are not short decimals: four places, the first largest takes 1 - 0.3333 - 0.3333 = 0.3334
    assert decimals([Fraction(1, 3)] * 3) == [Decimal("0.3334"), Decimal("0.3333"), Decimal("0.3333")]
