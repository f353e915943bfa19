"""Ingest: a source as a Dagster component, declared once per source in ``<source>/defs.yaml``.

Each source is a ``raw`` asset (the delivered files are the raw layer) that stages new deliveries
and a ``core`` asset that validates them with Great Expectations and merges what passed; everything
particular to a source (title, cadence, columns, rules, key) is in its contract, so the YAML names
the source and nothing more.

The core asset reports its verdicts as asset checks. Only what would make a *published* number
wrong blocks what follows: rows that do not reconcile with what was merged, duplicate keys in core.
An unreadable file or a held delivery is a WARN check plus an alert: it never reached core, so the
night goes on and every good delivery of every source is merged and published; the file stays
"needs attention" in ``hrp status`` until it is dealt with.
"""

from datetime import UTC, datetime

import dagster as dg

from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.resources import Pseudonymiser, Warehouse
from pipeline.lib.common.fiscal import end_of_today
from pipeline.lib.common.markdown import table
from pipeline.lib.common.settings import Source, settings
from pipeline.lib.ingest import verdicts as quality
from pipeline.lib.ingest.merge import validate_and_merge
from pipeline.lib.ingest.stage import stage_new_deliveries
from pipeline.lib.ops import validation_page
from pipeline.lib.ops.alerts import Alert, deliver, first_seen, record_alerted
from pipeline.lib.ops.attention import Delivery, deliveries_to_report
from pipeline.lib.ops.freshness import source_freshness
from pipeline.lib.quality import runner as validation
from pipeline.lib.quality.contracts import Contract, load_contract
from pipeline.lib.warehouse.connection import count_rows

CHECKS = {
    "files_readable": (
        "Every file delivered in this run could be parsed (warns: an unreadable file is not loaded).",
        False,
    ),
    "blocking_rules": (
        "No delivery breaks a blocking expectation; one that does is held back whole (warns: it is not loaded).",
        False,
    ),
    "reconciliation": ("Rows read = rows loaded + rows quarantined + rows held, for every delivery.", True),
    "keys_unique": ("The contract's key is unique in the core table (checked for the keys this run merged).", True),
    "row_rules": ("Rows breaking row-level expectations were quarantined (warns, does not block).", False),
    "warnings": ("Warning-level expectations (reported only).", False),
}


class IngestSource(dg.Component, dg.Resolvable, dg.Model):
    """One delivered source: its ``raw`` and ``core`` assets, built from its contract."""

    source: Source

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        contract = load_contract(self.source)
        return dg.Definitions(assets=[raw_asset(contract), core_asset(contract)])


def raw_asset(contract: Contract) -> dg.AssetsDefinition:
    """``raw/<source>``: new files staged as delivered, with the source's timeliness as a check."""
    source = contract.source
    key = dg.AssetKey(["raw", source])

    @dg.asset(
        key=key,
        group_name="ingest",
        kinds={"duckdb"},
        owners=OWNERS,
        tags=asset_tags("raw", "pseudonymised", source=source),
        code_version=asset_code_version(
            f"contracts/{source}.yaml",
            "reference/*",
            "sql/ingest/*.sql",
            "sql/staging/*.sql",
            "sql/audit/*.sql",
            "lib/landing/*.py",
            "lib/ingest/*.py",
            "lib/warehouse/*.py",
        ),
        pool="warehouse",
        description=(
            f"{contract.title}: the raw layer is the files as delivered under landing/{source}/, each "
            "named in audit.file_manifest by its sha256, size and row count. Every new file version is read "
            "in one scan and typed by the contract straight into staging (person ids pseudonymised, free "
            "text dropped), every row with its file and row number; rows that do not parse are quarantined. "
            "Files still being written are not read yet; the same "
            "bytes under another name are reported and counted once."
        ),
        metadata={"contract": f"pipeline/contracts/{source}.yaml"},
        check_specs=[
            dg.AssetCheckSpec(
                "delivered_on_time",
                asset=key,
                description=f"A delivery arrived within the last {contract.cadence_days} days (its cadence).",
            )
        ],
    )
    def raw(
        context: dg.AssetExecutionContext, warehouse: Warehouse, pseudonymiser: Pseudonymiser
    ) -> dg.MaterializeResult:
        return stage(context, warehouse, pseudonymiser, contract)

    return raw


def core_asset(contract: Contract) -> dg.AssetsDefinition:
    """``core/<source>``: the staged batch validated and merged, its verdicts as asset checks."""
    source = contract.source
    key = dg.AssetKey(["core", source])

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["raw", source])],
        group_name="core",
        kinds={"duckdb", "great_expectations"},
        owners=OWNERS,
        tags=asset_tags("core", "pseudonymised", source=source),
        code_version=asset_code_version(
            f"contracts/{source}.yaml",
            f"expectations/{source}.json",
            "sql/core/**/*.sql",
            "sql/audit/held_now.sql",  # included by the recount: what counts now, and which delivery is later
            "sql/validation/*.sql",
            "lib/quality/*.py",
            "lib/ingest/*.py",
        ),
        pool="warehouse",
        description=(
            f"{contract.title} validated by the Great Expectations suite '{source}' "
            f"(contract rules + expectations/{source}.json) on the staged batch only, then merged into "
            f"core.{contract.core_table}"
            + (f" and core.{contract.current_table}" if contract.current_table else "")
            + " recounted by its key from what the landing folder holds: of two files with the same key, the one "
            "later in name order wins (docs/operations.md, Delivering files)."
        ),
        check_specs=[
            dg.AssetCheckSpec(name, asset=key, description=text, blocking=blocking)
            for name, (text, blocking) in CHECKS.items()
        ],
        metadata={"suite": f"expectations/{source}.json"},
    )
    def core(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        return validate(context, warehouse, contract)

    return core


def stage(
    context: dg.AssetExecutionContext, warehouse: Warehouse, pseudonymiser: Pseudonymiser, contract: Contract
) -> dg.MaterializeResult:
    source = contract.source
    with warehouse.connect(f"run {context.run.run_id} ({source} ingest)", pseudonymiser.key_bytes()) as con:
        report = stage_new_deliveries(
            con,
            contract,
            warehouse.paths.landing_for(source),
            context.run.run_id,
            profiles=warehouse.paths.profiles_for(source),
        )
        deliveries = quality.run_deliveries(con, source, context.run.run_id)
        staged_rows = count_rows(con, "staging", source)
        freshness = next(f for f in source_freshness(con) if f.source == source)
    now = datetime.now(UTC).replace(tzinfo=None)
    for problem in report.problems() + report.notices():
        context.log.warning(problem)
    being_written = [(f"{source}/{f.path}", f.error) for f in report.files if f.status == "being written"]
    copies = [(f"{source}/{f.path}", "; ".join(f.notes)) for f in report.files if f.status == "duplicate"]
    gone = [(f"{source}/{f.path}",) for f in report.files if f.status == "gone"]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": staged_rows,
            "files_new": report.count("staged") + report.count("failed"),
            "files_skipped_identical": report.count("skipped"),
            "files_still_being_written": dg.MetadataValue.md(
                table(["file", "why it is not read yet"], being_written) if being_written else "none"
            ),
            "files_duplicate": dg.MetadataValue.md(table(["file", "copy of"], copies) if copies else "none"),
            "files_gone_still_counting": dg.MetadataValue.md(table(["file"], gone) if gone else "none"),
            "files_failed": report.count("failed"),
            "rows_read": report.rows_read,
            "rows_rejected_by_parsing": report.rows_quarantined,
            "deliveries": dg.MetadataValue.md(quality.deliveries_table(deliveries)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="delivered_on_time",
                passed=freshness.is_fresh(now),
                severity=dg.AssetCheckSeverity.WARN,
                description=freshness.describe(now),
                metadata={"last_delivery_at": str(freshness.last_delivery_at or "never")},
            )
        ],
    )


def validate(context: dg.AssetExecutionContext, warehouse: Warehouse, contract: Contract) -> dg.MaterializeResult:
    source, run_id, paths = contract.source, context.run.run_id, warehouse.paths
    judged_until = end_of_today()  # by HRP_TODAY in a replay, as the metrics are
    with warehouse.connect(f"run {run_id} ({source} validation)") as con:
        report = validate_and_merge(
            con,
            contract,
            run_id,
            lambda: validation.runner(paths.validation / "data-docs"),
            paths.validation / "results",
            judged_until,
        )
        deliveries = quality.run_deliveries(con, source, run_id)
        verdicts = {
            "files_readable": quality.files_readable(contract, deliveries),
            "blocking_rules": quality.blocking_rules(contract, report, deliveries),
            "reconciliation": quality.reconciliation(deliveries),
            "keys_unique": quality.core_keys_unique(con, contract, run_id),
            "row_rules": quality.row_rules(report, "row"),
            "warnings": quality.row_rules(report, "warning"),
        }
        core_rows = count_rows(con, "core", contract.core_table)
        page = validation_page.write(con, paths.validation, datetime.now(UTC))
        needing = [d for d in deliveries_to_report(con, run_id) if d.source == source and d.needs_attention]
        states = [(d.source, d.path, d.sha256, d.status, d.rows_due > 0) for d in needing]
        unalerted = first_seen(con, states)
        attention = [d for d, first in zip(needing, unalerted, strict=True) if d.new or first]
    for problem in sorted(report.problems)[:200]:
        context.log.warning(problem)
    _alert(context, warehouse, source, attention)
    if fresh := [state for state, first in zip(states, unalerted, strict=True) if first]:
        with warehouse.connect(f"run {run_id} ({source} alerted)") as con:  # recorded once delivered, not before
            record_alerted(con, fresh, run_id)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": core_rows,
            "rows_validated": report.rows_validated,
            "rows_merged": report.rows_merged,
            "rows_quarantined": report.rows_quarantined,
            "deliveries_held": len(report.held),
            "validation_results": dg.MetadataValue.md(
                table(["result"], [(p,) for p in report.result_paths])
                if report.result_paths
                else "Nothing new to validate."
            ),
            "validation_page": dg.MetadataValue.path(str(page)),
        },
        check_results=[_check(v, name, dg.AssetKey(["core", source])) for name, v in verdicts.items()],
    )


def _check(verdict: quality.Verdict, name: str, asset_key: dg.AssetKey) -> dg.AssetCheckResult:
    blocking = CHECKS[name][1]
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=name,
        passed=verdict.passed,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        description=verdict.description,
        metadata={k: dg.MetadataValue.md(v) for k, v in verdict.metadata.items()},
    )


def _alert(context: dg.AssetExecutionContext, warehouse: Warehouse, source: str, attention: list[Delivery]) -> None:
    """Deliveries newly needing attention: logged, and alerted like a failed run (they are not one)."""
    if not attention:
        return
    for delivery in attention:
        context.log.warning(delivery.line())
    alert = Alert(
        job=context.run.job_name,
        run_id=context.run.run_id,
        summary=f"{len(attention)} {source} delivery(ies) need attention",
        kind="attention",
        deliveries=[d.line() for d in attention],
    )
    problem = deliver(alert, warehouse.paths.logs / "alerts.log", settings().alert_webhook_url)
    if problem:
        context.log.warning(f"alert logged but not delivered: {problem}")
