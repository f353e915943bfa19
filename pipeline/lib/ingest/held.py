"""Held deliveries: what is held back, and an operator's release of one despite its blocking rule."""

from __future__ import annotations

from typing import Any

import duckdb

from pipeline.lib.ingest.setup import ensure_tables
from pipeline.lib.ingest.stage import typed_columns
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script
from pipeline.lib.warehouse.transaction import transaction


def held_deliveries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return sql.records(con, "audit/held_deliveries.sql")


def release(con: duckdb.DuckDBPyConnection, contract: Contract, sha256: str, reason: str) -> bool:
    """Accept a held delivery despite its blocking rule; the next validation merges it.

    Its rows are staged again from raw (nothing was lost when it was held). Rows that did not parse
    were quarantined when it was first staged and are not staged again.
    """
    if not reason.strip():
        raise ValueError("a release needs a reason, for the audit trail")
    ensure_tables(con, contract)
    with transaction(con):
        updated = con.execute(
            sql.render("audit/release_delivery.sql"),
            {"source": contract.source, "sha256": sha256, "reason": reason.strip()},
        ).fetchall()
        if not updated or not updated[0][0]:
            return False  # nothing was held under that hash: the transaction changed nothing
        run_script(
            con,
            "staging/type_rows.sql",
            source=contract.source,
            sha256=sha256,
            columns=typed_columns(contract),
        )
    return True
