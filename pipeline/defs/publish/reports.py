"""The annual board report (HTML and PDF), partitioned by fiscal year like the metrics it reads.

One run takes every fiscal year it asks for at once (a single-run backfill policy, as
``marts/metric_values``): the nightly asks for them all and builds the year the Board is briefed
on; ``hrp report --fiscal-year FY2024`` (or a backfill launched from the UI) asks for one year, or
a few, and builds exactly those.
"""

import time
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg

from pipeline.defs.metrics.assets import METRIC_VALUES
from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.partitions import PARTITIONS_NAME, fiscal_years
from pipeline.defs.resources import Warehouse
from pipeline.lib.board import files as board_files
from pipeline.lib.board import report as board_report
from pipeline.lib.board.views import REPORT_NAME
from pipeline.lib.common.faults import crash_point
from pipeline.lib.common.fiscal import calendar_from_env, key, today_from_env, year_of_key
from pipeline.lib.common.markdown import table
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render import stamps
from pipeline.lib.render.browser import print_pdfs

BOARD_REPORT = dg.AssetKey(["reports", "board_report"])


NIGHTLY_JOB = "nightly"


def years_to_build(job_name: str, requested: list[int], known: list[int], today: date) -> list[int]:
    """The fiscal years whose report a run builds.

    The nightly asks for every year it knew of when it was requested (its metrics are recomputed
    together) but builds the report the Board is briefed on: the last complete year, once the
    metrics know it (on a first night it is registered during the run, after the request). Every
    other run (``hrp report``, a backfill from the UI) builds exactly the years it asked for, the
    year to date included.
    """
    if job_name != NIGHTLY_JOB:
        return sorted(requested)
    briefed = calendar_from_env().last_complete_year(today)
    return [briefed] if briefed in set(requested) | set(known) else []


@dg.asset(
    key=BOARD_REPORT,
    deps=[METRIC_VALUES],
    group_name="publish",
    kinds={"html", "pdf"},
    owners=OWNERS,
    tags=asset_tags("publish", "internal", audience="board"),
    code_version=asset_code_version(
        "reports/templates/board_report.html.j2",
        "reports/static/board.css",
        "sql/reports/**/*.sql",
        "catalogue/**/*.yaml",
        "lib/render/*.py",
        "lib/board/*.py",
        "lib/metrics/standing.py",
    ),
    pool="warehouse",
    partitions_def=fiscal_years,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description=(
        "The annual board report: every commitment with its metrics against target, the change from the year "
        "before, charts, a data-quality appendix and provenance; one self-contained HTML file per fiscal year "
        "(reports/templates/board_report.html.j2) and a PDF printed from it by Chromium. Built into "
        "builds/board/<FY>/ and published by the publication asset. Partitioned by fiscal year like "
        "marts/metric_values. The nightly run asks for every fiscal year (the metrics are recomputed together) "
        "and Dagster records each of them, but it builds only the last complete year's report: that is the "
        "one the Board is briefed on, and printing a PDF for every past year each night would cost minutes "
        "for reports nobody asked for; each partition's metadata says whether it was built or kept. "
        "A year to date or a past year is built on request: `hrp report --fiscal-year FY2024` materialises "
        "that partition alone (with its metrics), and the report stays in builds/board/ for the next "
        "publication."
    ),
)
def board_report_asset(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    started = time.monotonic()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    requested = sorted(year_of_key(k) for k in context.partition_keys)
    known = [year_of_key(k) for k in context.instance.get_dynamic_partitions(PARTITIONS_NAME)]
    years = years_to_build(context.job_name, requested, known, today_from_env())
    paths = warehouse.paths
    built = {}
    changed: dict[Path, str] = {}  # folder -> key of the inputs it is rebuilt from
    with warehouse.connect(f"run {context.run.run_id} (board report)") as con:
        for fy in years:
            report = board_report.build(
                con, load_catalogue(), calendar_from_env(), fy, context.run.run_id, now, paths.root / "cache" / "charts"
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
        print_pdfs({html: html.with_suffix(".pdf") for html, _ in built.values() if html.parent in changed})
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
    metadata: dict[str, dg.RawMetadataValue] = {
        "fiscal_years": [key(fy) for fy in years],
        "reports": dg.MetadataValue.md(
            table(["fiscal year", "met", "at risk", "missed", "HTML bytes", "PDF bytes"], rows)
        ),
        **({"latest_html": dg.MetadataValue.path(str(built[years[-1]][0]))} if years else {}),
        "rebuilt": [p.name for p in changed],
        "seconds": round(time.monotonic() - started, 2),
    }
    for fy in requested:  # every partition says what this run did for it
        context.add_asset_metadata({"built": fy in built}, partition_key=key(fy))
    for fy in sorted(set(built) - set(requested)):  # a year first seen in this run's data: record it too
        context.log_event(
            dg.AssetMaterialization(asset_key=BOARD_REPORT, partition=key(fy), metadata={**metadata, "built": True})
        )
    return dg.MaterializeResult(metadata=metadata)


defs = dg.Definitions(assets=[board_report_asset])
