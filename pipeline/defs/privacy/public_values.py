"""The privacy stage: what may be published, between the exact marts and the public outputs.

The site reads ``public_release.public_values`` and protects nothing itself; the board report reads
the exact marts and never needs the protection switched off. Figures about people change here only
on the release calendar (``pipeline/catalogue/disclosure_policy.yaml``), and the blocking check
attacks the release together with every earlier one before anything downstream may read it.
"""

from datetime import UTC, datetime

import dagster as dg

from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.partitions import METRIC_VALUES
from pipeline.defs.resources import ReportingSettings, Warehouse
from pipeline.lib.common.fiscal import calendar_from_env, today_from_env
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.release import record

PUBLIC_VALUES = dg.AssetKey(["disclosure", "public_values"])
# what this stage runs: the protection, and the release record that decides what a release shows
CODE = (
    "lib/inference/*.py",
    "lib/disclosure/*.py",
    "lib/release/record.py",
    "lib/release/as_released.py",
    "sql/disclosure/*.sql",
    "sql/site/public_values.sql",
    "catalogue/*.yaml",
)


@dg.asset(
    key=PUBLIC_VALUES,
    deps=[METRIC_VALUES],
    group_name="privacy",
    kinds={"duckdb"},
    owners=OWNERS,
    tags=asset_tags("privacy", "public", audience="public"),
    code_version=asset_code_version(*CODE),
    pool="warehouse",
    description=(
        "What may be published: figures about people as the last release froze them (a release is made, "
        "protected against every earlier one, when the calendar says it is due) and tonight's exact figures. "
        "Table public_release.public_values; every release in public_release.released_values."
    ),
)
def public_values(
    context: dg.AssetExecutionContext, warehouse: Warehouse, reporting: ReportingSettings
) -> dg.MaterializeResult:
    made_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with warehouse.connect(f"run {context.run.run_id} (public values)") as con:
        outcome = record.prepare(
            con,
            load_catalogue(),
            calendar_from_env(),
            reporting.k,
            today_from_env(),
            made_at,
            warehouse.paths.cache / "disclosure",
        )
    return dg.MaterializeResult(
        metadata={
            "released_on": str(outcome.released_on or "none yet"),
            "release_made_tonight": outcome.made,
            "next_release": str(outcome.next_release),
            "revisions_withheld": outcome.revisions_withheld,
            "years_held": outcome.years_held,
            "people_cells": outcome.people_cells,
            "dagster/row_count": outcome.people_cells + outcome.exact_cells,
            "suppression_threshold": reporting.k,
        }
    )


@dg.asset_check(
    asset=PUBLIC_VALUES,
    blocking=True,
    description="The protection's attacker over the last release and every earlier one together: no hidden "
    "number of people pinned down to fewer than k values, no revision telling about fewer than k people.",
)
def releases_safe(warehouse: Warehouse, reporting: ReportingSettings) -> dg.AssetCheckResult:
    with warehouse.connect("check releases_safe") as con:
        found = record.audit_release(
            con,
            load_catalogue(),
            calendar_from_env(),
            reporting.k,
            warehouse.paths.cache / "disclosure",
        )
    return dg.AssetCheckResult(
        passed=not found,
        metadata={"unsafe": len(found), "first": dg.MetadataValue.md("\n".join(f"- {f}" for f in found[:20]))},
    )


defs = dg.Definitions(assets=[public_values], asset_checks=[releases_safe])
