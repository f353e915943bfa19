"""Where the repository's own files are: SQL, expectations, report templates, contracts, catalogue, docs.

The one module that knows the checkout's layout, so no other module counts ``Path(__file__).parents``.
``sql/``, ``expectations/`` and ``reports/`` sit at the top of the repository by design; everything
else the code reads ships inside the ``pipeline`` package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
REPOSITORY = PACKAGE.parent

SQL = REPOSITORY / "sql"
EXPECTATIONS = REPOSITORY / "expectations"
REPORTS = REPOSITORY / "reports"
DOCS = REPOSITORY / "docs"

CONTRACTS = PACKAGE / "contracts"
REFERENCE = PACKAGE / "reference"
CATALOGUE = PACKAGE / "catalogue"
INSTANCE_TEMPLATE = PACKAGE / "instance" / "dagster.yaml"
