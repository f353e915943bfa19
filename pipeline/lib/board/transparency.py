"""The transparency report's tables in the board report: English and exact (the Board may see small counts).

Built from the marts as they are: the board never runs the disclosure protection (nor switches it
off); the site's protected tables are built elsewhere, from the same table shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.disclosure.values import exact, load_rows
from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.render.downloads import REPORTING_WORDS
from pipeline.lib.render.labels import member_label
from pipeline.lib.render.transparency import COLUMNS, METRICS, REQUESTS, Row, sorted_rows, table


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
    public = exact(catalogue, rows)
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
