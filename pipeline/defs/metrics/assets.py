"""Marts: the fiscal calendar and every catalogue metric's values, per fiscal year."""

from datetime import UTC, datetime

import dagster as dg

from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.partitions import FIRST_YEAR_WITH_DATA, METRIC_VALUES, PARTITIONS_NAME, fiscal_years
from pipeline.defs.resources import Warehouse
from pipeline.lib.common.fiscal import (
    calendar_from_env,
    first_fiscal_year_from_env,
    fiscal_year_range,
    key,
    today_from_env,
    year_of_key,
)
from pipeline.lib.common.markdown import table
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.marts import (
    MartValidation,
    check_today_against_data,
    compute_fiscal_years,
    earliest_fiscal_year_with_data,
    replace_periods,
    validate_fiscal_years,
    year_totals,
    years_to_compute,
)
from pipeline.lib.quality import runner as validation
from pipeline.lib.render import svg_export


class MetricValuesConfig(dg.Config):
    """``recompute_all``: recompute every requested fiscal year, not only those whose data or
    definitions changed (``hrp report`` sets it for the year it rebuilds)."""

    recompute_all: bool = False


@dg.asset(
    key=["marts", "periods"],
    group_name="marts",
    kinds={"duckdb"},
    owners=OWNERS,
    tags=asset_tags("marts", "aggregated"),
    code_version=asset_code_version("sql/marts/*period*.sql", "lib/common/fiscal.py", "lib/metrics/marts.py"),
    pool="warehouse",
    description=(
        "The period dimension: every fiscal year (starting in the month HRP_FISCAL_YEAR_START_MONTH names, "
        "July by default) and its two halves."
    ),
)
def periods(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    years = [year_of_key(k) for k in context.instance.get_dynamic_partitions(PARTITIONS_NAME)]
    with warehouse.connect(f"run {context.run.run_id} (periods)") as con:
        written = replace_periods(con, calendar_from_env(), years, today_from_env())
    return dg.MaterializeResult(metadata={"dagster/row_count": written, "fiscal_years": len(years)})


@dg.asset(
    key=METRIC_VALUES,
    deps=[periods, *(dg.AssetKey(["core", s]) for s in SOURCES)],
    group_name="marts",
    kinds={"duckdb", "great_expectations"},
    owners=OWNERS,
    tags=asset_tags("marts", "aggregated"),
    code_version=asset_code_version(
        "catalogue/metrics.yaml", "sql/marts/**/*.sql", "expectations/marts/*.json", "lib/metrics/*.py"
    ),
    pool="warehouse",
    partitions_def=fiscal_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description=(
        "Every metric of pipeline/catalogue/metrics.yaml computed in DuckDB from core by its SQL in "
        "sql/marts/, for the fiscal year and its halves, for every breakdown the catalogue lists. A fiscal "
        "year is recomputed only when new data touched it (the metrics of the sources touched), its definitions "
        "changed, or it is the current year on a new day (its 'so far' moved); the training completion rate "
        "observes again only the people whose rows changed (marts.kept__training_completion_rate). The mart "
        "suite (expectations/marts/metric_values.json) must pass before anything is published."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            "mart_suite",
            asset=METRIC_VALUES,
            blocking=True,
            description="Shares within 0..1, no negative counts, one value per member, outcome shares adding to 1.",
        ),
        dg.AssetCheckSpec(
            "years_in_range",
            asset=METRIC_VALUES,
            description="No delivered rows fall before the configured first fiscal year (HRP_FIRST_FISCAL_YEAR): "
            "such rows appear in no metric, so this warns.",
        ),
    ],
)
def metric_values(
    context: dg.AssetExecutionContext, config: MetricValuesConfig, warehouse: Warehouse
) -> dg.MaterializeResult:
    requested = sorted(year_of_key(k) for k in context.partition_keys)
    calendar = calendar_from_env()
    now = datetime.now(UTC).replace(tzinfo=None)
    today = today_from_env()
    paths = warehouse.paths
    configured = first_fiscal_year_from_env()
    registered = {year_of_key(k) for k in context.instance.get_dynamic_partitions(PARTITIONS_NAME)}
    with warehouse.connect(f"run {context.run.run_id} (metrics)") as con:
        earliest = earliest_fiscal_year_with_data(con, calendar)
        check_today_against_data(con, today)  # nothing is computed as of a date the data refutes
        covered = fiscal_year_range(calendar, configured, earliest, today)
        replace_periods(con, calendar, sorted(registered | set(covered) | set(requested)), today)
        # hrp report recomputes its year whatever changed; the nightly every covered year new data touched
        candidates = requested if config.recompute_all else sorted(set(requested) | set(covered))
        stale = dict.fromkeys(requested) if config.recompute_all else years_to_compute(con, candidates, calendar, today)
        years = list(stale)
        if years:  # tonight's outputs will draw charts: the browser starts, and loads plotly.js, meanwhile
            svg_export.prepare()
        written = compute_fiscal_years(
            con,
            load_catalogue(),
            calendar,
            years,
            context.run.run_id,
            today,
            now,
            marks=stale,
            first_covered=min([*covered, *requested]),  # a year whose every row left core has no values
        )
        checked = (
            validate_fiscal_years(
                con,
                validation.runner(paths.validation / "data-docs"),
                years,
                context.run.run_id,
                paths.validation / "results",
                now,
            )
            if years
            else None
        )
        headline = year_totals(con, requested[-1])
    for problem in checked.problems if checked else []:
        context.log.error(problem)
    coverage = {FIRST_YEAR_WITH_DATA: earliest} if earliest is not None else {}
    _record_other_years(context, {fy: n for fy, n in written.items() if fy in registered - set(requested)}, coverage)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": sum(written.values()),
            "recomputed": dg.MetadataValue.md(
                table(["fiscal year", "values"], sorted(written.items())) if written else "none"
            ),
            "unchanged_since_last_run": [f"FY{fy}" for fy in candidates if fy not in written],
            "latest_year_totals": dg.MetadataValue.md(table(["metric", "period", "value"], headline, limit=40)),
            **coverage,
        },
        check_results=[_mart_check(checked), _years_check(context, configured, earliest)],
    )


def _record_other_years(context: dg.AssetExecutionContext, written: dict[int, int], coverage: dict[str, int]) -> None:
    """Years recomputed beyond the run's own partition (new data touched them) are materializations too:
    recorded for exactly those years, so each partition's history says when its values last changed."""
    for fy, values in sorted(written.items()):
        context.log_event(
            dg.AssetMaterialization(
                asset_key=METRIC_VALUES, partition=key(fy), metadata={"dagster/row_count": values, **coverage}
            )
        )


def _years_check(
    context: dg.AssetExecutionContext, configured: int | None, earliest: int | None
) -> dg.AssetCheckResult:
    """Rows before the configured first year are loaded but counted nowhere: say so, visibly."""
    outside = configured is not None and earliest is not None and earliest < configured
    description = (
        f"Delivered rows go back to {key(earliest)}, before the configured first fiscal year {key(configured)} "
        "(HRP_FIRST_FISCAL_YEAR): they appear in no metric. Lower the setting or unset it to show them."
        if outside and earliest is not None and configured is not None
        else "Every delivered row falls in a fiscal year that is computed."
    )
    if outside:
        context.log.warning(description)
    return dg.AssetCheckResult(
        check_name="years_in_range", passed=not outside, severity=dg.AssetCheckSeverity.WARN, description=description
    )


def _mart_check(checked: MartValidation | None) -> dg.AssetCheckResult:
    if checked is None:
        return dg.AssetCheckResult(
            check_name="mart_suite",
            passed=True,
            description="No fiscal year changed; the values validated before stand.",
        )
    failed = [o for o in checked.outcomes if not o.success]
    return dg.AssetCheckResult(
        check_name="mart_suite",
        passed=checked.passed,
        description=f"{len(checked.outcomes) - len(failed)} of {len(checked.outcomes)} expectations passed "
        f"on {checked.rows} values.",
        metadata={
            "failed": dg.MetadataValue.md(
                table(["problem"], [(p,) for p in checked.problems]) if checked.problems else "none"
            ),
            "result": dg.MetadataValue.path(checked.result_path),
        },
    )
