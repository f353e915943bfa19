"""Preparing a warehouse for ingest: the fixed schemas, and the reference tables refreshed from the
repository's contracts (so a code or department added to ``pipeline/reference`` is known the next night)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb

from pipeline.lib.quality.contracts import Contract
from pipeline.lib.quality.countries import RESOLVED_REFERENCES
from pipeline.lib.quality.references import refresh_reference_tables
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script, scalar
from pipeline.lib.warehouse.transaction import transaction


def initialise(con: duckdb.DuckDBPyConnection) -> None:
    """Create the fixed schemas and refresh the reference tables from the repository."""
    run_script(con, "warehouse/create_schemas.sql")
    refresh_reference_tables(con)


def ensure_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Create the source's staging, candidate and core tables from its contract, and bring an older
    warehouse up to date: landing sightings (``audit/backfill_sightings.sql``), the raw text table
    retired (``ingest/retire_raw.sql``)."""
    kept = contract.kept_columns
    typed = [{"name": c.stored_name, "sql_type": c.sql_type} for c in kept]
    run_script(con, "staging/create.sql", source=contract.source, columns=typed)
    if scalar(con, sql.render("ingest/legacy_raw.sql", source=contract.source)):
        _retire_raw(con, contract)
    run_script(con, "core/create_candidates.sql", source=contract.source, columns=typed)
    for table in filter(None, (contract.core_table, contract.current_table)):
        run_script(con, "core/create.sql", table=table, columns=typed)
    if contract.tally:
        run_script(con, "audit/create_set_aside.sql", source=contract.source, columns=typed)
    if scalar(con, sql.render("audit/backfill_needed.sql", source=contract.source)):
        run_script(con, "audit/backfill_sightings.sql", source=contract.source, table=contract.core_table)


def _retire_raw(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Type a pre-upgrade warehouse's held rows from its raw text table into staging, where held rows
    wait now, and drop the table: in one transaction, so a crash leaves the table for the next run."""
    with transaction(con):
        run_script(con, "ingest/retire_raw.sql", source=contract.source)
        run_script(con, "staging/type_rows.sql", source=contract.source, columns=typed_columns(contract))
        run_script(con, "ingest/drop_group.sql")
        run_script(con, "ingest/drop_raw.sql", source=contract.source)


def typed_columns(contract: Contract) -> list[dict[str, Any]]:
    """The kept columns as ``staging/type_rows.sql`` reads them (countries resolved by name)."""
    return [
        {"name": c.stored_name, "type": c.type, "resolve": c.reference in RESOLVED_REFERENCES}
        for c in contract.kept_columns
    ]


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
