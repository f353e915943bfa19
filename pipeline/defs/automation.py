"""Jobs, schedules and sensors: what runs when, with nobody watching."""

import dagster as dg

from pipeline.defs.metrics.assets import METRIC_VALUES
from pipeline.defs.partitions import fiscal_years
from pipeline.defs.publish.reports import BOARD_REPORT


def every_fiscal_year() -> dict[str, str]:
    """Run tags asking for all fiscal-year partitions at once (the marts take them in a single run)."""
    keys = fiscal_years.get_partition_keys()
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}


nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    tags=every_fiscal_year(),
    description=(
        "Everything, every night: ingest new deliveries, validate them, recompute every fiscal year's metrics, "
        "rebuild the board report (last complete year and year to date) and the public site, and publish them "
        "if every blocking check passed."
    ),
)

fiscal_year_job = dg.define_asset_job(
    "fiscal_year_report",
    selection=dg.AssetSelection.assets(METRIC_VALUES, BOARD_REPORT),
    partitions_def=fiscal_years,
    description="Recompute one fiscal year's metrics from core and rebuild its board report (hrp report FY).",
)

defs = dg.Definitions(jobs=[nightly_job, fiscal_year_job])
