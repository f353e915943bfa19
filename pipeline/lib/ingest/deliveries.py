"""From landing files to core tables: stage, validate, quarantine or hold, merge.

Write-audit-publish per delivery. ``stage_new_deliveries`` reads every new file version into raw
(as delivered, with lineage; person ids pseudonymised, free text dropped), parses it by the
contract into staging, and quarantines rows that do not parse. ``validate_and_merge`` runs the
source's Great Expectations suite on the staged batch only, quarantines rows that break row-level
rules, holds deliveries that break blocking rules, and merges the rest into core.

Each file is staged in one transaction and each validated chunk is settled in one transaction,
so a crash at any point leaves either the state before or the state after, and the next run
carries on from the manifest: nothing is lost or counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from pipeline.lib.common.faults import crash_point
from pipeline.lib.landing.discover import LandingFile, discover
from pipeline.lib.landing.read import ReadResult, UnreadableFileError, read_delivery
from pipeline.lib.quality.contracts import Column, Contract
from pipeline.lib.quality.countries import RESOLVED_REFERENCES, unresolved_message
from pipeline.lib.quality.results import keep_result, record_results
from pipeline.lib.quality.suites import (
    WITHHELD,
    ExpectationRunner,
    Rule,
    RuleOutcome,
    arrow_to_pandas,
    format_message,
    offending_value,
    show,
    suite_rules,
)
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script, scalar

if TYPE_CHECKING:
    import pandas as pd

TYPE_NAMES = {
    "date": "a date (YYYY-MM-DD)",
    "timestamp": "a timestamp (ISO 8601)",
    "integer": "a whole number",
    "decimal": "a number",
    "boolean": "true or false",
}
MAX_BATCH_ROWS = 250_000  # rows validated at once: bounds memory, whatever the backlog


def ensure_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """Create the source's raw, staging and core tables from its contract."""
    kept = contract.kept_columns
    run_script(con, "ingest/create_raw.sql", source=contract.source, columns=[{"name": c.stored_name} for c in kept])
    typed = [{"name": c.stored_name, "sql_type": c.sql_type} for c in kept]
    run_script(con, "staging/create.sql", source=contract.source, columns=typed)
    for table in filter(None, (contract.core_table, contract.current_table)):
        run_script(con, "core/create.sql", table=table, columns=typed)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# ---------------------------------------------------------------------------------------- stage


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
    con.begin()
    try:
        if read is not None:
            staged = _stage_rows(con, contract, file, read, run_id)
        _record_delivery(con, contract, file, int(version), staged, run_id)
        crash_point("ingest.before_stage_commit")
        con.commit()
    except BaseException:
        con.rollback()
        raise
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

    def rows_of(self, sha256: str) -> set[int | None]:
        return {r["row_number"] for r in self.rows if r["sha256"] == sha256}


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


# ------------------------------------------------------------------------------ validate, merge


@dataclass(frozen=True)
class PendingDelivery:
    sha256: str
    path: str
    rows: int
    released: bool  # an operator accepted it despite a blocking rule


@dataclass
class DeliveryVerdict:
    sha256: str
    path: str
    rows: int
    released: bool = False
    rejected_rows: set[int] = field(default_factory=set)
    hold_reasons: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return bool(self.hold_reasons)


@dataclass
class ValidationReport:
    source: str
    deliveries: list[DeliveryVerdict] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per problem, for people
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # rule -> values
    result_paths: list[str] = field(default_factory=list)
    rows_merged: int = 0

    @property
    def held(self) -> list[DeliveryVerdict]:
        return [d for d in self.deliveries if d.held]

    @property
    def rows_validated(self) -> int:
        return sum(d.rows for d in self.deliveries)

    @property
    def rows_quarantined(self) -> int:
        return sum(len(d.rejected_rows) for d in self.deliveries if not d.held)

    def failed_rules(self, level: str) -> dict[str, tuple[int, Rule]]:
        """Failed expectations of a level, with the number of rows that broke them."""
        failed: dict[str, tuple[int, Rule]] = {}
        for o in self.outcomes:
            if not o.success and o.level == level:
                count, _ = failed.get(o.rule.name, (0, o.rule))
                failed[o.rule.name] = (count + o.unexpected_count, o.rule)
        return failed


def validate_and_merge(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    run_id: str,
    runner: Callable[[], ExpectationRunner],
    results_dir: Path,
    run_date: datetime,
    max_batch_rows: int = MAX_BATCH_ROWS,
) -> ValidationReport:
    """Validate staged deliveries in chunks of whole deliveries; settle each chunk atomically.

    ``runner`` is called only when something is staged: Great Expectations is not even imported on
    a night without new data.
    """
    ensure_tables(con, contract)
    report = ValidationReport(contract.source)
    pending = [
        PendingDelivery(sha, path, int(rows), bool(released))
        for sha, path, rows, released in con.execute(
            sql.render("staging/pending_deliveries.sql", source=contract.source)
        ).fetchall()
    ]
    if not pending:
        return report
    gx = runner()
    for chunk in _chunks(pending, max_batch_rows):
        _validate_chunk(con, contract, run_id, gx, results_dir, run_date, chunk, report)
    gx.build_docs()
    return report


def _chunks(pending: list[PendingDelivery], max_rows: int) -> list[list[PendingDelivery]]:
    """Whole deliveries packed into chunks of at most ``max_rows`` (a bigger delivery goes alone)."""
    chunks: list[list[PendingDelivery]] = [[]]
    size = 0
    for delivery in pending:
        if chunks[-1] and size + delivery.rows > max_rows:
            chunks.append([])
            size = 0
        chunks[-1].append(delivery)
        size += delivery.rows
    return chunks


def _validate_chunk(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    run_id: str,
    runner: ExpectationRunner,
    results_dir: Path,
    run_date: datetime,
    chunk: list[PendingDelivery],
    report: ValidationReport,
) -> None:
    source = contract.source
    verdicts = {d.sha256: DeliveryVerdict(d.sha256, d.path, d.rows, d.released) for d in chunk}
    con.register("chunk_deliveries", pa.table({"_file_sha256": list(verdicts)}))
    try:
        frame = batch_frame(con, source)
        rules = suite_rules(source)
        sensitive = frozenset(c.stored_name for c in contract.columns if not c.may_be_shown)
        outcome = runner.validate(source, rules, frame, {"run_date": run_date}, sensitive)
        result_path = keep_result(results_dir, run_id, source, len(report.result_paths), outcome.result_document)
        report.result_paths.append(str(result_path))
        report.outcomes.extend(outcome.outcomes)
        now = now_utc()
        quarantine = _judge(contract, frame, outcome.outcomes, verdicts, run_id, report)
        con.begin()
        try:
            _settle(con, contract, verdicts, quarantine, now, report, run_id)
            record_results(con, run_id, source, outcome.outcomes, len(verdicts), str(result_path), now)
            crash_point("ingest.before_merge_commit")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        report.deliveries.extend(verdicts.values())
    finally:
        con.unregister("chunk_deliveries")


def held_deliveries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cursor = con.execute(sql.render("audit/held_deliveries.sql"))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def release(con: duckdb.DuckDBPyConnection, contract: Contract, sha256: str, reason: str) -> bool:
    """Accept a held delivery despite its blocking rule; the next validation merges it.

    Its rows are staged again from raw (nothing was lost when it was held). Rows that did not parse
    were quarantined when it was first staged and are not staged again.
    """
    if not reason.strip():
        raise ValueError("a release needs a reason, for the audit trail")
    ensure_tables(con, contract)
    con.begin()
    try:
        updated = con.execute(
            sql.render("audit/release_delivery.sql"),
            {"source": contract.source, "sha256": sha256, "reason": reason.strip()},
        ).fetchall()
        if not updated or not updated[0][0]:
            con.rollback()
            return False
        run_script(
            con,
            "staging/type_rows.sql",
            source=contract.source,
            sha256=sha256,
            columns=typed_columns(contract),
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return True


def batch_frame(con: duckdb.DuckDBPyConnection, source: str) -> pd.DataFrame:
    """The staged batch (``chunk_deliveries``) as pandas, the form Great Expectations validates."""
    arrow: pa.Table = con.sql(sql.render(f"validation/{source}.sql")).to_arrow_table()
    return arrow_to_pandas(arrow)


def _judge(
    contract: Contract,
    frame: pd.DataFrame,
    outcomes: list[RuleOutcome],
    verdicts: dict[str, DeliveryVerdict],
    run_id: str,
    report: ValidationReport,
) -> Quarantine:
    """Turn failed expectations into quarantined rows and held deliveries, with one message each."""
    shas = frame["_file_sha256"].to_numpy()
    rows = frame["_row_number"].to_numpy()
    quarantine = Quarantine(contract.source, run_id)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for o in outcomes:
        if o.success or o.level == "warning":
            continue
        if o.error:
            for v in verdicts.values():
                v.hold_reasons.append(f"{o.rule.name} could not be evaluated: {o.error}")
            continue
        for index in o.failing_index:
            sha, row_number = str(shas[index]), int(rows[index])
            record = frame.iloc[index].to_dict()
            message = format_message(o.rule, record, contract)
            value = offending_value(o.rule, record, contract)
            seen = report.examples[o.rule.name]
            if value is not None and value not in seen and len(seen) < 3:
                seen.append(value)
            verdict = verdicts[sha]
            if o.level == "row":
                verdict.rejected_rows.add(row_number)
                quarantine.add(
                    sha,
                    verdict.path,
                    row_number,
                    contract.delivered_name(o.rule.columns[0]) if o.rule.columns else None,
                    o.rule.name,
                    message,
                    value,
                )
                report.problems.append(f"{contract.source}/{verdict.path} row {row_number}: {message}")
            elif verdict.released:
                report.problems.append(
                    f"{contract.source}/{verdict.path} row {row_number}: {message} "
                    "(blocking rule overridden: the delivery was released by an operator)"
                )
            else:
                listed = examples[(sha, o.rule.name)]
                if len(listed) < 3:
                    listed.append(f"row {row_number}: {message}")
                if len(listed) == 1:
                    verdict.hold_reasons.append(o.rule.name)
    # a held delivery's rows are held whole: its row-level problems are reported, not quarantined
    quarantine.rows = [r for r in quarantine.rows if not verdicts[r["sha256"]].held]
    for verdict in verdicts.values():
        if verdict.held:
            reasons = [
                f"{name} ({'; '.join(examples[(verdict.sha256, name)])})" if examples[(verdict.sha256, name)] else name
                for name in verdict.hold_reasons
            ]
            verdict.hold_reasons = reasons
            report.problems.append(
                f"{contract.source}/{verdict.path}: delivery held, it breaks a blocking rule: " + "; ".join(reasons)
            )
    return quarantine


def _settle(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    verdicts: dict[str, DeliveryVerdict],
    quarantine: Quarantine,
    now: datetime,
    report: ValidationReport,
    run_id: str,
) -> None:
    source = contract.source
    held = [v.sha256 for v in verdicts.values() if v.held]
    rejected = [(v.sha256, r) for v in verdicts.values() for r in sorted(v.rejected_rows)]
    con.register("held_deliveries", pa.table({"_file_sha256": pa.array(held, pa.string())}))
    con.register(
        "rejected_rows",
        pa.table(
            {
                "_file_sha256": pa.array([s for s, _ in rejected], pa.string()),
                "_row_number": pa.array([r for _, r in rejected], pa.int64()),
            }
        ),
    )
    try:
        write_quarantine(con, quarantine)
        run_script(con, "core/accepted_rows.sql", source=source)
        run_script(con, "core/merge_keyed.sql", source=source, table=contract.core_table, key=list(contract.key))
        run_script(con, "core/mark_dirty.sql", source=source, run_id=run_id)
        if contract.current_table:
            run_script(
                con,
                "core/refresh_current.sql",
                table=contract.core_table,
                current=contract.current_table,
                entity=contract.entity,
                latest_by=contract.latest_by,
            )
        results = [
            {
                "sha256": v.sha256,
                "rows_loaded": 0 if v.held else v.rows - len(v.rejected_rows),
                "rows_quarantined": 0 if v.held else len(v.rejected_rows),
                "rows_held": v.rows if v.held else 0,
                "status": "held" if v.held else "loaded",
                "error": ("held: " + "; ".join(v.hold_reasons)) if v.held else None,
            }
            for v in verdicts.values()
        ]
        report.rows_merged += sum(v.rows - len(v.rejected_rows) for v in verdicts.values() if not v.held)
        con.register("delivery_results", pa.Table.from_pylist(results))
        con.execute(sql.render("audit/settle_deliveries.sql"), {"source": source, "now": now, "run_id": run_id})
        con.execute(sql.render("audit/supersede_held_versions.sql"), {"source": source})
        con.unregister("delivery_results")
        run_script(con, "staging/clear.sql", source=source)
    finally:
        con.unregister("held_deliveries")
        con.unregister("rejected_rows")
