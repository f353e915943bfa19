"""Preparing a warehouse for ingest: the fixed schemas, and the reference tables refreshed from the
repository's contracts (so a code or department added to ``pipeline/reference`` is known the next night)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from pipeline.lib.quality.contracts import REFERENCE_TABLES, reference
from pipeline.lib.warehouse.connection import run_script


def initialise(con: duckdb.DuckDBPyConnection) -> None:
    """Create the fixed schemas and refresh the reference tables from the repository."""
    run_script(con, "warehouse/create_schemas.sql")
    for name in REFERENCE_TABLES:
        table = reference(name)
        columns = list(table.rows[0])
        rows = pa.table({c: pa.array([row[c] for row in table.rows], pa.string()) for c in columns})
        con.register("reference_rows", rows)
        run_script(con, "warehouse/load_reference.sql", table=name)
        con.unregister("reference_rows")
