"""The annual board report (HTML and PDF) for chosen fiscal years."""

import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from pipeline.defs.metrics.assets import METRIC_VALUES
from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.partitions import CALENDAR
from pipeline.defs.resources import Warehouse
from pipeline.lib.common.faults import crash_point
from pipeline.lib.common.fiscal import key, today_from_env, year_of_key
from pipeline.lib.common.markdown import table
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.publish import board_files, board_report, unchanged
from pipeline.lib.publish.browser import print_pdfs

BOARD_REPORT = dg.AssetKey(["reports", "board_report"])


class BoardReportConfig(dg.Config):
    """Which fiscal years to report on (e.g. ["FY2024"]). Empty: the last complete fiscal year, the
    one the Board is briefed on (a year to date is built on request: hrp report --fiscal-year)."""

    fiscal_years: list[str] = []  # noqa: RUF012 - pydantic copies field defaults


def default_years() -> list[int]:
    return [CALENDAR.last_complete_year(today_from_env())]


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
        "lib/publish/*.py",
        "lib/metrics/standing.py",
    ),
    pool="warehouse",
    description=(
        "The annual board report: every commitment with its metrics against target, the change from the year "
        "before, charts, a data-quality appendix and provenance; one self-contained HTML file per fiscal year "
        "(reports/templates/board_report.html.j2) and a PDF printed from it by Chromium. Built into "
        "builds/board/<FY>/ and published by the publication asset."
    ),
)
def board_report_asset(
    context: dg.AssetExecutionContext, config: BoardReportConfig, warehouse: Warehouse
) -> dg.MaterializeResult:
    started = time.monotonic()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    years = [year_of_key(k) for k in config.fiscal_years] or default_years()
    paths = warehouse.paths
    built = {}
    changed: dict[Path, str] = {}  # folder -> key of the inputs it is rebuilt from
    with warehouse.connect(f"run {context.run.run_id} (board report)") as con:
        for fy in years:
            report = board_report.build(
                con, load_catalogue(), CALENDAR, fy, context.run.run_id, now, paths.root / "cache" / "charts"
            )
            folder = paths.builds / "board" / key(fy)
            html = folder / f"{board_report.REPORT_NAME}.html"
            inputs = unchanged.board_report_key(report)
            if not unchanged.is_current(folder, inputs, [html, html.with_suffix(".pdf")]):
                if folder.exists():
                    unchanged.forget(folder)
                html = board_files.write(report, folder)
                changed[folder] = inputs
            built[fy] = (html, report)
    crash_point("report.before_pdf")
    if changed:  # a night that changed nothing starts no browser
        print_pdfs({html: html.with_suffix(".pdf") for html, _ in built.values() if html.parent in changed})
    for folder, inputs in changed.items():
        unchanged.record(folder, inputs)
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
            "fiscal_years": [key(fy) for fy in years],
            "reports": dg.MetadataValue.md(
                table(["fiscal year", "met", "at risk", "missed", "HTML bytes", "PDF bytes"], rows)
            ),
            "latest_html": dg.MetadataValue.path(str(built[years[0]][0])),
            "rebuilt": [p.name for p in changed],
            "seconds": round(time.monotonic() - started, 2),
        }
    )


defs = dg.Definitions(assets=[board_report_asset])
