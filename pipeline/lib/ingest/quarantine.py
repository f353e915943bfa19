"""Quarantined rows: rejected rows of one source, each naming file, row, column and rule, written in one go,
and read back for the people who must find them (``hrp rows``, the validation page, the board's appendix)
without what they held: the stored message and value are never read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.lib.ingest.setup import now_utc
from pipeline.lib.warehouse import sql
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


@dataclass(frozen=True)
class SetAside:
    """One rule one row broke: where the row is and why it was set aside, never what it held."""

    source: str
    file: str  # the landing path, relative to the source's landing folder
    sha256: str  # which version of the file
    row: int
    column: str | None  # None for a rule about the whole row (a ragged row, a line that is not JSON)
    rule: str
    run: str
    when: datetime

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def rows_set_aside(
    con: duckdb.DuckDBPyConnection, file: str | None = None, rule: str | None = None, run: str | None = None
) -> list[SetAside]:
    """The rows set aside, one per rule broken, in file and row order; ``file`` is a landing path or
    SOURCE/PATH, ``run`` a run id or its first characters (as ``hrp status`` shows it)."""
    found = sql.records(con, "audit/rows_set_aside.sql", {"file": file, "rule": rule, "run": run})
    return [SetAside(**r) for r in found]


def rows_counted(rows: list[SetAside]) -> int:
    """How many rows these are: a row that broke two rules is one row (as the manifest and ``hrp status``
    count them), though it is listed under each rule."""
    return len({(r.source, r.sha256, r.row) for r in rows})


@dataclass(frozen=True)
class FileSetAside:
    """The rows one version of one file had set aside: row numbers in order, and rows per rule."""

    source: str
    file: str
    sha256: str
    rows: list[int]
    rules: dict[str, int]
    entries: list[SetAside]


def by_file(rows: list[SetAside]) -> list[FileSetAside]:
    """The rows set aside grouped by file version, in the order given."""
    grouped: dict[tuple[str, str, str], list[SetAside]] = {}
    for r in rows:
        grouped.setdefault((r.source, r.file, r.sha256), []).append(r)
    files = []
    for (source, file, sha256), entries in grouped.items():
        rules: dict[str, set[int]] = {}
        for e in entries:
            rules.setdefault(e.rule, set()).add(e.row)
        files.append(
            FileSetAside(
                source,
                file,
                sha256,
                sorted({e.row for e in entries}),
                {rule: len(found) for rule, found in sorted(rules.items())},
                entries,
            )
        )
    return files
