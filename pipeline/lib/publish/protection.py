"""The public metrics' values as the site publishes them: protected, and rounded as shown.

Language-neutral: every output of the site (pages, SVG charts, CSV, JSON, the interactive chart's
data) is written from these cells, so each shows the same figure with the same precision: a share
to one decimal of a percent, a median to one decimal of a day. Disclosure control
(``disclosure.protect_publication``) sees every public metric at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.metrics.catalogue import Catalogue, Metric
from pipeline.lib.publish.disclosure import Key, Status, protect_publication
from pipeline.lib.publish.disclosure_problem import published_share
from pipeline.lib.warehouse import sql


@dataclass
class PublicCell:
    period_id: str
    period_kind: str
    fiscal_year: int
    period_start: date
    breakdown: str
    dimension_1: str | None
    member_1: str | None
    dimension_2: str | None
    member_2: str | None
    value: float | None  # None when suppressed or when there was nothing to measure
    status: Status
    based_on: float | None = None  # the "of n" of a total share, when it may be published

    @property
    def key(self) -> Key:
        return (self.period_id, self.breakdown, self.member_1, self.member_2)


@dataclass
class PublicMetric:
    metric: Metric
    cells: list[PublicCell] = field(default_factory=list)

    def totals(self) -> list[PublicCell]:
        return [c for c in self.cells if c.breakdown == ""]

    def total(self, period_id: str) -> PublicCell | None:
        return next((c for c in self.cells if c.breakdown == "" and c.period_id == period_id), None)

    def breakdown(self, name: str, period_id: str) -> list[PublicCell]:
        return [c for c in self.cells if c.breakdown == name and c.period_id == period_id]

    @property
    def suppressed(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for c in self.cells:
            if c.status != "published":
                counts[c.status] += 1
        return dict(counts)


def shown(value: float | None, unit: str) -> float | None:
    """A value with the precision every output shows."""
    if value is None:
        return None
    if unit == "share":
        return published_share(value)
    return round(float(value), 1) if unit == "days" else float(value)


def protect(
    catalogue: Catalogue, rows: list[dict[str, Any]], calendar: FiscalCalendar, k: int
) -> dict[str, PublicMetric]:
    """The public metrics' values with small-count suppression applied to the whole publication."""
    years = sorted({r["fiscal_year"] for r in rows})
    halves = {key(y): (calendar.halves(y)[0].id, calendar.halves(y)[1].id) for y in years}
    statuses = protect_publication(catalogue.public_metrics, rows, halves, k)
    by_metric: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_metric[row["metric_id"]].append(row)
    published: dict[str, PublicMetric] = {}
    for metric in catalogue.public_metrics:
        public = published.setdefault(metric.id, PublicMetric(metric))
        for row in by_metric.get(metric.id, []):
            cell_key: Key = (row["period_id"], row["breakdown"], row["member_1"], row["member_2"])
            status: Status = statuses.get((metric.id, cell_key), "published")
            visible = status == "published"
            of_n = statuses.get((f"{metric.id}.denominator", cell_key), "published") == "published"
            based_on = row["denominator"] if metric.aggregate == "ratio" and row["breakdown"] == "" and of_n else None
            public.cells.append(
                PublicCell(
                    row["period_id"],
                    row["period_kind"],
                    row["fiscal_year"],
                    row["period_start"],
                    row["breakdown"],
                    row["dimension_1"],
                    row["member_1"],
                    row["dimension_2"],
                    row["member_2"],
                    shown(row["value"], metric.unit) if visible else None,
                    status,
                    based_on,
                )
            )
    return published


def load_rows(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> list[dict[str, Any]]:
    cursor = con.execute(sql.render("site/public_values.sql"), {"metrics": [m.id for m in catalogue.public_metrics]})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
