"""A figure a release withholds but an earlier one published is shown as that earlier release showed it."""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.lib.release.as_released import as_shown, mark

MARCH, AUGUST = date(2027, 3, 1), date(2027, 8, 29)


def _row(released_on: date | None, member: str, value: float, status: str, **more: Any) -> dict[str, Any]:
    row = {
        "metric_id": "cases_opened", "period_id": "FY2027-H1", "breakdown": "severity",
        "member_1": member, "member_2": None, "value": value, "status": status, **more,
    }  # fmt: skip
    return row if released_on is None else {"released_on": released_on, **row}


def test_a_revision_withheld_shows_the_figure_first_released_and_keeps_the_true_status_on_record() -> None:
    march = [_row(MARCH, "critical", 12.0, "published"), _row(MARCH, "high", 30.0, "published")]
    august = mark([_row(None, "critical", 13.0, "secondary"), _row(None, "high", 30.0, "published")], march)
    assert [r["shown_from"] for r in august] == [MARCH, None]
    assert august[0]["status"] == "secondary" and august[0]["value"] == 13.0, "the record keeps the truth"
    record = march + [{"released_on": AUGUST, **r} for r in august]
    shown = as_shown([r for r in record if r["released_on"] == AUGUST], record)
    assert [(r["member_1"], r["value"], r["status"]) for r in shown] == [
        ("critical", 12.0, "published"),  # no "withheld" where March showed a number: nothing points at the case
        ("high", 30.0, "published"),
    ]
    assert all("shown_from" not in r and "released_on" not in r for r in shown)
    # the next release keeps it withheld (sticky) and still shows March's figure
    later = mark([_row(None, "critical", 13.0, "secondary")], record)
    assert later[0]["shown_from"] == MARCH


def test_a_figure_withheld_from_the_start_stays_withheld() -> None:
    march = [_row(MARCH, "critical", 4.0, "small")]
    august = mark([_row(None, "critical", 5.0, "small")], march)
    assert august[0]["shown_from"] is None
    record = march + [{"released_on": AUGUST, **r} for r in august]
    assert as_shown([record[1]], record)[0]["status"] == "small"


def test_a_member_new_in_a_released_period_and_withheld_stands_as_absent() -> None:
    """March listed no "critical" case in the half-year; a late one makes the member appear, withheld:
    shown, the new row would name the late case's severity."""
    march = [_row(MARCH, "high", 30.0, "published")]
    august = mark([_row(None, "high", 30.0, "published"), _row(None, "critical", 1.0, "small")], march)
    assert [r["shown_from"] for r in august] == [None, MARCH]
    record = march + [{"released_on": AUGUST, **r} for r in august]
    shown = as_shown([r for r in record if r["released_on"] == AUGUST], record)
    assert [r["member_1"] for r in shown] == ["high"]
