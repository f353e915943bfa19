"""The public metrics' cells: protected for the site (``protect``), exact for the confidential board (``exact``).

Language-neutral: what the site publishes, whatever the reader's language. A cell carries its
disclosure status (published, or why not; a reader is told only published or withheld) and what
stands behind it: how many tally rows left an optional measure blank ("not reported", never 0),
or were reported for the whole year only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb

from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.disclosure.protect import Key, Status, protect_publication
from pipeline.lib.inference.problem import cell_key, published_share
from pipeline.lib.metrics.catalogue import Catalogue, Metric
from pipeline.lib.warehouse import sql

PublicStatus = Literal["published", "withheld"]
Reporting = Literal["", "partly", "not reported", "for the year", "no data"]


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
    based_on: float | None = None  # "of n": a share's total, and each row of a share counting no one
    units: int = 0  # observations behind the value (tally rows, for request counts)
    not_reported: int = 0  # of those, rows that left an optional measure blank
    reported_for_year: int = 0  # of those, whole-year rows seen from a half-year
    undelivered: bool = False  # no delivery of the metric's source covers the period: "no data", never 0
    to_date: bool = False  # the period has not ended: its value is "to date"
    denominator_status: Status = "published"  # the protection's status of a share's "of n"
    missing: int = 0  # tally rows set aside or held that the value should count and does not
    accepted: int = 0  # such rows an operator accepted the value without (metrics.incomplete)

    @property
    def key(self) -> Key:
        return (self.period_id, self.breakdown, self.member_1, self.member_2)

    @property
    def public_status(self) -> PublicStatus:
        """What a reader is told: one neutral status for every hidden figure. Telling "fewer than k"
        from "withheld so that small numbers cannot be worked out" would tell which hidden counts are
        1 to k-1, and bound the cells around them (docs/disclosure-control.md)."""
        return "published" if self.status == "published" else "withheld"

    @property
    def reporting(self) -> Reporting:
        """Whether the value covers everything behind it: blanks are "not reported", never 0."""
        if self.undelivered:
            return "no data"
        if self.units and self.reported_for_year == self.units:
            return "for the year"
        if self.units and self.value is None and self.not_reported + self.reported_for_year == self.units:
            return "not reported"
        if self.not_reported or self.reported_for_year:
            return "partly"
        return ""


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
    """A value with the precision every output shows (pages, SVG, CSV, JSON, interactive chart):
    a share to one decimal of a percent, days to one decimal."""
    if value is None:
        return None
    if unit == "share":
        return published_share(value)
    return round(float(value), 1) if unit == "days" else float(value)


def protect(
    catalogue: Catalogue, rows: list[dict[str, Any]], calendar: FiscalCalendar, k: int, cache: Path | None = None
) -> dict[str, PublicMetric]:
    """The public metrics' values with disclosure control applied to the whole publication at once
    (language-neutral), rounded as shown; ``cache``: a folder keeping each year's protection."""
    rows = public_rows(catalogue, rows)
    years = sorted({r["fiscal_year"] for r in rows})
    halves = {key(y): (calendar.halves(y)[0].id, calendar.halves(y)[1].id) for y in years}
    return cells(catalogue, rows, protect_publication(catalogue.public_metrics, rows, halves, k, cache=cache))


def exact(catalogue: Catalogue, rows: list[dict[str, Any]]) -> dict[str, PublicMetric]:
    """The same cells, every one as it is in the marts: for the confidential board report, which may
    show small counts. No protection runs, so none is ever switched off."""
    return cells(catalogue, public_rows(catalogue, rows), {})


def released(catalogue: Catalogue, rows: list[dict[str, Any]]) -> dict[str, PublicMetric]:
    """The cells of what the privacy stage let out (``public_release.public_values``), with the
    statuses it gave them: the site shows these and protects nothing itself."""
    statuses: dict[tuple[str, Key], Status] = {}
    for row in rows:
        statuses[(row["metric_id"], cell_key(row))] = row["status"]
        statuses[(f"{row['metric_id']}.denominator", cell_key(row))] = row["denominator_status"]
    return cells(catalogue, rows, statuses)


def cells(
    catalogue: Catalogue, rows: list[dict[str, Any]], statuses: dict[tuple[str, Key], Status]
) -> dict[str, PublicMetric]:
    """Each public metric's cells, with the disclosure status the protection gave each (published when none)."""
    by_metric: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_metric[row["metric_id"]].append(row)
    published: dict[str, PublicMetric] = {}
    for metric in catalogue.public_metrics:
        public = published.setdefault(metric.id, PublicMetric(metric))
        for row in by_metric.get(metric.id, []):
            status: Status = statuses.get((metric.id, cell_key(row)), "published")
            visible = status == "published"
            of_n: Status = statuses.get((f"{metric.id}.denominator", cell_key(row)), "published")
            # never a breakdown's count of people behind a share: the protection does not audit it
            base = (
                metric.aggregate == "ratio" and of_n == "published" and not (metric.about_people and row["breakdown"])
            )
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
                    row["denominator"] if base else None,
                    int(row["units"] or 0),
                    int(row.get("not_reported") or 0),
                    int(row.get("reported_for_year") or 0),
                    # no delivery of the metric's source covers the period (marts.coverage): no data
                    row.get("data_status") == "no data",
                    # the period had not ended: "to date", whether or not anything was delivered for it
                    row.get("data_status") == "to date" or bool(row.get("in_progress")),
                    of_n,
                    int(row.get("missing_rows") or 0),
                    int(row.get("accepted_rows") or 0),
                )
            )
    return published


def public_rows(catalogue: Catalogue, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of public metrics' public breakdowns and periods only: departments where the site shows
    their groups, or the halves of a metric shown by whole years, never reach disclosure control or output."""
    kinds = {m.id: ("year", "half") if m.public_halves else ("year",) for m in catalogue.public_metrics}
    public = {(m, k): {",".join(b) for b in catalogue.metric(m).public_breakdowns} for m in kinds for k in kinds[m]}
    return [r for r in rows if r["breakdown"] in public.get((r["metric_id"], r["period_kind"]), set())]


def without_parts_of_withheld_totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures about people the site shows, less the breakdown of every period whose total it
    withholds. A breakdown lists only the members that have someone in them: beside a withheld total,
    "severity: critical, withheld" and nothing else would tell that everyone counted there is
    critical, small as their number is. Without its parts, a withheld total tells nothing about
    who is in it (the protection reasoned with the parts hidden: a reader without them knows less)."""
    withheld = {(r["metric_id"], r["period_id"]) for r in rows if r["breakdown"] == "" and r["status"] != "published"}
    return [
        r
        for r in rows
        # a part with no number (not reported, reported for the year, no data) tells nothing of anyone
        if r["breakdown"] == "" or (r["metric_id"], r["period_id"]) not in withheld or _without_a_number(r)
    ]


def _without_a_number(row: dict[str, Any]) -> bool:
    return row["value"] is None and row["status"] == "published"


def load_rows(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> list[dict[str, Any]]:
    """The public metrics' values as the marts hold them tonight (exact)."""
    return sql.records(con, "site/public_values.sql", {"metrics": [m.id for m in catalogue.public_metrics]})


def load_public_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """What the privacy stage let out tonight, with its statuses (``release.record``)."""
    return sql.records(con, "disclosure/public_values.sql")


def last_release(con: duckdb.DuckDBPyConnection) -> date | None:
    """The last release made (None before the first), whatever the date: a replay shows what is out."""
    found = con.execute(sql.render("disclosure/last_release.sql")).fetchall()
    return found[0][0] if found else None
