"""What the warehouse holds, summed up for people at a console."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import count_rows


@dataclass(frozen=True)
class SourceSummary:
    source: str
    files_loaded: int
    files_held: int
    files_failed: int
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    rows_held: int
    core_table: str
    core_rows: int


def source_summaries(con: duckdb.DuckDBPyConnection) -> list[SourceSummary]:
    summaries = []
    for source, *counts in con.execute(sql.render("audit/source_summary.sql")).fetchall():
        contract = load_contract(source)
        table = contract.current_table or contract.core_table
        loaded, held, failed, read, rows_loaded, quarantined, rows_held = (int(c) for c in counts)
        summaries.append(
            SourceSummary(
                source,
                loaded,
                held,
                failed,
                read,
                rows_loaded,
                quarantined,
                rows_held,
                core_table=f"core.{table}",
                core_rows=count_rows(con, "core", table),
            )
        )
    return summaries
