"""The transparency report's classic table, rebuilt from the published metrics.

Per country: requests for user data, the share where some data was produced, accounts specified
(where reported); then content-alteration requests, copyright notices and emergency disclosures.
One table per fiscal year and half-year, from the cells the site publishes (so the numbers are the
ones the time-series pages show, with the same protection), downloadable as CSV and JSON with
exactly the table's columns. Countries are sorted by their name in the reader's language.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.publish.labels import member_label
from pipeline.lib.publish.public_values import (
    REPORTING_WORDS,
    PublicCell,
    PublicMetric,
    csv_text,
    load_rows,
    protect,
)

REQUESTS = "requests_received"
SHARE = "user_data_some_data_produced_share"
ACCOUNTS = "user_data_accounts_specified"
METRICS = (REQUESTS, SHARE, ACCOUNTS)
OTHER_TYPES = ("content_alteration", "copyright_takedown", "emergency_disclosure")
COLUMNS = (
    ("user_data_requests", "Requests for user data", "count"),
    ("some_data_produced_share", "Share where some data was produced", "share"),
    ("accounts_specified", "Accounts specified", "count"),
    ("content_alteration_requests", "Content alteration requests", "count"),
    ("copyright_takedown_requests", "Copyright takedown notices", "count"),
    ("emergency_disclosure_requests", "Emergency disclosure requests", "count"),
)
# Kyrgyz letters in their alphabet's order; the others sort by code point after them
KYRGYZ_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"


@dataclass
class Row:
    country: str | None  # None for the total row
    cells: tuple[PublicCell | None, ...]  # in the order of COLUMNS


@dataclass
class Table:
    period_id: str
    rows: list[Row]  # countries, unsorted (sorting is per language)
    total: Row
    undelivered: bool = False  # nothing was delivered for the period: every empty cell is "no data"


def available(public: dict[str, PublicMetric]) -> bool:
    return all(m in public for m in METRICS)


def periods(public: dict[str, PublicMetric]) -> list[str]:
    """Every period with a requests total, newest first (a year before its halves)."""
    totals = public[REQUESTS].totals()
    ordered = sorted(totals, key=lambda c: (c.fiscal_year, c.period_kind == "year", c.period_start), reverse=True)
    return [c.period_id for c in ordered]


def table(public: dict[str, PublicMetric], period_id: str) -> Table:
    requests = {(c.member_1, c.member_2): c for c in public[REQUESTS].breakdown("request_type,country", period_id)}
    shares = {c.member_1: c for c in public[SHARE].breakdown("country", period_id)}
    accounts = {c.member_1: c for c in public[ACCOUNTS].breakdown("country", period_id)}
    countries = sorted({country for _, country in requests if country})
    rows = [
        Row(
            country,
            (
                requests.get(("user_data", country)),
                shares.get(country),
                accounts.get(country),
                *(requests.get((kind, country)) for kind in OTHER_TYPES),
            ),
        )
        for country in countries
    ]
    by_type = {c.member_1: c for c in public[REQUESTS].breakdown("request_type", period_id)}
    total = Row(
        None,
        (
            by_type.get("user_data"),
            public[SHARE].total(period_id),
            public[ACCOUNTS].total(period_id),
            *(by_type.get(kind) for kind in OTHER_TYPES),
        ),
    )
    requests_total = public[REQUESTS].total(period_id)
    return Table(period_id, rows, total, requests_total is not None and requests_total.reporting == "no data")


def collation_key(text: str, locale: str) -> tuple[tuple[int, int, str], ...]:
    """A locale-aware sort key without ICU: letters compared without case and accents, and in
    Kyrgyz the alphabet's own order (ң after н, ө after о, ү after у), not code-point order."""
    key = []
    for char in text.casefold():
        if locale == "ky" and char in KYRGYZ_ALPHABET:
            key.append((0, KYRGYZ_ALPHABET.index(char), ""))
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if not base.isalnum():
            continue  # spaces and punctuation do not decide the order ("Côte d'Ivoire")
        key.append((1, 0, base))
    return tuple(key)


def sorted_rows(rows: list[Row], name: Any, locale: str) -> list[Row]:
    """Rows in the order of the countries' names in ``locale``; the unknown country last."""
    return sorted(rows, key=lambda r: (r.country == "XX", collation_key(name(r.country), locale), r.country or ""))


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


# ------------------------------------------------------------------------------- board report


@dataclass
class BoardTable:
    """One period's table as the board report prints it: English, exact (the Board may see small counts)."""

    label: str
    rows: list[tuple[str, list[str]]]
    total: list[str]

    def largest(self, n: int) -> list[tuple[str, list[str]]]:
        """The n countries with the most requests of any type, in the table's (alphabetical) order: the
        printed body stays one page, and the whole table is attached to the report."""

        def requests(row: tuple[str, list[str]]) -> int:
            counts = [row[1][i].replace(",", "") for i in REQUEST_COLUMNS]
            return sum(int(c) for c in counts if c.isdigit())

        kept = {id(row) for row in sorted(self.rows, key=requests, reverse=True)[:n]}
        return [row for row in self.rows if id(row) in kept]


# the columns of a board row that count requests: user data, content alteration, copyright, emergency disclosure
REQUEST_COLUMNS = (0, 3, 4, 5)


def board_tables(
    con: duckdb.DuckDBPyConnection, catalogue: Catalogue, calendar: FiscalCalendar, fiscal_year: int
) -> list[BoardTable]:
    """The fiscal year's table and its two halves', from the marts, unprotected."""
    if not all(m in {x.id for x in catalogue.public_metrics} for m in METRICS):
        return []
    rows = [r for r in load_rows(con, catalogue) if r["metric_id"] in METRICS and r["fiscal_year"] == fiscal_year]
    public = protect(catalogue, rows, calendar, k=1)  # k = 1: nothing is small, nothing is hidden
    year, (first, second) = calendar.year(fiscal_year), calendar.halves(fiscal_year)
    labels = {
        year.id: year.id,
        first.id: f"{first.id} ({first.start:%b %Y} – {first.end:%b %Y})",
        second.id: f"{second.id} ({second.start:%b %Y} – {second.end:%b %Y})",
    }
    tables = []
    for period_id, label in labels.items():
        if public[REQUESTS].total(period_id) is None:
            continue
        t = table(public, period_id)
        ordered = sorted_rows(t.rows, lambda code: member_label("country", code or ""), "en")
        tables.append(
            BoardTable(
                label,
                [(member_label("country", r.country or ""), _board_values(r, t.undelivered)) for r in ordered],
                _board_values(t.total, t.undelivered),
            )
        )
    return tables


def _board_values(row: Row, undelivered: bool) -> list[str]:
    values = []
    for (_, _, unit), cell in zip(COLUMNS, row.cells, strict=True):
        if cell is None:
            values.append("no data" if undelivered else "–")
        elif cell.reporting in ("no data", "not reported", "for the year"):
            values.append(REPORTING_WORDS[cell.reporting])
        elif cell.value is None:
            values.append("–")
        else:
            shown = f"{cell.value:.1%}" if unit == "share" else f"{cell.value:,.0f}"
            values.append(shown + (" (partly reported)" if cell.reporting == "partly" else ""))
    return values
