"""Figures a BPMN model carries beyond BPMN: BPSim 1.0 parameters and processwalk's own extension.

* **BPSim** (``bpsim:BPSimData``, anywhere in the file; its first scenario): a
  sequence flow's ``Probability``, a task's ``ProcessingTime`` (its work; on a
  timer event, the timer's wait) and a start event's ``InterTriggerTimer`` (the
  demand), in the scenario's ``baseTimeUnit`` (minutes unless it says otherwise).
  Distributions keep their shape: a constant is cv 0, an exponential cv 1, a gamma
  ``1/sqrt(shape)``, normal ones their cv, triangular and log-normal as such.
* **processwalk's extension** (``urn:processwalk:bpmn:1``, written by ``export``):
  each element's ``pw:*`` attributes as written, for the import to give back the
  same ids, kinds, teams, figures and probabilities.  :func:`own_elements` is the
  one reader of it: the import's :class:`Parameters` and the read-back of an
  unchanged export (:mod:`.readback`) both go through it.

Durations come back as text of the process format (``'12.5m'``, ``{mean: 2h, cv: 0.5}``).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from processwalk.bpmn import ns
from processwalk.bpmn.xmltree import Element
from processwalk.units import Z90, parse_hours
from processwalk.yamltext import exact

#: BPSim's time units, in minutes
_UNITS = {"ms": 1 / 60000, "s": 1 / 60, "min": 1.0, "hour": 60.0, "day": 1440.0, "year": 525960.0}


@dataclass(frozen=True)
class Parameters:
    probability: Mapping[str, str] = field(default_factory=dict)  # flow id -> p
    work: Mapping[str, str] = field(default_factory=dict)         # node id -> duration text
    wait: Mapping[str, str] = field(default_factory=dict)         # timer id -> duration text
    demand: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # start id -> per day, cv
    #: processwalk's own attributes: element id -> pw element name -> attributes
    own: Mapping[str, Mapping[str, list[Mapping[str, str]]]] = field(default_factory=dict)

    def pw(self, ident: str, name: str) -> Mapping[str, str]:
        """The attributes of the element's first ``pw:<name>`` ({} when it has none)."""
        found = self.own.get(ident, {}).get(name, [])
        return found[0] if found else {}

    def pw_all(self, ident: str, name: str) -> list[Mapping[str, str]]:
        return self.own.get(ident, {}).get(name, [])


def read_parameters(root: Element) -> Parameters:
    probability: dict[str, str] = {}
    times: dict[str, str] = {}
    demand: dict[str, tuple[float, float]] = {}
    scenario = _scenario(root)
    if scenario is not None:
        unit = _UNITS.get(_base_unit(scenario), 1.0)
        for parameters in scenario.findall(ns.tag(ns.BPSIM, "ElementParameters")):
            ref = parameters.get("elementRef")
            for group in parameters.children:
                for parameter in group.children:
                    value = parameter.children[0] if parameter.children else None
                    if value is None:
                        continue
                    if parameter.local == "Probability" and value.get("value"):
                        probability[ref] = value.get("value")
                    elif parameter.local == "ProcessingTime":
                        minutes = distribution(value, unit)
                        if minutes:
                            times[ref] = minutes
                    elif parameter.local == "InterTriggerTimer":
                        mean, cv = _mean_cv(value, unit)
                        if mean > 0:
                            demand[ref] = (1440 / mean, cv)
    return Parameters(probability, times, dict(times), demand, _own(root))


def _scenario(root: Element) -> Element | None:
    for element in root.iter():
        if element.tag == ns.tag(ns.BPSIM, "BPSimData"):
            return element.find(ns.tag(ns.BPSIM, "Scenario"))
    return None


def _base_unit(scenario: Element) -> str:
    found = scenario.find(ns.tag(ns.BPSIM, "ScenarioParameters"))
    return (found.get("baseTimeUnit") if found is not None else "") or "min"


def _own(root: Element) -> dict[str, dict[str, list[Mapping[str, str]]]]:
    own: dict[str, dict[str, list[Mapping[str, str]]]] = {}
    for element in root.iter():
        if not element.get("id"):
            continue
        for child in own_elements(element):
            own.setdefault(element.get("id"), {}).setdefault(child.local, []).append(dict(child.attrib))
    return own


def own_elements(element: Element, name: str | None = None) -> list[Element]:
    """The children in processwalk's namespace of ``element``'s ``extensionElements`` (only those
    called ``name``, when given), in their order."""
    extensions = element.find(ns.tag(ns.MODEL, "extensionElements"))
    if extensions is None:
        return []
    return [child for child in extensions.children
            if child.namespace == ns.PROCESSWALK and (name is None or child.local == name)]


def lognormal_marks(attributes: Mapping[str, str]) -> tuple[float, float]:
    """The p50 and p90 (hours) of a log-normal duration of the extension, from its ``mu`` and ``sigma``."""
    mu, sigma = float(attributes["mu"]), float(attributes["sigma"])
    return math.exp(mu), math.exp(mu + Z90 * sigma)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _mean_cv(value: Element, unit: float) -> tuple[float, float]:
    """A BPSim distribution's mean (minutes) and coefficient of variation."""
    get = value.get
    name = value.local
    if name in ("FloatingParameter", "NumericParameter"):
        return _number(get("value")) * unit, 0.0
    if name == "DurationParameter":
        try:
            return parse_hours(get("value")) * 60, 0.0
        except ValueError:
            return 0.0, 0.0
    if name == "ExponentialDistribution":
        return _number(get("mean")) * unit, 1.0
    if name == "GammaDistribution":
        shape, scale = _number(get("shape")), _number(get("scale"))
        return shape * scale * unit, 1 / math.sqrt(shape) if shape > 0 else 1.0
    if name in ("NormalDistribution", "TruncatedNormalDistribution", "LogNormalDistribution"):
        mean = _number(get("mean"))
        return mean * unit, _number(get("standardDeviation")) / mean if mean else 0.0
    if name == "UniformDistribution":
        low, high = _number(get("min")), _number(get("max"))
        mean = (low + high) / 2
        return mean * unit, (high - low) / (math.sqrt(12) * mean) if mean else 0.0
    if name == "TriangularDistribution":
        low, mode, high = _number(get("min")), _number(get("mode")), _number(get("max"))
        return (low + mode + high) / 3 * unit, 0.0
    return 0.0, 0.0


def distribution(value: Element, unit: float) -> str:
    """A BPSim distribution as a duration of the format ('' when it is none or zero)."""
    if value.local == "TriangularDistribution":
        low, mode, high = (_number(value.get(k)) * unit for k in ("min", "mode", "max"))
        return f"{{min: {minutes(low)}, mode: {minutes(mode)}, max: {minutes(high)}}}"
    mean, cv = _mean_cv(value, unit)
    if mean <= 0:
        return ""
    if value.local == "LogNormalDistribution" and cv > 0:
        sigma = math.sqrt(math.log1p(cv**2))
        median = mean / math.exp(sigma**2 / 2)
        return f"{{p50: {minutes(median)}, p90: {minutes(median * math.exp(Z90 * sigma))}}}"
    return minutes(mean) if cv == 1 else f"{{mean: {minutes(mean)}, cv: {exact(cv)}}}"


def own_duration(attributes: Mapping[str, str]) -> str:
    """A duration as processwalk's extension writes it (``pw:work``, ``pw:wait``), as format text."""
    try:
        if "min" in attributes:
            low, mode, high = (parse_hours(attributes[k]) for k in ("min", "mode", "max"))
            return f"{{min: {hours(low)}, mode: {hours(mode)}, max: {hours(high)}}}"
        if "mu" in attributes:
            p50, p90 = lognormal_marks(attributes)
            return f"{{p50: {hours(p50)}, p90: {hours(p90)}}}"
        mean = hours(parse_hours(attributes.get("mean", "")))
    except (KeyError, ValueError):
        return ""
    cv = attributes.get("cv")
    return f"{{mean: {mean}, cv: {cv}}}" if cv is not None else mean


def minutes(x: float) -> str:
    return f"{exact(x)}m"


def hours(x: float) -> str:
    return f"{exact(x)}h"
