"""Every exported example, imported by bpmn-js (bpmn.io, Camunda Modeler) in headless Chromium.

bpmn-js is the npm package of ``tools/bpmn-js`` (``scripts/install-node-deps`` installs it);
its viewer is inlined into a page with the exported XML, so the page loads nothing.  For each
export: the import gives no warning, the page logs nothing, and over bpmn-js's own element
registry every shape is on the canvas (no negative coordinate, every waypoint too) and no two
flow-node shapes overlap (pools and lanes hold them, so they are left out of that check).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests import test_browser
from tests.bpmn.helpers import EXAMPLES, ROOT, SMALL, export
from tests.test_browser import CHROMIUM, Browser

VIEWER = ROOT / "tools" / "bpmn-js" / "node_modules" / "bpmn-js" / "dist" / "bpmn-viewer.production.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/install-system-deps installs it)"),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed"),
    pytest.mark.skipif(not VIEWER.exists(), reason="bpmn-js is not installed (scripts/install-node-deps installs it)"),
]

#: one headless Chromium for the module, as the report pages' test has it
browser = test_browser.browser

CHECK = """(async () => {
  const viewer = new BpmnJS({container: '#canvas'});
  const {warnings} = await viewer.importXML(window.MODEL);
  const registry = viewer.get('elementRegistry');
  const root = viewer.get('canvas').getRootElement();
  const all = registry.filter(e => e !== root && e.type !== 'label');
  const shapes = all.filter(e => !e.waypoints);
  const nodes = shapes.filter(e => !['bpmn:Participant', 'bpmn:Lane'].includes(e.type));
  const overlaps = [];
  nodes.forEach((a, i) => nodes.slice(i + 1).forEach(b => {
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
      overlaps.push([a.id, b.id]);
  }));
  const points = all.filter(e => e.waypoints).flatMap(e => e.waypoints.map(p => [e.id, p.x, p.y]));
  return {
    warnings: warnings.map(w => w.message),
    shapes: shapes.length,
    lanes: shapes.filter(e => e.type === 'bpmn:Lane').length,
    negative: [...shapes.filter(e => e.x < 0 || e.y < 0).map(e => e.id),
               ...points.filter(([, x, y]) => x < 0 || y < 0).map(([id]) => id)],
    overlaps,
    svg: document.querySelectorAll('#canvas svg .djs-element').length,
  };
})()"""


def page_of(model: bytes) -> str:
    """A page with bpmn-js and the model inline: nothing to load."""
    data = json.dumps(model.decode()).replace("</", "<\\/")
    return ('<!doctype html><html><head><meta charset="utf-8"><title>bpmn-js</title></head><body>'
            '<div id="canvas" style="width:1600px;height:900px"></div>'
            f"<script>{VIEWER.read_text(encoding='utf-8')}</script><script>window.MODEL = {data};</script>"
            "</body></html>")


def imported(browser: Browser, page_file: Path) -> tuple[dict[str, Any], list[str]]:
    page = browser.open(page_file.as_uri())
    try:
        reply = browser.send("Runtime.evaluate", page.session, expression=CHECK, awaitPromise=True,
                             returnByValue=True)
        assert "exceptionDetails" not in reply, reply
        return reply["result"]["value"], page.messages()
    finally:
        page.close()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_bpmn_js_imports_every_example_without_a_warning(browser: Browser, path: Path, tmp_path: Path) -> None:
    for bpsim in (False, True):
        model = export(path, bpsim=bpsim)
        page_file = tmp_path / f"{path.stem}-{bpsim}.html"
        page_file.write_text(page_of(model), encoding="utf-8")
        state, messages = imported(browser, page_file)
        assert state["warnings"] == [] and messages == [], (path, bpsim)
        assert state["negative"] == [] and state["overlaps"] == [], (path, state)
        # every shape the file has is in the registry and drawn: pool, lanes, customer pool, flow nodes
        assert state["shapes"] == model.count(b"<bpmndi:BPMNShape "), path
        assert state["lanes"] == model.count(b"<bpmn:lane "), path
        assert state["svg"] >= state["shapes"], path


def test_the_check_sees_a_warning_an_overlap_and_a_shape_off_the_canvas(browser: Browser, tmp_path: Path) -> None:
    model = export(SMALL)
    # the check's task drawn over the call; the start event off the canvas; a flow to nowhere
    call = model.split(b'bpmnElement="call">')[1].split(b"/>")[0]
    check = model.split(b'bpmnElement="check">')[1].split(b"/>")[0]
    start = model.split(b'bpmnElement="start_event">')[1].split(b"/>")[0]
    broken = (model.replace(check, call)
              .replace(start, start.replace(b'x="', b'x="-'))
              .replace(b'targetRef="call" />', b'targetRef="nowhere" />', 1))
    page_file = tmp_path / "broken.html"
    page_file.write_text(page_of(broken), encoding="utf-8")
    state, _ = imported(browser, page_file)
    assert state["overlaps"] == [["call", "check"]]
    assert state["negative"][0] == "start_event"
    assert any("nowhere" in warning for warning in state["warnings"]), state["warnings"]
