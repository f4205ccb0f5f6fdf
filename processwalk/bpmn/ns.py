"""The namespace URIs of BPMN 2.0 and the extensions processwalk reads or writes.

Elements are matched by namespace URI, never by prefix: tools bind the same URI to ``bpmn:``,
``bpmn2:``, ``semantic:`` or the default namespace.
"""
from __future__ import annotations

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
BPSIM = "http://www.bpsim.org/schemas/1.0"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"


def tag(namespace: str, name: str) -> str:
    """The Clark notation ElementTree uses for a qualified name: ``{uri}name``."""
    return f"{{{namespace}}}{name}"


#: processwalk's own extension: what BPMN has no word for (a step's kind, systems and policies, a
#: branch's probability and refusal, a team's staff), written by ``export`` so that ``import`` gets
#: the same process back (``docs/bpmn.md``)
PROCESSWALK = "urn:processwalk:bpmn:1"
