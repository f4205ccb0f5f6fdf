"""BPSim parameters: arrivals, work and waits in minutes with their shapes, and the probabilities."""
from __future__ import annotations

import math
import shutil
import xml.etree.ElementTree as ET

import pytest

from processwalk.bpmn import ns
from processwalk.bpmn.bpsim import distribution
from processwalk.units import Duration, lognormal, triangular
from tests.bpmn.helpers import SMALL, export

B = f"{{{ns.BPSIM}}}"


def written(duration: Duration) -> tuple[str, dict[str, str]]:
    parent = ET.Element("ProcessingTime")
    distribution(parent, duration)
    (child,) = list(parent)
    return child.tag.removeprefix(B), dict(child.attrib)


def test_each_shape_of_duration_is_its_bpsim_distribution_in_minutes() -> None:
    assert written(Duration(0.1)) == ("ExponentialDistribution", {"mean": "6"})  # cv 1
    assert written(Duration(0.1, 0.0)) == ("FloatingParameter", {"value": "6"})
    # cv 0.5: shape 1 / 0.25 = 4, scale 2880 min / 4 = 720
    assert written(Duration(48.0, 0.5)) == ("GammaDistribution", {"shape": "4", "scale": "720"})
    assert written(triangular(0.5, 1.0, 3.0)) == ("TriangularDistribution", {"min": "30", "mode": "60", "max": "180"})
    name, attributes = written(lognormal(1.0, 2.0))
    # mean exp(mu + sigma^2 / 2) and standard deviation mean x sqrt(exp(sigma^2) - 1), mu = 0, sigma = ln 2 / z90
    sigma = math.log(2) / 1.2815515655446004
    mean = math.exp(sigma**2 / 2) * 60
    assert name == "LogNormalDistribution"
    assert float(attributes["mean"]) == pytest.approx(mean, rel=1e-12)
    assert float(attributes["standardDeviation"]) == pytest.approx(mean * math.sqrt(math.expm1(sigma**2)), rel=1e-12)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_the_scenario_of_the_small_walk() -> None:
    root = ET.fromstring(export(SMALL, bpsim=True))
    relationship = root.find(f"{{{ns.MODEL}}}relationship")
    assert relationship is not None and relationship.get("type") == "BPSimData"
    scenario = relationship.find(f"{{{ns.MODEL}}}extensionElements/{B}BPSimData/{B}Scenario")
    assert scenario is not None
    found = {}
    for parameters in scenario.iter(f"{B}ElementParameters"):
        leaf = next(e for e in parameters.iter() if not list(e))
        found[parameters.get("elementRef")] = (leaf.tag.removeprefix(B), dict(leaf.attrib))
    assert found == {
        "start_event": ("ExponentialDistribution", {"mean": "60"}),  # 24 a day: one an hour
        "call": ("ExponentialDistribution", {"mean": "6"}),  # work 6m
        "wait_check": ("GammaDistribution", {"shape": "4", "scale": "720"}),  # wait {mean: 2d, cv: 0.5}
        "check": ("TriangularDistribution", {"min": "5", "mode": "10", "max": "30"}),
        "flow_call_1": ("FloatingParameter", {"value": "0.8"}),
        "flow_call_2": ("FloatingParameter", {"value": "0.2"}),
        "flow_check_1": ("FloatingParameter", {"value": "0.25"}),
        "flow_check_2": ("FloatingParameter", {"value": "0.75"}),
    }
    assert [e.text for e in relationship if e.tag in (f"{{{ns.MODEL}}}source", f"{{{ns.MODEL}}}target")] == [
        "Definitions", "Definitions"]
