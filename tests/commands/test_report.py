"""``processwalk report`` and ``processwalk diagram`` through the command line, atomic writes,
reproducibility, and the committed example reports in ``reports/`` (they must not go stale)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from processwalk.errors import ProcessWalkError
from processwalk.render import atomic, diagram, views
from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
#: the command that writes reports/ (the Makefile's ``make`` target runs the same)
TODAY = "2026-11-24"
EXAMPLES = ("account-enquiry", "billing-credit", "goodwill-delivery", "ivr-selfservice", "moving-house", "outsourced-complaint",
            "refund-sendback")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so that pages name their files as ``processes/...``."""
    monkeypatch.chdir(ROOT)
    return ROOT


# --- report ------------------------------------------------------------------------------------


@needs_dot
def test_report_writes_a_page_per_process_and_an_index(run: Run, at_root: Path, tmp_path: Path) -> None:
    code, out, err = run("report", "processes/", "-o", str(tmp_path / "out"), "--today", TODAY)
    assert (code, out) == (0, "")
    assert err == f"wrote 8 page(s) for 7 process(es) to {tmp_path / 'out'}\n"
    assert sorted(os.listdir(tmp_path / "out")) == sorted([*(f"{p}.html" for p in EXAMPLES), "index.html"])
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for process in EXAMPLES:
        assert f'<a href="{process}.html">' in index


@needs_dot
def test_the_same_input_gives_the_same_bytes(run: Run, at_root: Path, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        assert run("report", "processes/", "-o", str(tmp_path / folder), "--today", TODAY, "--seed", "3")[0] == 0
    for name in os.listdir(tmp_path / "a"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_markdown_format(run: Run, at_root: Path, tmp_path: Path) -> None:
    code, _, _ = run("report", "processes/billing-credit.yaml", "-o", str(tmp_path), "--format", "markdown",
                     "--today", TODAY)
    assert code == 0
    assert sorted(os.listdir(tmp_path)) == ["billing-credit.md", "index.md"]
    assert "```mermaid\nflowchart TD\n" in (tmp_path / "billing-credit.md").read_text(encoding="utf-8")


def test_invalid_input_prints_the_problems_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(ROOT / "processes", source)
    text = (source / "billing-credit.yaml").read_text(encoding="utf-8")
    (source / "billing-credit.yaml").write_text(text.replace("team: frontline\n", "team: frontlien\n", 1),
                                                encoding="utf-8")
    code, out, err = run("report", str(source), "-o", str(tmp_path / "out"), "--today", TODAY)
    assert code == 1
    assert re.fullmatch(rf"{re.escape(str(source / 'billing-credit.yaml'))}:\d+:\d+: \[error\] unknown team "
                        r"'frontlien'.*\(invalid\)\n", out), out
    assert err == "1 problem(s) in 1 file(s); no report written\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, message", [
    (("report", "processes/"), "Missing option '-o' / '--output'"),
    (("report", "processes/", "-o", "x", "--format", "pdf"), "'pdf' is not one of 'html', 'markdown'"),
    (("report", "processes/", "-o", "x", "--today", "24.11.2026"), "'24.11.2026' does not match the format"),
    (("report", "nowhere/", "-o", "x"), "Path 'nowhere/' does not exist"),
])
def test_usage_errors_exit_2(run: Run, at_root: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2 and message in err


def test_a_failure_while_rendering_writes_nothing(run: Run, at_root: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from processwalk.render import html

    pages = iter(range(100))

    def flaky(view: views.ProcessView, calibration: str = "") -> str:
        if next(pages) == 3:
            raise RuntimeError("disk on fire")
        return "page"

    monkeypatch.setattr(html, "process_page", flaky)
    code, _, err = run("report", "processes/", "-o", str(tmp_path / "out"), "--today", TODAY)
    assert code == 2 and "internal error: RuntimeError: disk on fire" in err
    assert not (tmp_path / "out").exists()


def test_a_missing_graphviz_is_a_clear_error(run: Run, at_root: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    diagram.graphviz_version.cache_clear()
    try:
        code, _, err = run("report", "processes/ivr-selfservice.yaml", "-o", str(tmp_path / "out"))
    finally:
        diagram.graphviz_version.cache_clear()
    assert code == 2
    assert err.startswith("Error: Graphviz's 'dot' program was not found; it draws the process diagrams. "
                          "Install Graphviz: 'sudo apt-get install graphviz' (Debian, Ubuntu), ")
    assert not (tmp_path / "out").exists()


# --- the committed example reports ----------------------------------------------------------------


def _generator(page: Path) -> str:
    found = re.search(r'<meta name="generator" content="([^"]*)">', page.read_text(encoding="utf-8"))
    return found.group(1) if found else ""


@needs_dot
def test_the_committed_reports_are_up_to_date(run: Run, at_root: Path, tmp_path: Path) -> None:
    """Regenerate reports/ as ``make`` does and compare byte for byte; on failure run ``make reports``."""
    assert (REPORTS / "index.html").is_file(), "reports/ is missing: run `make`"
    committed = _generator(REPORTS / "index.html")
    here = f"graphviz {diagram.graphviz_version()}"
    if not committed.endswith(here):
        pytest.skip(f"reports/ were drawn by {committed!r}; this machine has {here}, whose layout differs")
    assert run("report", "processes/", "-o", str(tmp_path), "--today", TODAY)[0] == 0
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(p.name for p in REPORTS.glob("*.html")) == fresh
    stale = [name for name in fresh if (tmp_path / name).read_bytes() != (REPORTS / name).read_bytes()]
    assert not stale, f"stale reports (run `make reports`): {', '.join(stale)}"


# --- atomic writes -------------------------------------------------------------------------------


def test_write_atomic_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "page.html"
    atomic.write_atomic(str(target), "<p>one</p>")
    atomic.write_atomic(str(target), b"<p>two</p>")
    assert target.read_bytes() == b"<p>two</p>"
    assert os.listdir(target.parent) == ["page.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.html"
    target.write_text("old", encoding="utf-8")

    def refuse(source: str, destination: str) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ProcessWalkError, match=r"cannot write .*page.html \(no space left on device\)"):
        atomic.write_atomic(str(target), "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["page.html"]


def test_write_all_writes_in_name_order(tmp_path: Path) -> None:
    assert atomic.write_all(str(tmp_path), {"b.html": "b", "a.html": "a"}) == [
        str(tmp_path / "a.html"), str(tmp_path / "b.html")]


# --- diagram -------------------------------------------------------------------------------------


@needs_dot
@pytest.mark.parametrize("name, magic", [("x.svg", b"<svg "), ("x.png", b"\x89PNG"), ("x.dot", b"digraph"),
                                         ("x.gv", b"digraph")])
def test_diagram_format_by_extension(run: Run, tmp_path: Path, name: str, magic: bytes) -> None:
    out = tmp_path / name
    code, _, err = run("diagram", str(ROOT / "processes" / "billing-credit.yaml"), "-o", str(out), "--today", TODAY)
    assert (code, err) == (0, f"wrote {out}\n")
    assert out.read_bytes().startswith(magic)


@needs_dot
def test_diagram_format_option_overrides_the_extension(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    assert run("diagram", str(ROOT / "processes" / "billing-credit.yaml"), "-o", str(out), "--format", "dot")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("digraph process {") and "hotspot impact" in text


@pytest.mark.parametrize("args, message", [
    (("x.txt",), "cannot tell the format of"),
    (("x.svg", "--format", "pdf"), "'pdf' is not one of 'svg', 'png', 'dot'"),
])
def test_diagram_usage_errors(run: Run, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = run("diagram", str(ROOT / "processes" / "billing-credit.yaml"), "-o",
                       str(tmp_path / args[0]), *args[1:])
    assert code == 2 and message in err


def test_diagram_of_a_catalog_names_the_problem(run: Run, tmp_path: Path) -> None:
    code, _, err = run("diagram", str(ROOT / "processes" / "catalog.yaml"), "-o", str(tmp_path / "x.svg"))
    assert (code, err) == (2, f"Error: {ROOT / 'processes' / 'catalog.yaml'} holds no process (it is a catalog); "
                              "diagram takes a process file\n")


def test_diagram_of_an_invalid_file_writes_nothing(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("process: bad\ntitle: Bad\nstart: a\nsteps:\n  a: {team: nobody, next: b}\n  b: {kind: end}\n",
                   encoding="utf-8")
    code, out, err = run("diagram", str(bad), "-o", str(tmp_path / "x.svg"))
    assert code == 1 and "unknown team 'nobody'" in out and err.endswith("; no diagram written\n")
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
def test_a_log_adds_declared_vs_actual_to_each_page(run: Run, tmp_path: Path) -> None:
    from tests.eventlog.conftest import LOGS

    log = LOGS / "receipt.csv"
    (tmp_path / ".processwalk.yaml").write_text("{}\n")
    drafted = tmp_path / "receipt.yaml"
    assert run("discover", str(log), "-o", str(drafted))[0] == 0
    code, _, err = run("report", str(drafted), "-o", str(tmp_path / "out"), "--log", str(log))
    assert (code, err) == (0, f"wrote 2 page(s) for 1 process(es) to {tmp_path / 'out'}\n")
    page = (tmp_path / "out" / "receipt.html").read_text()
    assert '<a href="#calibration">Declared vs actual</a>' in page
    assert page.count('<section id="calibration"') == 1
    assert "fit: 100% of cases (1,434 of 1,434)" in page
