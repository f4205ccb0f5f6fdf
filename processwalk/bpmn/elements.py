"""What every written BPMN element is made of: namespaced tags, child elements, and values as text.

Shared by the model (:mod:`.write`) and its simulation parameters (:mod:`.bpsim`); numbers are
written by :func:`processwalk.yamltext.exact`, which reads back as the same float.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from processwalk.bpmn import ns
from processwalk.text import printable
from processwalk.yamltext import exact

PREFIXES = {"bpmn": ns.MODEL, "bpmndi": ns.BPMNDI, "dc": ns.DC, "di": ns.DI, "xsi": ns.XSI, "pw": ns.PROCESSWALK,
            "bpsim": ns.BPSIM}
for _prefix, _uri in PREFIXES.items():
    ET.register_namespace(_prefix, _uri)
PROCESS_PREFIX = "process_"
#: the ids of the parts that are no step: capitalised, as a step id never is
PARTICIPANT, CUSTOMER, COLLABORATION, DEFINITIONS = "Participant", "Customer", "Collaboration", "Definitions"
FORMAL = "bpmn:tFormalExpression"


def bpmn(name: str) -> str:
    return ns.tag(ns.MODEL, name)


def pw(name: str) -> str:
    return ns.tag(ns.PROCESSWALK, name)


def probability(p: float) -> str:
    """A probability to twelve digits: the remainder branch's ``0.19999999999999996`` is ``0.2``."""
    return f"{p:.12g}"


def iso(hours: float) -> str:
    """An ISO 8601 duration in hours that reads back as the same float: 1080 -> ``PT1080H``."""
    return f"PT{exact(hours)}H"


def clean(text: str) -> str:
    """User text as XML may hold it: every character XML 1.0 refuses written as an escape."""
    return printable(text)


def sub(parent: ET.Element, tag: str, attrs: Mapping[str, str | None] | None = None, text: str | None = None,
        ) -> ET.Element:
    """A child element; attributes whose value is None are left out."""
    element = ET.SubElement(parent, tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    if text is not None:
        element.text = text
    return element
