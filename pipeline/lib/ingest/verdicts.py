"""Data-quality verdicts on a run's ingest, as plain values the Dagster asset checks report.

Each verdict says whether it passed, in one sentence why, and carries small metadata: failed
expectations with counts and a few example values, never free text or person ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipeline.lib.common.markdown import table
from pipeline.lib.ingest.judge import ValidationReport
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import scalar


@dataclass(frozen=True)
class Verdict:
    passed: bool
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunDelivery:
    path: str
    version: int
    format: str
    status: str
    rows_read: int | None
    rows_loaded: int | None
    rows_quarantined: int | None
    rows_held: int | None
    error: str | None
    notes: str | None

    @property
    def reconciles(self) -> bool:
        if self.status in ("failed", "staged"):
            return True
        return (self.rows_read or 0) == (self.rows_loaded or 0) + (self.rows_quarantined or 0) + (self.rows_held or 0)


def run_deliveries(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> list[RunDelivery]:
    rows = con.execute(sql.render("audit/run_deliveries.sql"), {"source": source, "run_id": run_id}).fetchall()
    return [RunDelivery(*r) for r in rows]


def deliveries_table(deliveries: list[RunDelivery]) -> str:
    return table(
        ["file", "version", "status", "read", "loaded", "quarantined", "held"],
        [
            (d.path, d.version, d.status, d.rows_read, d.rows_loaded, d.rows_quarantined, d.rows_held)
            for d in deliveries
        ],
    )


def files_readable(contract: Contract, deliveries: list[RunDelivery]) -> Verdict:
    failed = [d for d in deliveries if d.status == "failed"]
    if not failed:
        return Verdict(True, "Every file delivered in this run could be read.")
    return Verdict(
        False,
        f"{len(failed)} file(s) could not be read and were not loaded.",
        {
            "failed_files": table(["file", "problem"], [(f"{contract.source}/{d.path}", d.error) for d in failed]),
        },
    )


def blocking_rules(contract: Contract, report: ValidationReport, deliveries: list[RunDelivery]) -> Verdict:
    held = [d for d in deliveries if d.status == "held"]
    failed = report.failed_rules("blocking")
    metadata = {"expectations_failed": _rules_table(failed, report)} if failed else {}
    if not held:
        return Verdict(True, "No delivery broke a blocking rule.", metadata)
    metadata["held_deliveries"] = table(["file", "why"], [(f"{contract.source}/{d.path}", d.error) for d in held])
    return Verdict(False, f"{len(held)} delivery(ies) held back whole: they break a blocking rule.", metadata)


def row_rules(report: ValidationReport, level: str) -> Verdict:
    failed = report.failed_rules(level)
    what = "rows quarantined" if level == "row" else "warnings"
    if not failed:
        return Verdict(True, f"No {what} in this run.")
    total = sum(c for c, _ in failed.values())
    return Verdict(
        False,
        f"{total} {what} across {len(failed)} expectation(s).",
        {"expectations_failed": _rules_table(failed, report)},
    )


def reconciliation(deliveries: list[RunDelivery]) -> Verdict:
    off = [d for d in deliveries if not d.reconciles]
    rows = [(d.path, d.rows_read, d.rows_loaded, d.rows_quarantined, d.rows_held) for d in deliveries]
    metadata = {"deliveries": table(["file", "read", "loaded", "quarantined", "held"], rows)} if rows else {}
    if off:
        return Verdict(
            False, f"{len(off)} delivery(ies) do not reconcile: read != loaded + quarantined + held.", metadata
        )
    return Verdict(True, "Rows read = rows loaded + rows quarantined + rows held, for every delivery.", metadata)


def core_keys_unique(con: duckdb.DuckDBPyConnection, contract: Contract, run_id: str) -> Verdict:
    """Whether the keys this run merged are unique in core (the keys merged before were checked then)."""
    duplicates = scalar(
        con,
        sql.render("core/duplicate_keys.sql", table=contract.core_table, key=list(contract.key)),
        {"source": contract.source, "run_id": run_id},
    )
    if duplicates:
        return Verdict(False, f"{duplicates} key(s) occur more than once in core.{contract.core_table}.")
    return Verdict(True, f"Every ({', '.join(contract.key)}) occurs once in core.{contract.core_table}.")


def _rules_table(failed: dict[str, tuple[int, Any]], report: ValidationReport) -> str:
    """Failed expectations with their row counts and up to three example values (never personal)."""
    return table(
        ["expectation", "level", "rows", "examples", "rule"],
        [
            (name, rule.level, count, ", ".join(report.examples.get(name, [])), rule.message)
            for name, (count, rule) in sorted(failed.items())
        ],
    )
