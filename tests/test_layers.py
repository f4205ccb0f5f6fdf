"""The package's plan as a test: no import cycle, no import up the layers of docs/architecture.md,
each third-party library only where that document lets it in.

The import graph is read from the source with ``ast``: absolute and relative imports, those inside
functions and those under ``if TYPE_CHECKING:`` alike (a type is a dependency too), ``from pkg
import mod`` taken as an import of the module ``pkg.mod``.  The layers and the libraries' places
are the two machine-readable lists of docs/architecture.md, so the document and the test cannot
drift.  The checking functions are tested on the small packages of tests/data/layers/.
"""
from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data" / "layers"


@dataclass(frozen=True)
class Import:
    """``source`` imports ``target`` (a module of the package, or a library's top-level name)."""

    source: str
    target: str
    file: str
    line: int


@dataclass(frozen=True)
class Layer:
    name: str
    patterns: tuple[str, ...]
    #: the modules of an "apart" layer do not import each other (one module per command)
    apart: bool = False


@dataclass(frozen=True)
class Plan:
    layers: tuple[Layer, ...]
    #: each library's top-level name -> the module patterns it may enter through
    libraries: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Package:
    name: str
    #: module name -> its file, relative to the package's parent folder
    files: Mapping[str, str]
    internal: tuple[Import, ...]
    external: tuple[Import, ...]


# -- reading the plan ------------------------------------------------------------------------------

def plan_of(text: str) -> Plan:
    """The ```` ```layers ```` and ```` ```libraries ```` blocks of an architecture document.

    A layer line is ``name: pattern ...`` (lowest layer first), ``name (apart): ...`` for a layer
    whose modules do not import each other; a library line is ``library: pattern ...``.  Patterns
    are module names relative to the package (``__init__`` is the package itself); ``x.*`` stands
    for ``x`` and every module below it.  A module belongs to the layer of its longest pattern."""
    layers = []
    for name, patterns in _block(text, "layers"):
        bare = name.removesuffix(" (apart)")
        layers.append(Layer(bare, patterns, bare != name))
    return Plan(tuple(layers), dict(_block(text, "libraries")))


def _block(text: str, kind: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    found = re.search(rf"^```{kind}\n(.*?)^```", text, re.M | re.S)
    assert found, f"no ```{kind} block"
    for line in found.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, patterns = line.partition(":")
            yield name.strip(), tuple(patterns.split())


def _matches(pattern: str, module: str, package: str) -> int:
    """How specific ``pattern`` is for ``module`` (0: it does not match)."""
    relative = "__init__" if module == package else module.removeprefix(package + ".")
    if pattern.endswith(".*"):
        base = pattern[:-2]
        return len(base) if relative == base or relative.startswith(base + ".") else 0
    return len(pattern) + 1 if relative == pattern else 0


def place(patterns: Sequence[str], module: str, package: str) -> int:
    return max((_matches(p, module, package) for p in patterns), default=0)


def layer_of(plan: Plan, module: str, package: str) -> int | None:
    """The index of the module's layer (0 the lowest), None when no layer names it."""
    best = max(((place(layer.patterns, module, package), i) for i, layer in enumerate(plan.layers)), default=(0, 0))
    return best[1] if best[0] else None


# -- reading the package ---------------------------------------------------------------------------

def package_at(folder: Path) -> Package:
    """Every module of the package in ``folder`` and every import in it."""
    name = folder.name
    modules = {}
    for path in sorted(folder.rglob("*.py")):
        parts = list(path.relative_to(folder.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    internal: list[Import] = []
    external: list[Import] = []
    for module, path in modules.items():
        file = path.relative_to(folder.parent).as_posix()
        here = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for target, line in _imports(ast.parse(path.read_text(encoding="utf-8")), here, modules):
            top = target.partition(".")[0]
            if top == name:
                internal.append(Import(module, target, file, line))
            elif top not in sys.stdlib_module_names:
                external.append(Import(module, top, file, line))
    return Package(name, {m: p.relative_to(folder.parent).as_posix() for m, p in modules.items()},
                   tuple(internal), tuple(external))


def _imports(tree: ast.Module, here: str, modules: Mapping[str, Path]) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield (full if full in modules else base), node.lineno


def graph_of(package: Package) -> dict[str, dict[str, Import]]:
    """module -> the modules it imports, each with its first import (by line)."""
    edges: dict[str, dict[str, Import]] = {m: {} for m in package.files}
    for imp in sorted(package.internal, key=lambda i: (i.source, i.line)):
        if imp.target in package.files and imp.target != imp.source:
            edges[imp.source].setdefault(imp.target, imp)
    return edges


# -- the checks ------------------------------------------------------------------------------------

def cycles(package: Package) -> list[str]:
    """One message per strongly connected group of modules: a cycle through it, from its first
    module in name order, each step the shortest way back."""
    edges = graph_of(package)
    messages = []
    for group in _components(edges):
        start = min(group)
        path = _shortest_cycle(edges, group, start)
        steps = " -> ".join(f"{edges[a][b].source} ({edges[a][b].file}:{edges[a][b].line})"
                            for a, b in zip(path, path[1:]))
        messages.append(f"import cycle: {steps} -> {start}")
    return sorted(messages)


def _components(edges: Mapping[str, Mapping[str, Import]]) -> list[set[str]]:
    """Tarjan's strongly connected components of more than one module, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def _shortest_cycle(edges: Mapping[str, Mapping[str, Import]], group: set[str], start: str) -> list[str]:
    """start -> ... -> start inside ``group``, breadth first, neighbours in name order."""
    came: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(edges[node]):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came[path[-1]])
                    return [*reversed(path), start]
                if child in group and child not in came:
                    came[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"{start} is on no cycle")  # pragma: no cover - a component has one


def unplaced(package: Package, plan: Plan) -> list[str]:
    """Modules in no layer, and modules that two layers name alike (neither more specific)."""
    messages = []
    for module, file in package.files.items():
        fits = [(place(layer.patterns, module, package.name), layer.name) for layer in plan.layers]
        best = max(fit for fit, _ in fits)
        if not best:
            messages.append(f"{file}: {module} is in no layer of the architecture")
        elif sum(fit == best for fit, _ in fits) > 1:
            named = ", ".join(name for fit, name in fits if fit == best)
            messages.append(f"{file}: {module} is named alike by the layers {named}")
    return messages


def upward(package: Package, plan: Plan) -> list[str]:
    """Imports from a lower layer to a higher one, and between the modules of an apart layer."""
    messages = []
    for imp in _edges(package):
        source, target = layer_of(plan, imp.source, package.name), layer_of(plan, imp.target, package.name)
        if source is None or target is None:
            continue
        here, there = plan.layers[source], plan.layers[target]
        if target > source:
            messages.append(f"{imp.file}:{imp.line}: {imp.source} ({here.name}) imports {imp.target} "
                            f"({there.name}), a higher layer")
        elif target == source and here.apart:
            messages.append(f"{imp.file}:{imp.line}: {imp.source} imports {imp.target}; the modules of "
                            f"'{here.name}' do not import each other")
    return messages


def _edges(package: Package) -> list[Import]:
    return sorted((imp for targets in graph_of(package).values() for imp in targets.values()),
                  key=lambda i: (i.file, i.line, i.target))


def libraries(package: Package, plan: Plan) -> list[str]:
    messages = []
    for imp in sorted(package.external, key=lambda i: (i.file, i.line, i.target)):
        allowed = plan.libraries.get(imp.target)
        if allowed is None:
            messages.append(f"{imp.file}:{imp.line}: {imp.source} imports {imp.target}, which the architecture "
                            "lets in nowhere")
        elif not place(allowed, imp.source, package.name):
            messages.append(f"{imp.file}:{imp.line}: {imp.source} imports {imp.target}, which may enter only "
                            f"through {', '.join(allowed)}")
    return messages


def stale(package: Package, plan: Plan) -> list[str]:
    """Names of the architecture that no module answers to, and libraries that nothing imports."""
    modules = list(package.files)
    messages = [f"layer '{layer.name}': {pattern} names no module" for layer in plan.layers
                for pattern in layer.patterns if not any(_matches(pattern, m, package.name) for m in modules)]
    imported = {imp.target for imp in package.external}
    return messages + [f"library {name}: nothing imports it" for name in plan.libraries if name not in imported]


# -- the package -----------------------------------------------------------------------------------

PLAN = plan_of((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
PACKAGE = package_at(ROOT / "processwalk")


def test_every_module_is_in_a_layer() -> None:
    assert unplaced(PACKAGE, PLAN) == []


def test_the_architecture_names_only_what_is_there() -> None:
    assert stale(PACKAGE, PLAN) == []


def test_no_import_cycle() -> None:
    assert cycles(PACKAGE) == []


def test_no_import_goes_up_a_layer() -> None:
    assert upward(PACKAGE, PLAN) == []


def test_each_library_enters_where_the_architecture_says() -> None:
    assert libraries(PACKAGE, PLAN) == []


def test_the_graph_sees_every_kind_of_import() -> None:
    # a lazy import inside a function, one under TYPE_CHECKING, and `from processwalk import x`
    # resolved to the module: each is an edge of the graph
    edges = graph_of(PACKAGE)
    assert "processwalk.eventlog.engine" in edges["processwalk.config"]          # top of the file
    assert "processwalk.analysis.walk" in edges["processwalk.rules.base"]         # under TYPE_CHECKING
    assert "processwalk.render.diagram" in edges["processwalk.commands.diagram"]  # inside a function
    assert "processwalk.files" in edges["processwalk.load"]                       # from processwalk import files


# -- the checks on the fixture packages (tests/data/layers) -----------------------------------------

FIXTURE_PLAN = plan_of((FIXTURES / "architecture.md").read_text(encoding="utf-8"))


def test_a_cycle_is_reported_with_its_modules_in_order() -> None:
    # cycle.a imports cycle.b at its top; cycle.b imports cycle.a back under TYPE_CHECKING (relative)
    package = package_at(FIXTURES / "cycle")
    assert cycles(package) == ["import cycle: cycle.a (cycle/a.py:4) -> cycle.b (cycle/b.py:8) -> cycle.a"]
    assert upward(package, FIXTURE_PLAN) == []
    assert libraries(package, FIXTURE_PLAN) == []


def test_an_import_up_a_layer_is_reported_with_its_file_line_and_layers() -> None:
    # upward.low imports upward.high inside a function; the command upward.top.one imports its
    # sibling upward.top.two (the top layer is apart); no cycle
    package = package_at(FIXTURES / "upward")
    assert upward(package, FIXTURE_PLAN) == [
        "upward/low.py:6: upward.low (low) imports upward.high (high), a higher layer",
        "upward/top/one.py:4: upward.top.one imports upward.top.two; the modules of 'top' do not import each other",
    ]
    assert cycles(package) == []
    assert unplaced(package, FIXTURE_PLAN) == []


def test_a_library_outside_its_module_is_reported() -> None:
    # jinja2 may enter through `views` only: `low` imports it too (inside a function); yaml is let in
    # nowhere; os is the standard library
    package = package_at(FIXTURES / "library")
    assert libraries(package, FIXTURE_PLAN) == [
        "library/high.py:4: library.high imports yaml, which the architecture lets in nowhere",
        "library/low.py:8: library.low imports jinja2, which may enter only through views",
    ]
    assert cycles(package) == [] and upward(package, FIXTURE_PLAN) == []


def test_a_module_in_no_layer_is_reported() -> None:
    plan = Plan(FIXTURE_PLAN.layers[1:], FIXTURE_PLAN.libraries)
    assert unplaced(package_at(FIXTURES / "cycle"), plan) == [
        "cycle/__init__.py: cycle is in no layer of the architecture",
        "cycle/a.py: cycle.a is in no layer of the architecture",
        "cycle/b.py: cycle.b is in no layer of the architecture",
    ]


def test_a_name_of_the_architecture_that_is_not_there_is_reported() -> None:
    plan = plan_of("```layers\nlow: __init__ a b gone.*\n```\n```libraries\njinja2: a\n```\n")
    assert stale(package_at(FIXTURES / "cycle"), plan) == [
        "layer 'low': gone.* names no module", "library jinja2: nothing imports it",
    ]


def test_a_module_two_layers_name_alike_is_reported() -> None:
    plan = plan_of("```layers\nlow: __init__ a b\nhigh: b\n```\n```libraries\n```\n")
    assert unplaced(package_at(FIXTURES / "cycle"), plan) == [
        "cycle/b.py: cycle.b is named alike by the layers low, high",
    ]


def test_the_longest_pattern_places_a_module() -> None:
    plan = plan_of("```layers\nlow: top.common\ntop: top.*\n```\n```libraries\n```\n")
    assert [layer_of(plan, m, "p") for m in ("p.top", "p.top.common", "p.top.one", "p.other")] == [1, 0, 1, None]
