"""Hypothesis strategies for hostile inputs built from the format: mutants of the example
processes, catalogs and configurations (a value replaced, a key dropped or added, a subtree
copied elsewhere, text cut or spliced), and small event logs with odd rows."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = sorted(p for p in (ROOT / "processes").glob("*.yaml") if p.name != "catalog.yaml")
CATALOG = (ROOT / "processes" / "catalog.yaml").read_text(encoding="utf-8")
CONFIG = ("today: 2026-11-24\nrules:\n  long-wait: {share: 0.5, times_work: 100}\n  bottleneck: {warning: 0.8}\n"
          "display: {unit: d, currency: EUR}\ndiff: {lead-time-increase: 0.1, new-approval: true}\n")

#: values that broke the commands once (issue 14) and their neighbours
NUMBERS = ["0", "-1", "1e+308", "-1e+308", "1e-300", "9" * 100, ".nan", ".inf", "-.inf", "25", "8",
           "0.0000001", "190:20:30", "!!str 5", "0x1F", "1_000", "true", "null", "~", "[]", "{}"]
DURATIONS = ["0s", "1d1d", "9999999w", "-2d", "1e+308h", "PT0S", "P9999999999D", "{mean: 1e+308}",
             "{p50: 1h, p90: 9999999w}", "{mean: 1h, cv: 1e+308}", "{min: 2h, mode: 1h, max: 3h}",
             "1h30", "5", "5m5m", "0.5m", "{mean: 0}"]
RATES = ["0/day", "1e+308/day", "-5/day", "5/fortnight", "100/workday", "1/1e-300d", "120%"]
TEXTS = ["\x85", "\ufffe", "\u2028", "\x00", "\x1b[31mred", "a\nb", "\t", "<script>x</script>",
         "x" * 300, "X-ray", "x-key", "'", '"', "\\N", "}}{{", "%%", "\U0001f600", "\u202e", ""]
IDS = ["a" * 150, "x-ray", "X-ray", "a\nb", "-a", "a--b", "1", "é", "a" * 100]
SCALARS = NUMBERS + DURATIONS + RATES + TEXTS + IDS


def _scalar(text: str) -> Any:
    """A YAML value as the loader would see it written in place (a tagged or odd scalar stays text)."""
    try:
        return yaml.safe_load(text) if not text.startswith("!!") else text
    except yaml.YAMLError:
        return text


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*here, i))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated(draw: st.DrawFn, document: Any, count: int = 3) -> Any:
    """``document`` with up to ``count`` structural mutations."""
    import copy

    doc = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, count))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _get(doc, path[:-1]), path[-1]
        what = draw(st.sampled_from(["replace", "replace", "replace", "drop", "add", "copy", "rename"]))
        if what == "replace":
            parent[last] = _scalar(draw(st.sampled_from(SCALARS)))
        elif what == "drop" and isinstance(parent, dict):
            del parent[last]
        elif what == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(IDS + ["x-note", "next", "p", "staff"]))] = _scalar(draw(st.sampled_from(SCALARS)))
        elif what == "copy":
            other = draw(st.sampled_from(paths))
            parent[last] = copy.deepcopy(_get(doc, other))
        elif what == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(IDS))] = parent.pop(last)
    return doc


def dump(document: Any) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10_000)


@st.composite
def spliced(draw: st.DrawFn, text: str) -> str:
    """``text`` with a hostile scalar written raw after a key, or cut short: what yaml.dump never writes."""
    lines = text.splitlines()
    keyed = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
    if draw(st.booleans()) and keyed:
        i = draw(st.sampled_from(keyed))
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {draw(st.sampled_from(NUMBERS + DURATIONS + RATES))}"
    else:
        lines = lines[:draw(st.integers(1, len(lines)))]
    return "\n".join(lines) + "\n"


@st.composite
def process_files(draw: st.DrawFn) -> dict[str, str]:
    """A folder's files: one example process (mutated), the catalog and a configuration (each maybe)."""
    example = draw(st.sampled_from(EXAMPLES))
    text = example.read_text(encoding="utf-8")
    target = draw(st.sampled_from(["process", "process", "process", "catalog", "config"]))
    files = {"p.yaml": text, "catalog.yaml": CATALOG, ".processwalk.yaml": CONFIG}
    name = {"process": "p.yaml", "catalog": "catalog.yaml", "config": ".processwalk.yaml"}[target]
    source = files[name]
    if draw(st.integers(0, 4)) == 0:
        files[name] = draw(spliced(source))
    else:
        files[name] = dump(draw(mutated(yaml.safe_load(source))))
    return files


STAMPS = ["2024-01-01T10:00:00", "2024-01-01T09:00:00", "10000-01-01T00:00:00", "-0001-01-01T00:00:00",
          "294247-01-01T00:00:00", "2024-13-01T00:00:00", "", "not a date", "2024-01-02T10:00:00+14:00",
          "1970-01-01T00:00:00", "2024-01-01 10:00:00\x00"]
ACTIVITIES = ["Call", "Check", "X-ray", "x-ray", "Done", "A\x07B", "\u2028", "a" * 200, "", "~", "next",
              "Check\n", "steps", "#1"]


@st.composite
def event_logs(draw: st.DrawFn) -> str:
    """A small CSV event log with the XES column names and odd rows among plain ones."""
    rows = ["case:concept:name,concept:name,time:timestamp,lifecycle:transition,org:group"]
    for case in range(draw(st.integers(1, 6))):
        for event in range(draw(st.integers(1, 4))):
            activity = draw(st.sampled_from(ACTIVITIES[:2] + ACTIVITIES)) if event else "Call"
            stamp = draw(st.sampled_from(STAMPS[:1] * 4 + STAMPS))
            if stamp == STAMPS[0]:
                stamp = f"2024-01-{1 + case:02d}T{10 + event:02d}:00:00"
            life = draw(st.sampled_from(["complete", "complete", "start", "", "COMPLETE"]))
            group = draw(st.sampled_from(["Front", "Back", "", "G\x00"]))
            rows.append(",".join(_csv(v) for v in (f"c{case}", activity, stamp, life, group)))
    return "\n".join(rows) + "\n"


def _csv(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value
