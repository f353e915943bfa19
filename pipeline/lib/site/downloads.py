"""A public metric's downloads: every cell as CSV (per language) and JSON, its status beside its value.

A value is empty (never 0) when it is withheld, not reported or not delivered; ``status`` and
``reporting`` say which, ``period_status`` whether the period had ended, or that the value is
"incomplete" (rows set aside or held that it does not count, ``rows_not_counted`` of them) or
"accepted as incomplete" (an operator accepted it without them). Counts are written as
integers, so that a spreadsheet or a data frame reads them as such. A share or a median says what it
is "of" in ``based_on`` with ``based_on_status`` beside it: a share's base as the protection let it
out, a median's the count it is the median of (``disclosure_relations.yaml``) where the site
publishes that count for the same cell. The CSV is per language: the names of periods and members
beside their codes, rows in the page's order. The JSON is language-neutral (codes only).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.lib.common.fiscal import FiscalCalendar, fiscal_year_of_period
from pipeline.lib.disclosure.protect import Key
from pipeline.lib.disclosure.values import PublicCell, PublicMetric
from pipeline.lib.inference.relations import load_relations
from pipeline.lib.metrics.catalogue import Metric
from pipeline.lib.render.downloads import CSV_ENCODING, REPORTING_WORDS, csv_text, typed
from pipeline.lib.site.localised import Localised

DATA_COLUMNS = [
    "period",
    "period_name",
    "period_kind",
    "fiscal_year",
    "breakdown",
    "dimension_1",
    "member_1",
    "member_1_name",
    "dimension_2",
    "member_2",
    "member_2_name",
    "value",
    "status",
    "based_on",
    "based_on_status",
    "reporting",
    "period_status",
    "rows_not_counted",
]
Held = frozenset[tuple[str, str]]  # (metric, period) the last release held back
Bases = dict[Key, PublicCell]  # a median's cell -> the published count it is the median of


def median_bases(public: dict[str, PublicMetric]) -> dict[str, Bases]:
    """Per median metric, the cells of the count it is the median of, by cell."""
    return {
        median: {c.key: c for c in public[count].cells}
        for median, count in load_relations().medians
        if median in public and count in public
    }


def _base(c: PublicCell, metric: Metric, bases: Bases | None) -> tuple[int | None, str]:
    """A cell's ``based_on`` and ``based_on_status`` (empty for a count, which has no base)."""
    if metric.aggregate == "ratio":
        if c.based_on is not None:
            return round(c.based_on), "published"
        if c.denominator_status != "published":
            return None, "withheld"
        return None, "not published" if c.breakdown and metric.about_people else ""
    if metric.aggregate != "median":
        return None, ""
    count = (bases or {}).get(c.key)
    if count is None:
        return None, "not published"  # no count of the same cell is published: its base is not
    if count.public_status != "published" or count.value is None:
        return None, "withheld"
    return round(count.value), "published"


def data_rows(public: PublicMetric, bases: Bases | None = None) -> list[dict[str, Any]]:
    """The cells as the downloads write them, language-neutral, in the marts' order."""
    unit = public.metric.unit
    rows = []
    for c in public.cells:
        based_on, base_status = _base(c, public.metric, bases)
        shown = not (c.value is None or c.undelivered or c.reporting not in ("", "partly"))
        rows.append(
            {
                "period": c.period_id,
                "period_kind": c.period_kind,
                "fiscal_year": c.fiscal_year,
                "breakdown": c.breakdown,
                "dimension_1": c.dimension_1,
                "member_1": c.member_1,
                "dimension_2": c.dimension_2,
                "member_2": c.member_2,
                "value": typed(c.value, unit) if shown else None,
                "status": "no data" if c.undelivered else c.public_status,
                "based_on": based_on,
                "based_on_status": base_status,
                "reporting": REPORTING_WORDS[c.reporting],
                "period_status": period_status(c),
                "rows_not_counted": (c.missing or c.accepted or None) if c.public_status == "published" else None,
            }
        )
    return rows


def period_status(c: PublicCell) -> str:
    """Whether a published value counts everything it should: incomplete (rows set aside or held),
    accepted as incomplete, to date (the period has not ended) or complete. Marks only what is
    published: of a withheld value nothing is said (a "complete" there was false, and a mark would
    tell about the hidden figure)."""
    if c.public_status == "published" and c.missing:
        return "incomplete"
    if c.public_status == "published" and c.accepted:
        return "accepted as incomplete"
    if c.to_date:
        return "to date"
    return "complete" if c.public_status == "published" else ""  # nothing said of a figure not shown


def held_back_rows(metric_id: str, held: Held, calendar: FiscalCalendar) -> list[dict[str, Any]]:
    """The periods the last release held back for this metric, each as one total row with the status
    "held back" and no value: left out, the period would read as one without data."""
    return [
        {
            **dict.fromkeys(DATA_COLUMNS),
            "period": period_id,
            "period_kind": calendar.period(period_id).kind,
            "fiscal_year": fiscal_year_of_period(period_id),
            "breakdown": "",
            "status": "held back",
            "reporting": REPORTING_WORDS[""],
            "period_status": "",
        }
        for metric, period_id in sorted(held)
        if metric == metric_id
    ]


def localised_rows(
    public: PublicMetric, rows: list[dict[str, Any]], loc: Localised, calendar: FiscalCalendar
) -> list[dict[str, Any]]:
    """The rows with names beside codes in the reader's language, in the page's order: periods as the
    page lists them, in each the total first, then each breakdown in the catalogue's order, its
    members in the order the page shows them."""
    by_period: dict[str, list[tuple[PublicCell, dict[str, Any]]]] = defaultdict(list)
    for c, row in zip(public.cells, rows, strict=True):
        by_period[c.period_id].append((c, row))
    breakdowns = [",".join(b) for b in public.metric.public_breakdowns]
    out = []
    for period_id, pairs in by_period.items():
        for breakdown in sorted({c.breakdown for c, _ in pairs}, key=breakdowns.index):
            part = {id(c): row for c, row in pairs if c.breakdown == breakdown}
            for c in loc.ordered([c for c, _ in pairs if c.breakdown == breakdown]):
                out.append(
                    {
                        **part[id(c)],
                        "period_name": loc.period(period_id, calendar),
                        "member_1_name": loc.member(c.dimension_1, c.member_1) if c.member_1 else None,
                        "member_2_name": loc.member(c.dimension_2, c.member_2) if c.member_2 else None,
                    }
                )
    return out


def to_csv(rows: list[dict[str, Any]]) -> str:
    return csv_text(rows, DATA_COLUMNS)


def write_csvs(
    folder: Path,
    public: dict[str, PublicMetric],
    bases: dict[str, Bases],
    loc: Localised,
    calendar: FiscalCalendar,
    held: Held = frozenset(),
) -> None:
    """Every metric's CSV in the reader's language, into ``folder`` (``data/<language>``); ``held``:
    the (metric, period) the last release held back."""
    folder.mkdir(parents=True, exist_ok=True)
    for metric_id, p in public.items():
        rows = localised_rows(p, data_rows(p, bases.get(metric_id)), loc, calendar)
        rows += [
            {**row, "period_name": loc.period(row["period"], calendar)}
            for row in held_back_rows(metric_id, held, calendar)
        ]
        (folder / f"{metric_id}.csv").write_text(to_csv(rows), encoding=CSV_ENCODING)


def to_json(
    public: PublicMetric,
    k: int,
    updated: datetime,
    bases: Bases | None = None,
    held: list[dict[str, Any]] | None = None,
) -> str:
    m = public.metric
    document = {
        "metric": m.id,
        "title": m.title,
        "definition": m.definition,
        "unit": m.unit,
        "source": m.source,
        "sql": f"sql/marts/{m.sql}",
        "disclosure": m.disclosure,
        "suppression_threshold": k,
        "updated": updated.isoformat(timespec="seconds") + "Z",
        "values": data_rows(public, bases) + (held or []),
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)
