"""Staging: every new file version read into raw (as delivered, with lineage; person ids
pseudonymised, free text dropped), parsed by the contract into staging, rows that do not parse
quarantined.

Each file is staged in one transaction, so a crash leaves either the state before or the state
after, and the next run carries on from the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.faults import crash_point
from pipeline.lib.ingest.quarantine import Quarantine, write_quarantine
from pipeline.lib.ingest.setup import ensure_tables, now_utc
from pipeline.lib.landing.discover import LandingFile, discover
from pipeline.lib.landing.read import ReadResult, UnreadableFileError, read_delivery
from pipeline.lib.quality.contracts import Column, Contract
from pipeline.lib.quality.countries import RESOLVED_REFERENCES, unresolved_message
from pipeline.lib.quality.messages import WITHHELD, show
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script, scalar
from pipeline.lib.warehouse.transaction import transaction

TYPE_NAMES = {
    "date": "a date (YYYY-MM-DD)",
    "timestamp": "a timestamp (ISO 8601)",
    "integer": "a whole number",
    "decimal": "a number",
    "boolean": "true or false",
}


@dataclass
class StagedFile:
    path: str
    status: str  # staged | failed | skipped
    rows_read: int = 0
    rows_quarantined: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class StageReport:
    source: str
    files: list[StagedFile]

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def problems(self) -> list[str]:
        return [f"{self.source}/{f.path}: {f.error}" for f in self.files if f.status == "failed"]


def stage_new_deliveries(con: duckdb.DuckDBPyConnection, contract: Contract, landing: Path, run_id: str) -> StageReport:
    """Stage every file version not seen before; skip identical re-deliveries."""
    ensure_tables(con, contract)
    manifest = con.execute(sql.render("audit/known_deliveries.sql"), {"source": contract.source}).fetchall()
    known = {sha for sha, *_ in manifest}
    seen = frozenset((path, size, modified) for _, path, size, modified in manifest if modified is not None)
    report = StageReport(contract.source, [])
    for file in discover(landing, seen):
        if file.sha256 in known:
            report.files.append(StagedFile(file.relative, "skipped"))
            continue
        known.add(file.sha256)
        report.files.append(_stage_file(con, contract, file, run_id))
    return report


def _stage_file(con: duckdb.DuckDBPyConnection, contract: Contract, file: LandingFile, run_id: str) -> StagedFile:
    version = scalar(con, sql.render("audit/next_version.sql"), {"source": contract.source, "path": file.relative})
    try:
        read: ReadResult | None = read_delivery(con, file, contract)  # temporary tables only
    except UnreadableFileError as problem:
        read, staged = None, StagedFile(file.relative, "failed", error=str(problem))
    with transaction(con):
        if read is not None:
            staged = _stage_rows(con, contract, file, read, run_id)
        _record_delivery(con, contract, file, int(version), staged, run_id)
        crash_point("ingest.before_stage_commit")
    return staged


def _stage_rows(
    con: duckdb.DuckDBPyConnection, contract: Contract, file: LandingFile, read: ReadResult, run_id: str
) -> StagedFile:
    kept = contract.kept_columns
    person = next((c for c in kept if c.sensitivity == "person_id"), None)
    columns = [{"name": c.stored_name, "file_name": read.columns.get(c.name), "is_person": c is person} for c in kept]
    person_column = {"file_name": read.columns[person.name]} if person and person.name in read.columns else None
    run_script(
        con,
        "ingest/insert_raw.sql",
        source=contract.source,
        columns=columns,
        person_column=person_column,
        sha256=file.sha256,
        run_id=run_id,
    )
    run_script(
        con,
        "staging/type_rows.sql",
        source=contract.source,
        sha256=file.sha256,
        columns=typed_columns(contract),
    )
    quarantine = Quarantine(contract.source, run_id)
    for reject in read.rejects:
        quarantine.add(file.sha256, file.relative, reject.row_number, None, "row_well_formed", reject.reason, None)
    by_stored = {c.stored_name: c for c in kept}
    for row_number, column_name, value in con.execute(sql.render("staging/type_errors.sql")).fetchall():
        column = by_stored[column_name]
        rule, message = _type_error(column, value)
        quarantine.add(
            file.sha256,
            file.relative,
            row_number,
            column.name,
            rule,
            message,
            str(value) if column.may_be_shown else None,
        )
    write_quarantine(con, quarantine)
    return StagedFile(
        file.relative,
        "staged",
        rows_read=read.rows_read,
        rows_quarantined=len(quarantine.rows_of(file.sha256)),
        notes=read.notes,
    )


def typed_columns(contract: Contract) -> list[dict[str, Any]]:
    """The kept columns as ``staging/type_rows.sql`` reads them (countries resolved by name)."""
    return [
        {"name": c.stored_name, "type": c.type, "resolve": c.reference in RESOLVED_REFERENCES}
        for c in contract.kept_columns
    ]


def _type_error(column: Column, value: str) -> tuple[str, str]:
    """The rule a value broke at staging and the message for it."""
    if column.reference in RESOLVED_REFERENCES:
        rule = f"{column.name}_recognised"
        return rule, unresolved_message(column.name, value, rule)
    shown = show(value) if column.may_be_shown else WITHHELD
    return f"{column.name}_type", f"{column.name} {shown} is not {TYPE_NAMES[column.type]}"


def _record_delivery(
    con: duckdb.DuckDBPyConnection, contract: Contract, file: LandingFile, version: int, staged: StagedFile, run_id: str
) -> None:
    con.execute(
        sql.render("audit/record_delivery.sql"),
        {
            "source": contract.source,
            "path": file.relative,
            "sha256": file.sha256,
            "size_bytes": file.size_bytes,
            "modified_ns": file.modified_ns,
            "format": file.format,
            "version": version,
            "rows_read": staged.rows_read if staged.status != "failed" else None,
            "rows_quarantined": staged.rows_quarantined,
            "status": staged.status,
            "error": staged.error,
            "notes": "; ".join(staged.notes) or None,
            "run_id": run_id,
            "now": now_utc(),
        },
    )
