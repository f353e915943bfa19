"""The public progress site, built whole into builds/site."""

import time
from datetime import UTC, datetime

import dagster as dg

from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.privacy.public_values import PUBLIC_VALUES
from pipeline.defs.resources import ReportingSettings, Warehouse
from pipeline.lib.common.fiscal import calendar_from_env, today_from_env
from pipeline.lib.common.markdown import table
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.release.publication import replace_folder
from pipeline.lib.render import stamps
from pipeline.lib.site import build as site

PUBLIC_SITE = dg.AssetKey(["site", "public_site"])

# the site's own room, the cell model and the shared rendering: an edit to the board pack leaves it current
SITE_CODE = (
    "reports/templates/site/**/*",
    "reports/static/*",
    "reports/locale/**/*.po",
    "sql/site/**/*.sql",
    "catalogue/metrics.yaml",
    "catalogue/targets/*.yaml",  # the public targets the index compares with
    "lib/metrics/standing.py",  # and the rule it compares by
    "lib/disclosure/values.py",  # the cells it shows; the protection itself is the privacy stage's
    "lib/metrics/incomplete.py",  # the rows each value misses, found with the metrics' own SQL
    "sql/reports/still_missing.sql",
    "sql/audit/held_now.sql",  # which still_missing includes: what counts now, and which delivery is later
    "sql/reports/missing_cells.sql",
    "sql/reports/set_aside_sources.sql",
    "sql/marts/*.sql",
    "lib/render/*.py",
    "lib/site/*.py",
)


@dg.asset(
    key=PUBLIC_SITE,
    deps=[PUBLIC_VALUES],
    group_name="publish",
    kinds={"html", "svg", "csv"},
    owners=OWNERS,
    tags=asset_tags("publish", "public", audience="public"),
    code_version=asset_code_version(*SITE_CODE),
    pool="warehouse",
    description=(
        "The public progress site: an index and a page per public metric in every language of reports/locale, "
        "static SVG charts, tables, CSV and JSON downloads, from what the privacy stage let out "
        "(disclosure/public_values): it protects nothing itself. Built whole into builds/site; published by "
        "the publication asset."
    ),
)
def public_site(
    context: dg.AssetExecutionContext, warehouse: Warehouse, reporting: ReportingSettings
) -> dg.MaterializeResult:
    started = time.monotonic()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    paths = warehouse.paths
    building = paths.builds / f".site-{context.run.run_id}"
    calendar = calendar_from_env()
    with warehouse.connect(f"run {context.run.run_id} (public site)") as con:
        inputs = site.site_key(con, load_catalogue(), calendar, reporting.k, today_from_env())
        if stamps.is_current(paths.builds / "site", inputs):
            return dg.MaterializeResult(metadata={"rebuilt": False, "seconds": round(time.monotonic() - started, 2)})
        built = site.build(
            con,
            load_catalogue(),
            calendar,
            reporting.k,
            building,
            paths.cache / "charts",
            now,
            today_from_env(),
        )
    stamps.record(building, inputs)  # complete: the swap below moves it in whole
    replace_folder(building, paths.builds / "site")
    rows = [
        (metric, counts.get("small", 0), counts.get("secondary", 0), counts.get("withheld", 0))
        for metric, counts in sorted(built.suppressed.items())
    ]
    return dg.MaterializeResult(
        metadata={
            "rebuilt": True,
            "pages": len(built.pages),
            "index_bytes": built.index_bytes,
            "suppression_threshold": reporting.k,
            "cells_suppressed": dg.MetadataValue.md(
                table(
                    ["metric", "fewer than k (primary)", "withheld (secondary)", "shares/medians withheld"],
                    rows,
                    limit=50,
                )
            ),
            "seconds": round(time.monotonic() - started, 2),
            "index": dg.MetadataValue.path(str(paths.builds / "site" / "en" / "index.html")),
        }
    )
