"""A public metric's downloads: every cell as CSV and JSON, with its status beside its value.

A value is empty (never 0) when it is withheld, not reported or not delivered; ``status`` and
``reporting`` say which, ``period_status`` whether the period had ended.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pipeline.lib.disclosure.values import REPORTING_WORDS, PublicMetric
from pipeline.lib.render.downloads import csv_text

DATA_COLUMNS = [
    "period",
    "period_kind",
    "fiscal_year",
    "breakdown",
    "dimension_1",
    "member_1",
    "dimension_2",
    "member_2",
    "value",
    "status",
    "based_on",
    "reporting",
    "period_status",
]


def data_rows(public: PublicMetric) -> list[dict[str, Any]]:
    return [
        {
            "period": c.period_id,
            "period_kind": c.period_kind,
            "fiscal_year": c.fiscal_year,
            "breakdown": c.breakdown,
            "dimension_1": c.dimension_1,
            "member_1": c.member_1,
            "dimension_2": c.dimension_2,
            "member_2": c.member_2,
            "value": None
            if c.value is None or c.undelivered or c.reporting not in ("", "partly")
            else round(c.value, 6),
            "status": "no data" if c.undelivered else c.public_status,
            "based_on": c.based_on,
            "reporting": REPORTING_WORDS[c.reporting],
            "period_status": "to date" if c.to_date else "complete",
        }
        for c in public.cells
    ]


def to_csv(rows: list[dict[str, Any]]) -> str:
    return csv_text(rows, DATA_COLUMNS)


def to_json(public: PublicMetric, k: int, updated: datetime) -> str:
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
        "values": data_rows(public),
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)
