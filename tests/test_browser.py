"""Every generated page, opened from ``file://`` in headless Chromium.

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe``
(JSON messages separated by NUL bytes on file descriptors 3 and 4), so the test
needs no Python package beyond the standard library.  For each page it checks:
no console message, exception or log entry at all (the pages carry no script, so
any message is a failure: a blocked load, a CSP violation, an error), no network
or file request, no ``<script>`` element and no ``on*`` attribute in the DOM, the
title as the page wrote it (a payload in a name did not run), and the diagram
drawn at a readable size.

Set ``PROCESSWALK_SCREENSHOTS=DIR`` to keep a full-page PNG of every page.
"""
from __future__ import annotations

import base64
import fcntl
import html
import json
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and os.path.exists(p)), None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars")
TIMEOUT = 30.0

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/install-system-deps installs it)"),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed"),
]


class Browser:
    """A headless Chromium and one DevTools session at a time, over a pipe."""

    def __init__(self, profile: Path) -> None:
        to_chrome, self._write = os.pipe()
        self._read, from_chrome = os.pipe()

        def plumb() -> None:  # in the child: the protocol wants fds 3 (in) and 4 (out), inheritable
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome, from_chrome)]
            for fd, wanted in zip(high, (3, 4)):
                os.dup2(fd, wanted)
                os.set_inheritable(wanted, True)

        self.process = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=False,
            preexec_fn=plumb)  # noqa: PLW1509 - fds 3 and 4 must be in place before exec; no threads here
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, TimeoutError):  # pragma: no cover - already gone
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung browser
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        for reply in self._messages():
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)
        raise TimeoutError(method)  # pragma: no cover

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        for event in [*self.events]:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        for event in self._messages():
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        raise TimeoutError(method)  # pragma: no cover

    def _messages(self) -> Iterator[dict[str, Any]]:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                yield json.loads(raw)
            ready, _, _ = select.select([self._read], [], [], 0.5)
            if ready:
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    return
                self._buffer += chunk
        raise TimeoutError("no answer from Chromium")

    def open(self, url: str) -> Page:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session)
        self.send("Emulation.setDeviceMetricsOverride", session, width=1280, height=900, deviceScaleFactor=1,
                  mobile=False)
        self.events.clear()
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        return Page(self, session, target)


class Page:
    def __init__(self, browser: Browser, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target

    def evaluate(self, expression: str) -> Any:
        reply = self.browser.send("Runtime.evaluate", self.session, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in reply, reply
        return reply["result"].get("value")

    def messages(self) -> list[str]:
        """Console calls, exceptions, log entries and requests, as one line each."""
        found = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method", ""), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded":
                found.append(f"log {params['entry']['level']}: {params['entry']['text']}")
            elif method == "Network.requestWillBeSent" and not params["request"]["url"].startswith(
                    ("file://", "about:")) or method == "Network.loadingFailed":
                found.append(f"{method}: {params}")
            elif method == "Network.requestWillBeSent" and params.get("type") != "Document":
                found.append(f"loads {params['request']['url']}")
        return found

    def screenshot(self, path: Path) -> None:
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.browser.send("Emulation.setDeviceMetricsOverride", self.session, width=1280, height=min(height, 16000),
                          deviceScaleFactor=1, mobile=False)
        data = self.browser.send("Page.captureScreenshot", self.session, format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.browser.send("Target.closeTarget", targetId=self.target)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples and the hostile process, reported as ``make`` reports them."""
    from click.testing import CliRunner

    from processwalk.cli import main

    out = tmp_path_factory.mktemp("reports")
    runner = CliRunner()
    hostile = ROOT / "tests" / "data" / "hostile" / "hostile.yaml"
    for name, source in (("examples", ROOT / "processes"), ("hostile", hostile)):
        result = runner.invoke(main, ["report", str(source), "-o", str(out / name), "--today", "2026-11-24"])
        assert result.exit_code == 0, result.output
    return out


def written_title(page: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert found
    return html.unescape(found.group(1))


STATE = """(() => {
  const all = [...document.querySelectorAll('*')];
  const svg = document.querySelector('figure.diagram svg');
  const box = svg ? svg.getBoundingClientRect() : null;
  return {
    title: document.title,
    scripts: document.querySelectorAll('script').length,
    handlers: all.flatMap(e => [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
                                              .map(a => e.tagName + '@' + a.name)),
    resources: performance.getEntriesByType('resource').map(r => r.name),
    diagram: svg ? {width: box.width, height: box.height, nodes: svg.querySelectorAll('g.node').length,
                    visible: getComputedStyle(svg).visibility === 'visible' && getComputedStyle(svg).display !== 'none',
                    text: svg.querySelectorAll('text').length} : null,
    sections: [...document.querySelectorAll('main section[id]')].map(s => s.id),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  };
})()"""


def all_pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_every_page_opens_cleanly_from_file_urls(browser: Browser, pages: Path) -> None:
    shots = os.environ.get("PROCESSWALK_SCREENSHOTS")
    found = all_pages(pages)
    assert len(found) == 10  # seven examples, the hostile process, and an index for each run
    for path in found:
        page = browser.open(path.as_uri())
        try:
            state = page.evaluate(STATE)
            assert page.messages() == [], path
            assert state["title"] == written_title(path), path
            assert state["scripts"] == 0 and state["handlers"] == [] and state["resources"] == [], path
            for link in state["links"]:
                if not link.startswith("#"):
                    assert (path.parent / link).is_file(), (path, link)
            if path.name != "index.html":
                diagram = state["diagram"]
                assert diagram and diagram["visible"] and diagram["nodes"] >= 5 and diagram["text"] > 10, path
                assert diagram["width"] > 300 and diagram["height"] > 200, (path, diagram)
                assert state["sections"] == ["summary", "hotspots", "diagram", "policies", "teams", "backlogs",
                                             "distribution", "walk", "answered", "method"]
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(Path(shots) / f"{path.parent.name}-{path.stem}.png")
        finally:
            page.close()


def test_names_with_payloads_do_not_run(browser: Browser, pages: Path) -> None:
    path = pages / "hostile" / "hostile-names.html"
    page = browser.open(path.as_uri())
    try:
        state = page.evaluate(STATE)
        assert state["title"] == ("<script>document.title='pwned-title'</script> Customer asks \"why?\" {x} [y] | z"
                                  " \u00b7 processwalk")
        text = page.evaluate("document.body.innerText")
        for payload in ("pwned-step", "pwned-owner", "pwned-team", "pwned-description", "pwned-reason",
                        "pwned-answer", "onerror=alert(1)"):
            assert payload in text, payload  # shown as text, not run
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.messages() == []
    finally:
        page.close()


def test_the_report_runs_without_a_network(run: Run, tmp_path: Path) -> None:
    """The pages name no address a browser would fetch (a check that needs no browser)."""
    assert run("report", str(ROOT / "processes"), "-o", str(tmp_path), "--today", "2026-11-24")[0] == 0
    for path in all_pages(tmp_path):
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", text):
            assert url.startswith("#") or re.fullmatch(r"[\w.-]+\.html", url), (path, url)
