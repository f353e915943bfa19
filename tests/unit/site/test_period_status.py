"""A download's ``period_status`` is "to date" for every period not yet ended, including one for which
nothing was delivered yet (status "no data"): it says whether the period has ended, not what was delivered."""

from typing import Any

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.disclosure.values import protect
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.site.downloads import data_rows

CATALOGUE = load_catalogue()
CALENDAR = FiscalCalendar(7)


def _row(metric_id: str, period_id: str, kind: str, data_status: str, in_progress: bool) -> dict[str, Any]:
    fiscal_year = int(period_id[2:6])
    delivered = data_status != "no data"
    return {
        "metric_id": metric_id,
        "fiscal_year": fiscal_year,
        "period_id": period_id,
        "period_kind": kind,
        "period_start": CALENDAR.year_start(fiscal_year),
        "period_end": CALENDAR.year_end(fiscal_year),
        "breakdown": "",
        "dimension_1": None,
        "member_1": None,
        "dimension_2": None,
        "member_2": None,
        "value": 40.0 if delivered else None,
        "numerator": None,
        "denominator": None,
        "units": 40 if delivered else 0,
        "not_reported": 0,
        "reported_for_year": 0,
        "data_status": data_status,
        "in_progress": in_progress,
    }


def test_a_year_in_progress_is_to_date_delivered_or_not() -> None:
    metric = next(m for m in CATALOGUE.public_metrics if m.unit == "count" and () in m.public_breakdowns)
    rows = [
        _row(metric.id, "FY2026", "year", "value", False),
        _row(metric.id, "FY2027", "year", "no data", True),
        _row(metric.id, "FY2027-H1", "half", "no data", True),
    ]
    public = protect(CATALOGUE, rows, CALENDAR, 10)
    statuses = {r["period"]: (r["status"], r["period_status"]) for r in data_rows(public[metric.id])}
    assert statuses == {
        "FY2026": ("published", "complete"),
        "FY2027": ("no data", "to date"),
        "FY2027-H1": ("no data", "to date"),
    }
