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

from pipeline.lib.common.fiscal import fiscal_year_of_period
from pipeline.lib.disclosure.values import PublicCell, PublicMetric
from pipeline.lib.metrics.catalogue import Metric
from pipeline.lib.render.downloads import CSV_ENCODING, REPORTING_WORDS, csv_text, typed
from pipeline.lib.render.transparency import (
    ACCOUNTS,
    ACCOUNTS_COLUMN,
    COLUMNS,
    METRICS,
    Row,
    Table,
    available,
    periods,
    sorted_rows,
    table,
)
from pipeline.lib.site.localised import Localised, Waiting


def cell_status(cell: PublicCell | None, undelivered: bool = False, due: Waiting | None = None) -> str:
    """What a download says beside a value: protected, not reported, no data, not out yet, or nothing."""
    if cell is None:
        if due is not None:
            return "held back" if due.held_back else "not yet released"
        return "no data" if undelivered else "none"
    if cell.public_status != "published":
        return cell.public_status
    if cell.missing:
        return "incomplete"  # rows set aside or held that it does not count
    if cell.accepted:
        return "accepted as incomplete"
    if cell.value is None and not cell.reporting:
        return "none"  # a share of no requests: nothing to measure, as the page's "–" says
    return REPORTING_WORDS[cell.reporting]


NONE = "–"  # the table's mark for nothing of a kind from a country in the period


def cell_text(
    loc: Localised, t: Table, cell: PublicCell | None, unit: str, column: int = -1, country: str | None = None
) -> str:
    """A cell as the table shows it: a number, a word for why there is none, or the mark for none.
    Accounts beside requests that arrived after the last release are "not yet released (due …)": a
    new user read "–", none, beside 14 requests."""
    if cell is None:
        if (country, column) in t.waiting:
            return loc.value(None, unit, t.waiting[(country, column)])
        return loc._("no data") if t.undelivered else NONE
    if cell.public_status == "published" and cell.missing > 0:
        return loc._("%(value)s (incomplete)", value=loc.value(cell, unit))
    return loc.value(cell, unit)


def legend(loc: Localised, t: Table, units: list[str]) -> list[tuple[str, str]]:
    """What every mark and word the table shows in place of a number means, in the order first seen."""
    meanings = {
        NONE: loc._(
            "none: no request of this kind from this country in the period "
            "(for the share: no request for user data to take a share of)"
        ),
        loc._("withheld"): loc.note("withheld"),
        loc._("no data"): loc._("nothing was delivered for this period yet"),
        loc._("not reported"): loc._("the report does not state this figure; it is not 0"),
        loc._("reported for the whole year"): loc._("the figure is given for the fiscal year only, not for its halves"),
    }
    used: dict[str, str] = {}
    for row in [*t.rows, t.total]:
        for column, (cell, unit) in enumerate(zip(row.cells, units, strict=True)):
            shown = cell_text(loc, t, cell, unit, column, row.country)
            if shown in meanings:
                used.setdefault(shown, meanings[shown])
            due = t.waiting.get((row.country, column))
            if cell is None and due is not None and due.held_back:
                used.setdefault(
                    shown,
                    loc._(
                        "The figure is held back: a late correction to a figure already released is held until "
                        "it can be published safely, and tried again at the next release."
                    ),
                )
            if cell is not None and cell.public_status == "published" and cell.missing > 0:
                used.setdefault(
                    loc._("(incomplete)"),
                    loc._(
                        "rows of the delivery were set aside or held and are not counted: the figure is too low "
                        "until they are delivered again"
                    ),
                )
    return list(used.items())


def period_years(shown: list[str]) -> list[list[str]]:
    """The periods grouped by fiscal year (newest first), each year before its halves: one line each."""
    years: dict[int, list[str]] = {}
    for period_id in shown:
        years.setdefault(fiscal_year_of_period(period_id), []).append(period_id)
    return list(years.values())


def country_name(loc: Localised, country: str | None) -> str:
    """A row's name in the reader's language: the country's, or "Total"."""
    return loc.member("country", country) if country else loc._("Total")


def download_rows(t: Table, rows: list[Row] | None = None, name: Any = None) -> list[dict[str, Any]]:
    """Exactly the table: one row per country (in ``rows``' order, then the total), a value and a
    status per column, the share's base beside it; with ``name``, each country's name beside its code."""
    out = []
    for row in [*(t.rows if rows is None else rows), t.total]:
        record: dict[str, Any] = {"period": t.period_id, "country": row.country or "total"}
        if name is not None:
            record["country_name"] = name(row.country)
        for index, ((column, _, unit), cell) in enumerate(zip(COLUMNS, row.cells, strict=True)):
            shown = cell is not None and cell.status == "published" and cell.reporting in ("", "partly")
            record[column] = typed(cell.value, unit) if shown and cell is not None else None
            record[f"{column}_status"] = cell_status(cell, t.undelivered, t.waiting.get((row.country, index)))
            if unit == "share":
                record[f"{column}_based_on"] = typed(cell.based_on, "count") if cell is not None else None
        out.append(record)
    return out


def to_csv(rows: list[dict[str, Any]]) -> str:
    columns = ["period", "country", "country_name"]
    for column, _, unit in COLUMNS:
        columns += [column, f"{column}_status", *([f"{column}_based_on"] if unit == "share" else [])]
    return csv_text(rows, columns)


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


def _mark_waiting(t: Table, context: dict[str, Any], metric: Metric) -> None:
    """The accounts cells not out yet beside user-data requests (published exactly, every night): the
    period's release when it has not come, else the next one (the requests came after the release)."""
    due = context["due"](metric, t.period_id) or Waiting(context["next_release_on"])
    for row in [*t.rows, t.total]:
        requests = row.cells[0]
        if (
            row.cells[ACCOUNTS_COLUMN] is None
            and requests is not None
            and requests.status == "published"
            and requests.value
        ):
            t.waiting[(row.country, ACCOUNTS_COLUMN)] = due


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
        _mark_waiting(t, next(iter(context_of.values()))[1], public[ACCOUNTS].metric)
        stamp = updated.isoformat(timespec="seconds") + "Z"
        (out / "data" / f"transparency-{period_id}.json").write_text(to_json(t, k, stamp), encoding="utf-8")
        for locale in locales:
            env, context = context_of[locale]
            loc = context["loc"]
            rows = sorted_rows(t.rows, partial(loc.member, "country"), locale)
            csv = to_csv(download_rows(t, rows, partial(country_name, loc)))
            (out / "data" / locale / f"transparency-{period_id}.csv").write_text(csv, encoding=CSV_ENCODING)
            page = f"transparency-{period_id}.html"
            html = env.get_template("site/transparency.html.j2").render(
                **context,
                page=page,
                t=t,
                rows=rows,
                units=units,
                period_years=period_years(shown),
                text=partial(cell_text, loc, t),
                legend=legend(loc, t, units),
            )
            (out / locale / page).write_text(html, encoding="utf-8")
            pages.append(out / locale / page)
    return pages
