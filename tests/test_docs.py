"""The user documents are complete: every key of the format in docs/format.md, every figure of
``analyze --format json`` in docs/figures.md, and the README links them."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from processwalk.schema import text
from tests.conftest import Run

DOCS = Path("docs")


def code_words(path: Path) -> set[str]:
    """The words written as code in a Markdown file: in `spans` and in fenced blocks."""
    source = path.read_text(encoding="utf-8")
    code = re.findall(r"```.*?```", source, flags=re.S)
    code += re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", source, flags=re.S))
    return {word for chunk in code for word in re.findall(r"[A-Za-z0-9_-]+", chunk)}


def schema_keys(node: Any) -> Iterator[str]:
    """Every key the schema knows, at every level (the names under each ``properties``)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                yield from value
            yield from schema_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from schema_keys(item)


def figure_keys(output: dict[str, Any]) -> set[str]:
    """The keys of the figures in ``analyze --format json``: of the process, its steps, teams,
    policies and paths, of the portfolio, and each finding's evidence and impact."""
    keys: set[str] = set()
    findings = list(output["portfolio"]["findings"])
    for process in output["processes"]:
        keys |= {"demand_per_day", "sla_h", "bottleneck", "max_demand_per_day", "paths"} & set(process)
        keys |= set(process["figures"])
        for part in ("steps", "teams", "policies"):
            keys |= {key for entry in process[part].values() for key in entry}
        keys |= set(process["paths"]) | {key for path in process["paths"]["likely"] for key in path}
        findings += process["findings"]
    keys |= {key for part in ("teams", "policies") for entry in output["portfolio"][part].values() for key in entry}
    keys |= {key for finding in findings for part in ("evidence", "impact") for key in finding[part]}
    return keys


def test_every_key_of_the_schema_is_in_the_format_document() -> None:
    keys = set(schema_keys(json.loads(text())))
    assert len(keys) > 90  # the walk reached budgets and scenarios
    assert sorted(keys - code_words(DOCS / "format.md")) == []


def test_every_figure_of_the_json_is_in_the_figures_document(run: Run) -> None:
    code, out, _ = run("analyze", "processes", "--format", "json")
    keys = figure_keys(json.loads(out))
    assert code == 0 and {"lead_time_h", "pca", "wait_verdict", "little_age_d", "steps_repeated"} <= keys
    assert sorted(keys - code_words(DOCS / "figures.md")) == []


def test_the_format_document_says_what_owners_need() -> None:
    source = (DOCS / "format.md").read_text(encoding="utf-8")
    assert {"frontline", "owner", "self-service", "workday", "until", "menu-loop", "impossible-wait",
            "scenarios"} <= code_words(DOCS / "format.md")
    assert "`35%`" in source and "`120/workday`" in source
    assert "process id 'billing-credit' is also used at" in source  # duplicate ids


def test_the_readme_and_the_docs_link_the_two_documents() -> None:
    readme = Path("README.md").read_text(encoding="utf-8")
    assert "[the format specification](docs/format.md)" in readme
    assert "[the analysis specification](docs/figures.md)" in readme
    for name in ("format.md", "figures.md"):
        assert (DOCS / name).is_file()
    linked = re.findall(r"\]\(([^)#]+)", (DOCS / "format.md").read_text() + (DOCS / "figures.md").read_text())
    assert all((DOCS / target).is_file() for target in linked), linked


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lowercase, code marks and punctuation dropped, spaces as '-'."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.strip().lower()).replace(" ", "-")


def test_every_anchor_the_two_documents_link_exists() -> None:
    sources = {name: (DOCS / name).read_text() for name in ("format.md", "figures.md", "ci.md", "queueing.md",
                                                            "scenarios.md")}
    anchors = {name: {slug(h) for h in re.findall(r"^#+ (.+)$", source, flags=re.M)}
               for name, source in sources.items()}
    links = [(name, target or name, anchor) for name, source in sources.items()
             for target, anchor in re.findall(r"\]\(((?:format|figures)\.md)?#([a-z0-9_-]+)\)", source)]
    assert len(links) > 10
    assert [link for link in links if link[2] not in anchors.get(link[1], set())] == []
