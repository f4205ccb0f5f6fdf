"""processwalk's own extension of a BPMN model, read once (processwalk/bpmn/extensions.py)."""
from __future__ import annotations

import math
from pathlib import Path

from processwalk.bpmn import ns
from processwalk.bpmn.extensions import lognormal_marks, own_elements, read_parameters
from processwalk.bpmn.xmltree import parse

MODEL = f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{ns.MODEL}" xmlns:pw="{ns.PROCESSWALK}" xmlns:other="urn:other">
  <process id="p">
    <extensionElements>
      <pw:process process="refund" start="check"/>
      <other:thing a="1"/>
      <pw:system system="crm" name="CRM"/>
      <pw:system system="erp" name="ERP"/>
    </extensionElements>
    <task id="check" name="Check"/>
  </process>
</definitions>
"""


def test_own_elements_are_the_extensions_in_processwalks_namespace(tmp_path: Path) -> None:
    path = tmp_path / "model.bpmn"
    path.write_text(MODEL, encoding="utf-8")
    process = parse(str(path)).children[0]
    assert [e.local for e in own_elements(process)] == ["process", "system", "system"]
    assert [e.get("system") for e in own_elements(process, "system")] == ["crm", "erp"]
    assert own_elements(process, "policy") == []
    assert own_elements(process.children[1]) == []  # the task has no extensionElements
    # the import's parameters read the same elements, by element id
    params = read_parameters(parse(str(path)))
    assert params.pw("p", "process") == {"process": "refund", "start": "check"}
    assert [s["name"] for s in params.pw_all("p", "system")] == ["CRM", "ERP"]


def test_lognormal_marks() -> None:
    # p50 = e^mu = e^0 = 1h; p90 = e^(mu + 1.2816 sigma) = e^1.2816 = 3.602h for sigma 1
    p50, p90 = lognormal_marks({"mu": "0", "sigma": "1"})
    assert p50 == 1.0
    assert math.isclose(p90, 3.6022244, rel_tol=1e-7)
