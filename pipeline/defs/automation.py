"""Jobs, schedules and sensors: what runs when, with nobody watching."""

import dagster as dg

nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    description="Everything: ingest new deliveries, validate, recompute metrics, rebuild and publish outputs.",
)

defs = dg.Definitions(jobs=[nightly_job])
