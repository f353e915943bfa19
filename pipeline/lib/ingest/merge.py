"""Validate staged deliveries and merge the accepted rows into core.

``validate_and_merge`` runs the source's Great Expectations suite on the staged batch only,
quarantines rows that break row-level rules, holds deliveries that break blocking rules, and merges
the rest into core. Each validated chunk is settled in one transaction, so a crash at any point
leaves either the state before or the state after, and the next run carries on from the manifest:
nothing is lost or counted twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.lib.common.faults import crash_point
from pipeline.lib.ingest.judge import DeliveryVerdict, ValidationReport, judge, shown_rule
from pipeline.lib.ingest.setup import ensure_tables, now_utc
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.quality.results import keep_result, record_results
from pipeline.lib.quality.rules import RUN_DATE, rules_decided_by_a_rebuild, rules_reading_others, suite_rules
from pipeline.lib.quality.runner import ExpectationRunner
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import count_rows, run_script
from pipeline.lib.warehouse.transaction import transaction

MAX_BATCH_ROWS = 2_000_000  # rows validated at once: bounds memory, whatever the backlog


@dataclass(frozen=True)
class PendingDelivery:
    sha256: str
    path: str
    rows: int
    released: bool  # an operator accepted it despite a blocking rule


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
    a night without new data. Most sources' chunks are counted into core once, after the last one
    (``_settle``); chunks settled before a chunk that fails are counted all the same: at once when
    it raises, and, when the process was killed, by the next run before it tries that chunk again,
    so a chunk that fails every night never keeps the others out of core.
    """
    ensure_tables(con, contract)
    report = ValidationReport(contract.source)
    staged = con.execute(sql.render("staging/pending_deliveries.sql", source=contract.source)).fetchall()
    pending = [PendingDelivery(sha, path, int(rows), bool(released)) for sha, path, rows, released in staged]
    if pending:
        recount(con, contract, run_id)  # what an interrupted run settled and did not count
        gx = runner()
        try:
            for chunk in _chunks(pending, max_batch_rows):
                _validate_chunk(con, contract, run_id, gx, results_dir, run_date, chunk, report)
        except Exception:
            recount(con, contract, run_id)
            raise
        gx.build_docs()
    recount(con, contract, run_id)
    return report


def recount(con: duckdb.DuckDBPyConnection, contract: Contract, run_id: str) -> None:
    """Bring core in line with what the landing folder holds now (``core/changes.sql``), in one
    transaction. It works from state, not from this run's events: after a crash anywhere, or when
    a file changed to bytes already known (a duplicate, a revert), the next run still recounts
    exactly the keys whose candidates changed. A source with no change costs a few small queries."""
    with transaction(con):
        _recount(con, contract, run_id)
        _forget_settled(con, contract.source)  # acknowledged since
        crash_point("ingest.before_recount_commit")


def _recount(con: duckdb.DuckDBPyConnection, contract: Contract, run_id: str) -> None:
    source = contract.source
    try:
        _recount_core(con, contract, run_id)
        overlapped = False
        if sql.path_of(after := f"core/after_recount/{source}.sql").exists():  # came back unjudged: held as a rebuild
            rules = {r.name: r for r in suite_rules(source)}
            [overlap] = [name for name, r in rules.items() if r.reads_others and not r.decided_by_a_rebuild]
            [refused] = rules_decided_by_a_rebuild(source)

            def shown(name: str, relation: str) -> dict[str, Any]:  # a rule's words for a relation's rows, if asked
                return shown_rule(con, contract, rules[name], relation)

            run_script(con, after, source=source, overlap=overlap, refused=refused, shown_rule=shown)
            overlapped = count_rows(con, "temp", "overlapped") > 0
            if overlapped:
                _recount_core(con, contract, run_id)  # their keys leave core
        if overlapped:  # after the last read of the winners by candidate row id (core/recount.sql)
            run_script(con, "staging/hold_loaded_rows.sql", source=source, tally=contract.tally, held="overlapped")
    finally:
        run_script(con, "core/drop_recount.sql")


def _recount_core(con: duckdb.DuckDBPyConnection, contract: Contract, run_id: str) -> None:
    """Core, the years it marks to compute again and the current states, for the keys whose counted
    contents changed; with none changed (a quiet night), only the one query that finds them."""
    source, key = contract.source, list(contract.key)
    run_script(con, "core/changes.sql", source=source, key=key)
    if count_rows(con, "temp", "changed") == 0:
        return
    run_script(con, "core/recount.sql", source=source, table=contract.core_table, key=key)
    kept = con.execute(sql.render("core/kept_years.sql"), [source]).fetchall()  # lib/metrics/kept.py
    run_script(con, "core/mark_dirty.sql", source=source, run_id=run_id, contract=contract, kept=kept)
    if contract.current_table:  # each time: a second recount (after a hold) touches only its own keys
        run_script(con, "core/refresh_current.sql", contract=contract)


def _forget_settled(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Typed rows no validation needs again leave staging; an acknowledged held delivery's stay where
    a rule reads other deliveries' rows (``reads_others``): set aside, it is still in landing/."""
    run_script(con, "staging/forget_settled.sql", source=source, keep_acknowledged=bool(rules_reading_others(source)))


def _validation_reads_core(source: str) -> bool:
    """Whether the source's validation query (``sql/validation/<source>.sql``) reads core."""
    return "core." in sql.render(f"validation/{source}.sql")


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
    paths = [v.path for v in verdicts.values()]
    con.register("chunk_deliveries", pa.table({"_file_sha256": list(verdicts), "path": paths}))
    try:
        query = sql.render(f"validation/{source}.sql").strip().rstrip(";")
        run_script(con, "validation/batch.sql", query=query, contract=contract)
        rules = suite_rules(source)
        sensitive = frozenset(c.stored_name for c in contract.columns if not c.may_be_shown)
        outcome = runner.validate_table(con, source, rules, {RUN_DATE: run_date}, sensitive)
        result_path = keep_result(results_dir, run_id, source, len(report.result_paths), outcome.result_document)
        report.result_paths.append(str(result_path))
        report.outcomes.extend(outcome.outcomes)
        now = now_utc()
        judge(con, contract, outcome.outcomes, verdicts, report)
        with transaction(con):
            _settle(con, contract, verdicts, now, report, run_id)
            record_results(con, run_id, source, outcome.outcomes, len(verdicts), str(result_path), now)
            crash_point("ingest.before_merge_commit")
        report.deliveries.extend(verdicts.values())
    finally:
        con.unregister("chunk_deliveries")
        run_script(con, "validation/drop_batch.sql")


def _settle(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    verdicts: dict[str, DeliveryVerdict],
    now: datetime,
    report: ValidationReport,
    run_id: str,
) -> None:
    source = contract.source
    held = [v.sha256 for v in verdicts.values() if v.held]
    con.register("held_deliveries", pa.table({"_file_sha256": pa.array(held, pa.string())}))
    try:
        run_script(con, "validation/quarantine_failing.sql", source=source, run_id=run_id, now=now)
        if contract.tally:
            run_script(con, "audit/record_set_aside_judged.sql", source=source)
        for sha, rejected in con.execute(sql.render("validation/rejected_per_delivery.sql")).fetchall():
            verdicts[sha].rejected = int(rejected)
        run_script(con, "core/accepted_rows.sql", source=source)
        run_script(con, "core/keep_candidates.sql", source=source)
        results = [
            {
                "sha256": v.sha256,
                "rows_loaded": 0 if v.held else v.rows - v.rejected,
                "rows_quarantined": 0 if v.held else v.rejected,
                "rows_held": v.rows if v.held else 0,
                "status": "held" if v.held else "loaded",
                "error": ("held: " + "; ".join(v.hold_reasons)) if v.held else None,
            }
            for v in verdicts.values()
        ]
        report.rows_merged += sum(v.rows - v.rejected for v in verdicts.values() if not v.held)
        con.register("delivery_results", pa.Table.from_pylist(results))
        con.execute(sql.render("audit/settle_deliveries.sql"), {"source": source, "now": now, "run_id": run_id})
        con.execute(sql.render("audit/supersede_held_versions.sql"), {"source": source})
        con.unregister("delivery_results")
        _forget_settled(con, source)
        if held or _validation_reads_core(source):
            # the chunk counts now: a held delivery's loaded rows leave the candidates below, after
            # their keys left core; a case's transitions in the next chunk are checked against core.
            # Otherwise the one recount after the last chunk counts them all (each recount reads all
            # of core and the candidates: once per chunk made a first load quadratic).
            _recount(con, contract, run_id)
        if held:  # it reads candidates, every accepted row: not on the common night with nothing held
            run_script(con, "staging/hold_loaded_rows.sql", source=source, tally=contract.tally)
        run_script(con, "staging/clear.sql", source=source)
    finally:
        con.unregister("held_deliveries")
