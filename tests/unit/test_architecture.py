"""The folders show the flow: each ``pipeline.lib`` package imports only from packages of an earlier
rank (the board pack and the site, side by side, never from each other), ``pipeline.lib`` never
imports Dagster, no module of ``pipeline`` takes part in an import cycle (function-level and
TYPE_CHECKING imports count: they hide cycles, they do not break them), and no room grows past
the size a reader can hold in mind."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from pipeline.lib import LAYERS, RANKS, may_import

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"
LIB = PIPELINE / "lib"
MAX_MODULES_PER_PACKAGE = 12
MAX_PACKAGE_LINES = 1500
MAX_MODULE_LINES = 300
LARGE_BY_DESIGN = {"sample/generator.py"}  # the synthetic world, one narrative from start to end


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PIPELINE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PIPELINE.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """Every ``pipeline`` module a file imports, at any depth, resolved to a module of the tree."""
    known = modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [n if n in known else node.module for n in names]
        found.update(n for n in names if n in known)
    return found


def foreign_imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module.split(".")[0])
    return out


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if parts[:2] == ["pipeline", "lib"] and len(parts) > 2 else None


def lib_modules() -> list[Path]:
    found = sorted(LIB.rglob("*.py"))
    assert len(found) > 20
    return found


@pytest.mark.parametrize("path", lib_modules(), ids=lambda p: str(p.relative_to(LIB)))
def test_lib_imports_only_earlier_ranks_and_never_dagster(path: Path) -> None:
    own = package_of(module_name(path))
    assert "dagster" not in foreign_imports(path), f"{path.name} imports dagster"
    for module in imports_of(path):
        other = package_of(module)
        if own is not None and other is not None:
            assert may_import(own, other), f"lib/{own}/{path.name} may not import {module}"


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components with more than one module, or a module that imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_anywhere_in_pipeline() -> None:
    graph = {name: {m for m in imports_of(path) if m != name} for name, path in modules().items()}
    # a package's __init__ is imported by its modules' own import machinery, not by a cycle of ours
    graph = {n: {m for m in deps if not n.startswith(m + ".")} for n, deps in graph.items()}
    assert strongly_connected(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_board_and_site_are_side_by_side() -> None:
    assert ("board", "site") in RANKS
    assert not may_import("board", "site") and not may_import("site", "board")
    assert may_import("release", "site") and not may_import("render", "board")


def test_every_subpackage_is_a_layer_and_says_what_it_may_import() -> None:
    packages = sorted(p.name for p in LIB.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert packages == sorted(LAYERS)
    for name in packages:
        doc = ast.get_docstring(ast.parse((LIB / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"pipeline/lib/{name} does not say what it may import"


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_each_room_stays_small_enough_to_read(package: str) -> None:
    files = [p for p in (LIB / package).glob("*.py") if p.name != "__init__.py"]
    assert len(files) <= MAX_MODULES_PER_PACKAGE, f"lib/{package} has {len(files)} modules"
    assert sum(map(lines, files)) <= MAX_PACKAGE_LINES, f"lib/{package} is over {MAX_PACKAGE_LINES} lines"


def test_no_module_is_over_300_lines() -> None:
    long = {
        str(p.relative_to(PIPELINE)): lines(p)
        for p in PIPELINE.rglob("*.py")
        if lines(p) > MAX_MODULE_LINES and str(p.relative_to(PIPELINE)) not in LARGE_BY_DESIGN
    }
    assert long == {}


def test_docs_architecture_lists_every_module_in_its_room() -> None:
    """docs/architecture.md is redrawn from the code: its rooms table names each module where it lives."""
    doc = (PIPELINE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[2].strip(" `"): line for line in doc.splitlines() if line.startswith("| ") and "` |" in line
    }
    for package in LAYERS:
        assert package in rows, f"docs/architecture.md has no row for lib/{package}"
        modules = sorted(p.stem for p in (LIB / package).glob("*.py") if p.name != "__init__.py")
        listed = rows[package].rsplit("|", 2)[-2]
        missing = [m for m in modules if f"`{m}`" not in listed]
        assert not missing, f"docs/architecture.md does not list lib/{package}: {missing}"
