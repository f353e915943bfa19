"""The transparency report's tables in the board report: English and exact (the Board may see small counts).

Built from the marts as they are: the board never runs the disclosure protection (nor switches it
off); the site's protected tables are built elsewhere, from the same table shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.lib.board.breakdowns import short_by, small_base
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.disclosure.values import exact, load_rows
from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.metrics.incomplete import CellKey, Missing, annotate
from pipeline.lib.render.downloads import REPORTING_WORDS
from pipeline.lib.render.labels import member_label
from pipeline.lib.render.transparency import COLUMNS, METRICS, REQUESTS, SHARE, Row, sorted_rows, table


@dataclass
class BoardTable:
    """One period's table as the board report prints it: English, exact (the Board may see small counts)."""

    label: str
    rows: list[tuple[str, list[str]]]
    total: list[str]
    requests: list[int]  # per row: requests of any type, the order of ``largest``

    def largest(self, n: int) -> list[tuple[str, list[str]]]:
        """The n countries with the most requests of any type, the most first (then by name): where
        most of the year's demands came from. The printed body stays one page; the whole table, in
        its alphabetical order, is attached to the report."""
        ranked = sorted(zip(self.requests, self.rows, strict=True), key=lambda pair: (-pair[0], pair[1][0]))
        return [row for _, row in ranked[:n]]


# the columns of a board row that count requests: user data, content alteration, copyright, emergency disclosure
REQUEST_COLUMNS = (0, 3, 4, 5)


def board_tables(
    con: duckdb.DuckDBPyConnection,
    catalogue: Catalogue,
    calendar: FiscalCalendar,
    fiscal_year: int,
    missing: dict[CellKey, Missing],
) -> list[BoardTable]:
    """The fiscal year's table and its two halves', from the marts, unprotected, each value with the
    rows it misses (``metrics.incomplete``)."""
    if not all(m in {x.id for x in catalogue.public_metrics} for m in METRICS):
        return []
    rows = [r for r in load_rows(con, catalogue) if r["metric_id"] in METRICS and r["fiscal_year"] == fiscal_year]
    public = exact(catalogue, annotate(rows, missing))
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
        # what each share is of: the country's (or the total's) user-data requests with an outcome
        base = {r["member_1"]: r["denominator"] for r in rows if (r["metric_id"], r["period_id"]) == (SHARE, period_id)}
        ordered = sorted_rows(t.rows, lambda code: member_label("country", code or ""), "en")
        tables.append(
            BoardTable(
                label,
                [
                    (member_label("country", r.country or ""), _board_values(r, t.undelivered, base.get(r.country)))
                    for r in ordered
                ],
                _board_values(t.total, t.undelivered, base.get(None)),
                [_requests(r) for r in ordered],
            )
        )
    return tables


def _requests(row: Row) -> int:
    """A country's requests of any type (user data, content alteration, copyright, emergency disclosure)."""
    counts = [row.cells[i] for i in REQUEST_COLUMNS]
    return sum(int(c.value) for c in counts if c is not None and c.value is not None)


def _board_values(row: Row, undelivered: bool, base: float | None) -> list[str]:
    """The row's cells as printed; a share with its base ("58.1% of 43"), flagged when the base is
    smaller than the disclosure policy's k (``board.breakdowns``)."""
    values = []
    for (_, _, unit), cell in zip(COLUMNS, row.cells, strict=True):
        if cell is None:
            values.append("no data" if undelivered else "–")
        elif cell.reporting in ("no data", "not reported", "for the year"):
            values.append(REPORTING_WORDS[cell.reporting])
        elif cell.value is None:
            values.append("–")
        else:
            shown = f"{cell.value:,.0f}" if unit != "share" else _share(cell.value, base)
            values.append(
                shown
                + (" (partly reported)" if cell.reporting == "partly" else "")
                + short_by(Missing(cell.missing, cell.accepted))
            )
    return values


def _share(value: float, base: float | None) -> str:
    if base is None:
        return f"{value:.1%}"
    small = " (small base)" if base < small_base() else ""
    return f"{value:.1%} of {base:,.0f}{small}"
