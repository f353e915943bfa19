"""Where the pipeline's own files are: SQL, expectations, report templates, contracts, catalogue, docs.

The one module that knows the layout, so no other module counts ``Path(__file__).parents``. Every
resource is found through :mod:`importlib.resources` from the ``pipeline`` package, so the same code
works from a checkout and from an installed wheel:

* ``sql/``, ``expectations/`` and ``reports/`` sit at the top of the repository by design; the wheel
  carries them inside the package as ``pipeline/_resources/<name>`` (hatch ``force-include``). A
  bundled copy wins when present, else the checkout's top-level folder is used.
* contracts, the catalogue, reference data and the instance template live inside the package.
* ``pyproject.toml`` (whose ``[tool.dg]`` section tells Dagster where the definitions are) is the
  checkout's, or the wheel's copy in ``_resources``: :data:`REPOSITORY` is the folder holding it.
* ``docs/`` (only ``hrp docs`` reads and writes it) and git (for the code version) exist only in a
  checkout: :data:`CHECKOUT` is ``None`` in an installed wheel.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir() -> Path:
    """The installed or checked-out ``pipeline`` package as a real directory (wheels install unzipped)."""
    root = files("pipeline")
    if not isinstance(root, Path):
        raise RuntimeError(f"the pipeline package must be installed as files on disk, not {root!r}")
    return root.resolve()


PACKAGE = _package_dir()
BUNDLED = PACKAGE / "_resources"


def _checkout() -> Path | None:
    """The repository the package was imported from, when it was (not when installed from a wheel)."""
    candidate = PACKAGE.parent
    return candidate if (candidate / "pyproject.toml").is_file() and (candidate / "sql").is_dir() else None


CHECKOUT = _checkout()
REPOSITORY = CHECKOUT if CHECKOUT is not None else BUNDLED


def _top_level(name: str) -> Path:
    """A top-level folder of the repository: the wheel's bundled copy, else the checkout's own."""
    bundled = BUNDLED / name
    if bundled.is_dir() or CHECKOUT is None:
        return bundled
    return CHECKOUT / name


SQL = _top_level("sql")
EXPECTATIONS = _top_level("expectations")
REPORTS = _top_level("reports")
DOCS = REPOSITORY / "docs"

CONTRACTS = PACKAGE / "contracts"
REFERENCE = PACKAGE / "reference"
CATALOGUE = PACKAGE / "catalogue"
INSTANCE_TEMPLATE = PACKAGE / "instance" / "dagster.yaml"
