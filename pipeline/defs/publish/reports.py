"""The annual board report (HTML and PDF), partitioned by fiscal year like the metrics it reads.

A run builds exactly the years it asks for, and Dagster records exactly those: the nightly asks
for the last complete year (the one the Board is briefed on); ``hrp report --fiscal-year FY2024``
(or a backfill launched from the UI) for the year or years named.
"""

import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.partitions import METRIC_VALUES, fiscal_years
from pipeline.defs.resources import Warehouse
from pipeline.lib.board import files as board_files
from pipeline.lib.board import report as board_report
from pipeline.lib.board.views import MARKING, REPORT_NAME
from pipeline.lib.common.faults import crash_point
from pipeline.lib.common.fiscal import calendar_from_env, key, year_of_key
from pipeline.lib.common.markdown import table
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render import stamps
from pipeline.lib.render.browser import print_pdfs

BOARD_REPORT = dg.AssetKey(["reports", "board_report"])

# the board pack's own room, and the shared rendering it uses: an edit to the site leaves it current
BOARD_CODE = (
    "reports/templates/board_report.html.j2",
    "reports/static/board.css",
    "sql/reports/**/*.sql",
    "catalogue/**/*.yaml",
    "lib/render/*.py",
    "lib/board/*.py",
    "lib/metrics/standing.py",
    "lib/disclosure/policy.py",  # the policy's k is what a small base is (board.breakdowns)
    "lib/ingest/quarantine.py",  # the rows set aside, as the data-quality appendix lists them
    "sql/audit/rows_set_aside.sql",
    "lib/metrics/incomplete.py",  # the rows each value misses ("incomplete: N rows not counted")
    "sql/marts/request_counts_in_period.sql",  # which it finds with each metric's own SQL
    "sql/audit/held_now.sql",  # included by still_missing: what counts now, and which delivery is later
)


@dg.asset(
    key=BOARD_REPORT,
    deps=[METRIC_VALUES],
    group_name="publish",
    kinds={"html", "pdf"},
    owners=OWNERS,
    tags=asset_tags("publish", "internal", audience="board"),
    code_version=asset_code_version(*BOARD_CODE),
    pool="warehouse",
    partitions_def=fiscal_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description=(
        "The annual board report: every commitment with its metrics against target, the change from the year "
        "before, charts, a data-quality appendix and provenance; one self-contained HTML file per fiscal year "
        "(reports/templates/board_report.html.j2) and a PDF printed from it by Chromium. Built into "
        "builds/board/<FY>/ and published by the publication asset. The nightly run builds the last complete "
        "year's report, the one the Board is briefed on; a year to date or a past year is built on request: "
        "`hrp report --fiscal-year FY2024` materialises that partition alone (with its metrics), and the report "
        "stays in builds/board/ for the next publication. A report whose inputs did not change is kept, not "
        "printed again."
    ),
)
def board_report_asset(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    started = time.monotonic()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    years = sorted(year_of_key(k) for k in context.partition_keys)
    paths = warehouse.paths
    built = {}
    changed: dict[Path, str] = {}  # folder -> key of the inputs it is rebuilt from
    with warehouse.connect(f"run {context.run.run_id} (board report)") as con:
        for fy in years:
            report = board_report.build(
                con, load_catalogue(), calendar_from_env(), fy, context.run.run_id, now, paths.cache / "charts"
            )
            folder = paths.builds / "board" / key(fy)
            html = folder / f"{REPORT_NAME}.html"
            inputs = board_files.board_report_key(report)
            if not stamps.is_current(folder, inputs, [html, html.with_suffix(".pdf")]):
                if folder.exists():
                    stamps.forget(folder)
                html = board_files.write(report, folder)
                changed[folder] = inputs
            built[fy] = (html, report)
    crash_point("report.before_pdf")
    if changed:  # a night that changed nothing starts no browser
        print_pdfs(
            {html: html.with_suffix(".pdf") for html, _ in built.values() if html.parent in changed}, marking=MARKING
        )
    for folder, inputs in changed.items():
        stamps.record(folder, inputs)
    rows = [
        (
            key(fy),
            r.counts["met"],
            r.counts["at_risk"],
            r.counts["missed"],
            f"{html.stat().st_size:,}",
            f"{html.with_suffix('.pdf').stat().st_size:,}",
        )
        for fy, (html, r) in built.items()
    ]
    return dg.MaterializeResult(
        metadata={
            "reports": dg.MetadataValue.md(
                table(["fiscal year", "met", "at risk", "missed", "HTML bytes", "PDF bytes"], rows)
            ),
            "latest_html": dg.MetadataValue.path(str(built[years[-1]][0])),
            "rebuilt": [p.name for p in changed],
            "seconds": round(time.monotonic() - started, 2),
        }
    )
