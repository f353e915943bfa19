"""The folders show the flow: each ``pipeline.lib`` subpackage imports only from those before it, and
``pipeline.lib`` never imports Dagster (so every rule stays testable without it)."""

import ast
from pathlib import Path

import pytest

from pipeline.lib import LAYERS

LIB = Path(__file__).resolve().parents[2] / "pipeline" / "lib"


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def lib_modules() -> list[Path]:
    modules = sorted(LIB.rglob("*.py"))
    assert len(modules) > 20
    return modules


@pytest.mark.parametrize("path", lib_modules(), ids=lambda p: str(p.relative_to(LIB)))
def test_lib_imports_only_downward_and_never_dagster(path: Path) -> None:
    layer = path.relative_to(LIB).parts[0]
    own = LAYERS.index(layer) if layer in LAYERS else -1
    for module in imports_of(path):
        assert module.split(".")[0] != "dagster", f"{path.name} imports {module}"
        parts = module.split(".")
        if parts[:2] == ["pipeline", "lib"] and len(parts) > 2 and parts[2] in LAYERS:
            assert LAYERS.index(parts[2]) <= own, f"{layer}/{path.name} imports upward: {module}"


def test_every_subpackage_is_a_layer_and_says_what_it_may_import() -> None:
    packages = sorted(p.name for p in LIB.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert packages == sorted(LAYERS)
    for name in packages:
        doc = ast.get_docstring(ast.parse((LIB / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"pipeline/lib/{name} does not say what it may import"
