"""Preparing a warehouse for ingest: the fixed schemas, and the reference tables refreshed from the
repository's contracts (so a code or department added to ``pipeline/reference`` is known the next night)."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from pipeline.lib.quality.contracts import Contract
from pipeline.lib.quality.references import REFERENCE_TABLES, reference
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


def ensure_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Create the source's raw, staging, candidate and core tables from its contract (and bring a
    warehouse made before landing sightings were kept up to date: see ``audit/backfill_sightings.sql``)."""
    kept = contract.kept_columns
    run_script(con, "ingest/create_raw.sql", source=contract.source, columns=[{"name": c.stored_name} for c in kept])
    typed = [{"name": c.stored_name, "sql_type": c.sql_type} for c in kept]
    run_script(con, "staging/create.sql", source=contract.source, columns=typed)
    run_script(con, "core/create_candidates.sql", source=contract.source, columns=typed)
    for table in filter(None, (contract.core_table, contract.current_table)):
        run_script(con, "core/create.sql", table=table, columns=typed)
    if contract.tally:
        run_script(con, "audit/create_set_aside.sql", source=contract.source, columns=typed)
    run_script(con, "audit/backfill_sightings.sql", source=contract.source, table=contract.core_table)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
