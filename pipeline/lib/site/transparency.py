"""The transparency report's table on the site: a page per period and language, CSV and JSON downloads.

One table per fiscal year and half-year, from the cells the site publishes (so the numbers are the
ones the time-series pages show, with the same protection), downloadable with exactly the table's
columns.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.lib.disclosure.values import REPORTING_WORDS, PublicCell, PublicMetric
from pipeline.lib.render.downloads import csv_text
from pipeline.lib.render.transparency import COLUMNS, METRICS, Table, available, periods, sorted_rows, table


def cell_status(cell: PublicCell | None, undelivered: bool = False) -> str:
    """What a download says beside a value: protected, not reported, no data, or nothing."""
    if cell is None:
        return "no data" if undelivered else "none"
    if cell.public_status != "published":
        return cell.public_status
    return REPORTING_WORDS[cell.reporting]


def download_rows(t: Table) -> list[dict[str, Any]]:
    """Exactly the table: one row per country (then the total), a value and a status per column."""
    out = []
    for row in [*t.rows, t.total]:
        record: dict[str, Any] = {"period": t.period_id, "country": row.country or "total"}
        for (name, _, _), cell in zip(COLUMNS, row.cells, strict=True):
            shown = cell is not None and cell.status == "published" and cell.reporting in ("", "partly")
            record[name] = None if not shown or cell is None or cell.value is None else round(cell.value, 6)
            record[f"{name}_status"] = cell_status(cell, t.undelivered)
        out.append(record)
    return out


def to_csv(rows: list[dict[str, Any]]) -> str:
    return csv_text(rows, ["period", "country", *(n for c in COLUMNS for n in (c[0], f"{c[0]}_status"))])


def to_json(t: Table, k: int, updated: str) -> str:
    document = {
        "table": "transparency_report",
        "period": t.period_id,
        "columns": {name: label for name, label, _ in COLUMNS},
        "sources": [f"sql/marts/{m}.sql" for m in METRICS],
        "suppression_threshold": k,
        "updated": updated,
        "rows": download_rows(t),
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


def write_pages(
    out: Path,
    public: dict[str, PublicMetric],
    k: int,
    updated: datetime,
    locales: list[str],
    context_of: dict[str, tuple[Any, dict[str, Any]]],
) -> list[Path]:
    """The transparency report's table per period: downloads once, a page per language."""
    if not available(public):
        return []
    pages = []
    units = [unit for _, _, unit in COLUMNS]
    shown = periods(public)
    for period_id in shown:
        t = table(public, period_id)
        (out / "data" / f"transparency-{period_id}.csv").write_text(to_csv(download_rows(t)), encoding="utf-8")
        stamp = updated.isoformat(timespec="seconds") + "Z"
        (out / "data" / f"transparency-{period_id}.json").write_text(to_json(t, k, stamp), encoding="utf-8")
        for locale in locales:
            env, context = context_of[locale]
            loc = context["loc"]
            rows = sorted_rows(t.rows, partial(loc.member, "country"), locale)
            page = f"transparency-{period_id}.html"
            html = env.get_template("site/transparency.html.j2").render(
                **context, page=page, t=t, rows=rows, units=units, periods=shown
            )
            (out / locale / page).write_text(html, encoding="utf-8")
            pages.append(out / locale / page)
    return pages
