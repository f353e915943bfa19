"""Quarantined rows: rejected rows of one source, each naming file, row, column and rule, written in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.lib.ingest.setup import now_utc
from pipeline.lib.warehouse.connection import run_script


@dataclass
class Quarantine:
    """Rejected rows of one source, gathered for one write; each names file, row, column and rule."""

    source: str
    run_id: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        sha256: str,
        path: str,
        row_number: int | None,
        column: str | None,
        rule: str,
        message: str,
        value: str | None,
    ) -> None:
        self.rows.append(
            {
                "source": self.source,
                "sha256": sha256,
                "path": path,
                "row_number": row_number,
                "column_name": column,
                "rule": rule,
                "level": "row",
                "message": message,
                "offending_value": value,
                "run_id": self.run_id,
                "quarantined_at": now_utc(),
            }
        )

    def rows_by_delivery(self) -> dict[str, set[int | None]]:
        """The rows set aside, per delivery (a row breaking two rules counts once)."""
        found: dict[str, set[int | None]] = {}
        for r in self.rows:
            found.setdefault(r["sha256"], set()).add(r["row_number"])
        return found


_QUARANTINE_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("sha256", pa.string()),
        ("path", pa.string()),
        ("row_number", pa.int64()),
        ("column_name", pa.string()),
        ("rule", pa.string()),
        ("level", pa.string()),
        ("message", pa.string()),
        ("offending_value", pa.string()),
        ("run_id", pa.string()),
        ("quarantined_at", pa.timestamp("us")),
    ]
)


def write_quarantine(con: duckdb.DuckDBPyConnection, quarantine: Quarantine) -> None:
    if not quarantine.rows:
        return
    con.register("quarantine_rows", pa.Table.from_pylist(quarantine.rows, schema=_QUARANTINE_SCHEMA))
    try:
        run_script(con, "audit/record_quarantine.sql")
    finally:
        con.unregister("quarantine_rows")
