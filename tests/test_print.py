"""The reports printed by headless Chromium on A4 and Letter, and read at an 800 px wide window.

Two pages of the examples' report (the index, and billing-credit's page with its policy-friction
table) are printed to PDF through the DevTools protocol (``Page.printToPDF`` at the paper's size,
the page's own margins) and read back with ``pdftotext -bbox`` (poppler-utils).  A table column
squeezed to a letter prints its words a letter or two a line, so the test asks that every word of
four or more letters in a table cell comes out of the PDF whole, and that no word of the PDF (a
diagram's labels included) lies beyond the paper's edge.  At an 800 px window the same tables are
measured in the page itself: every cell at least four characters of its own font wide.
"""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests import test_browser
from tests.test_browser import CHROMIUM, Browser

ROOT = Path(__file__).resolve().parent.parent
#: width and height in inches, as ``Page.printToPDF`` takes them
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
PAGES = ("index.html", "billing-credit.html")
WORD = re.compile(r"[^\W_]{4,}")
BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/install-system-deps installs it)"),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed"),
]

CELLS = "[...document.querySelectorAll('td, th')].map(c => c.innerText)"
#: every cell's content width against four characters of its font, at the window's width
NARROW = """(() => {
  const canvas = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('td, th')].flatMap(cell => {
    const style = getComputedStyle(cell);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const four = canvas.measureText('0000').width;
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return inner + 0.5 < four ? [`${cell.innerText.slice(0, 40)}: ${inner.toFixed(1)} px < ${four.toFixed(1)} px`] : [];
  });
})()"""


#: one headless Chromium for the module, and the examples reported as ``make`` reports them
browser = test_browser.browser
pages = test_browser.pages


@pytest.fixture(scope="module")
def report(pages: Path) -> Path:
    return pages / "examples"


def words(pdf: Path) -> list[tuple[int, float, str]]:
    """(page, right edge in points, text) of every word pdftotext reads, page by page."""
    found: list[tuple[int, float, str]] = []
    for number, page in enumerate(bbox(pdf).split("<page ")[1:], start=1):
        found.extend((number, float(x_max), text) for _, _, x_max, _, text in BOX.findall(page))
    return found


def bbox(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def printed(browser: Browser, page: Path, paper: str, out: Path) -> tuple[Path, list[str]]:
    """The page printed on ``paper``, and the text of its table cells."""
    tab = browser.open(page.as_uri())
    try:
        cells = tab.evaluate(CELLS)
        width, height = PAPERS[paper]
        data = browser.send("Page.printToPDF", tab.session, paperWidth=width, paperHeight=height,
                            printBackground=True, preferCSSPageSize=False)["data"]
    finally:
        tab.close()
    pdf = out / f"{page.stem}-{paper}.pdf"
    pdf.write_bytes(base64.b64decode(data))
    return pdf, cells


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("name", PAGES)
def test_printed_tables_keep_their_words_whole(browser: Browser, report: Path, tmp_path: Path, paper: str,
                                               name: str) -> None:
    pdf, cells = printed(browser, report / name, paper, tmp_path)
    found = words(pdf)
    printed_words = Counter(w for _, _, text in found for w in WORD.findall(text))
    wanted = Counter(w for cell in cells for w in WORD.findall(cell))
    assert wanted, cells
    broken = {w: (n, printed_words[w]) for w, n in wanted.items() if printed_words[w] < n}
    assert broken == {}, f"words of table cells broken across lines in {pdf.name} (in cells, printed whole)"
    edge = PAPERS[paper][0] * 72
    beyond = [(page, text) for page, right, text in found if right > edge]
    assert beyond == [], f"printed beyond the paper's edge ({edge:.0f} pt)"


def test_tables_are_readable_at_an_800_px_window(browser: Browser, report: Path) -> None:
    for name in PAGES:
        tab = browser.open((report / name).as_uri())
        try:
            browser.send("Emulation.setDeviceMetricsOverride", tab.session, width=800, height=900,
                         deviceScaleFactor=1, mobile=False)
            assert tab.evaluate("document.documentElement.clientWidth") == 800
            narrow = tab.evaluate(NARROW)
            assert narrow == [], (name, narrow)
            assert tab.evaluate("document.querySelectorAll('td, th').length") > 10, name
        finally:
            tab.close()


def test_the_check_can_fail(browser: Browser, report: Path, tmp_path: Path) -> None:
    """The squeezed table of the issue: a column that may break anywhere, in a table too wide for A4."""
    page = report / "index.html"
    squeezed = tmp_path / "squeezed.html"
    squeezed.write_text(page.read_text(encoding="utf-8").replace(
        "</style>", "td, th { overflow-wrap: anywhere !important; white-space: normal !important; }\n"
                    "table.processes col.p { width: 1% !important; }\n"
                    "table.processes td:first-child { width: 1px !important; }</style>", 1), encoding="utf-8")
    pdf, cells = printed(browser, squeezed, "A4", tmp_path)
    printed_words = Counter(w for _, _, text in words(pdf) for w in WORD.findall(text))
    wanted = Counter(w for cell in cells for w in WORD.findall(cell))
    assert any(printed_words[w] < n for w, n in wanted.items())
