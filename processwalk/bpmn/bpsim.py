"""BPSim 1.0 simulation parameters of an exported model (``export --bpsim``).

One scenario, in minutes (``baseTimeUnit="min"``): the start event's time between
arrivals (from ``demand`` and ``arrivals_cv``), each task's processing time (its
``work``), each timer's duration as its processing time (its ``wait``: BPSim has no
parameter for the time a timer holds a case, and a simulator that reads processing
times of events takes it from there), and each gateway flow's probability.  A
duration keeps its shape: cv 1 is exponential, another cv a gamma distribution
(shape ``1/cv²``, scale ``mean·cv²``), cv 0 a constant, and triangular and
log-normal durations are written as such (the log-normal by its mean and standard
deviation).  The parameters go into a ``relationship`` of type ``BPSimData`` whose
source and target are the definitions, as BPSim prescribes.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from processwalk.analysis.walk import Walk
from processwalk.bpmn import ns
from processwalk.bpmn.elements import DEFINITIONS, bpmn, probability, sub
from processwalk.bpmn.flow import GATEWAY, START_ID, TIMER, Outline
from processwalk.units import Duration
from processwalk.yamltext import exact

MINUTES = 60.0


def bpsim(name: str) -> str:
    return ns.tag(ns.BPSIM, name)


def relationship(walk: Walk, plan: Outline) -> ET.Element:
    process = walk.process
    element = ET.Element(bpmn("relationship"), {"id": "BPSim", "type": "BPSimData"})
    data = sub(sub(element, bpmn("extensionElements")), bpsim("BPSimData"))
    scenario = sub(data, bpsim("Scenario"), {"id": "Scenario", "name": "As walked"})
    sub(scenario, bpsim("ScenarioParameters"), {"baseTimeUnit": "min"})
    if process.demand_per_day:
        between = Duration(24 / process.demand_per_day, process.arrivals_cv)
        _parameter(scenario, START_ID, "ControlParameters", "InterTriggerTimer", between)
    gateways = {n.id for n in plan.nodes if n.element == GATEWAY}
    for node in plan.nodes:
        step = process.steps[node.step] if node.step else None
        if step is None or node.element == GATEWAY:
            continue
        duration = step.wait if node.element == TIMER else step.work
        if duration.mean > 0:
            _parameter(scenario, node.id, "TimeParameters", "ProcessingTime", duration)
    for flow in plan.flows:
        if flow.source in gateways and flow.branch is not None:
            parameters = sub(scenario, bpsim("ElementParameters"), {"elementRef": flow.id})
            share = sub(sub(parameters, bpsim("ControlParameters")), bpsim("Probability"))
            sub(share, bpsim("FloatingParameter"), {"value": probability(flow.branch.p)})
    sub(element, bpmn("source"), text=DEFINITIONS)
    sub(element, bpmn("target"), text=DEFINITIONS)
    return element


def _parameter(scenario: ET.Element, ref: str, group: str, name: str, duration: Duration) -> None:
    parameters = sub(scenario, bpsim("ElementParameters"), {"elementRef": ref})
    distribution(sub(sub(parameters, bpsim(group)), bpsim(name)), duration)


def distribution(parent: ET.Element, duration: Duration) -> None:
    """``duration`` (hours) as a BPSim distribution in minutes."""
    mean = duration.mean * MINUTES
    if duration.shape == "triangular":
        low, mode, high = (p * MINUTES for p in duration.params)
        sub(parent, bpsim("TriangularDistribution"), {"min": exact(low), "mode": exact(mode), "max": exact(high)})
    elif duration.shape == "lognormal":
        sigma = duration.params[1]
        deviation = mean * math.sqrt(math.expm1(sigma**2))
        sub(parent, bpsim("LogNormalDistribution"), {"mean": exact(mean), "standardDeviation": exact(deviation)})
    elif duration.cv == 0:
        sub(parent, bpsim("FloatingParameter"), {"value": exact(mean)})
    elif duration.cv == 1:
        sub(parent, bpsim("ExponentialDistribution"), {"mean": exact(mean)})
    else:
        shape = 1 / duration.cv**2
        sub(parent, bpsim("GammaDistribution"), {"shape": exact(shape), "scale": exact(mean / shape)})
