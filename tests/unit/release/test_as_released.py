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


def _fresh(metric: str, period: str, member: str | None, value: float, **more: Any) -> dict[str, Any]:
    kind = "half" if "-H" in period else "year"
    return {
        "metric_id": metric, "period_id": period, "period_kind": kind, "breakdown": "" if member is None else "group",
        "member_1": member, "member_2": None, "value": value, "numerator": more.get("numerator"),
        "denominator": more.get("denominator"),
    }  # fmt: skip


def test_beside_a_standing_total_the_sources_revised_figures_and_the_year_with_its_base_are_withheld() -> None:
    """Three late trainees in FY2026-H1: the half's rate stands as March showed it. A group's rate that
    moved beside it (0.837 -> 0.842) would place them, and so would the year's "of n" beside the two
    halves (a person is counted once in the year): both are withheld; a group that did not move, a
    figure of another source and the new half-year are not."""
    from pipeline.lib.metrics.catalogue import load_catalogue
    from pipeline.lib.release.as_released import beside_standing

    metrics = [m for m in load_catalogue().public_metrics if m.about_people]
    rate, days = "training_completion_rate", "training_median_days_to_complete"
    march = [
        {**_fresh(rate, "FY2026-H1", None, 0.812, numerator=580, denominator=714), "status": "published"},
        {**_fresh(rate, "FY2026-H1", "gov", 0.837, numerator=77, denominator=92), "status": "published"},
        {**_fresh(rate, "FY2026-H1", "tech", 0.796, numerator=227, denominator=285), "status": "published"},
        {**_fresh(days, "FY2026-H1", None, 18.0), "status": "published"},
        {**_fresh("cases_opened", "FY2026-H1", None, 222.0), "status": "published"},
    ]
    august = [
        _fresh(rate, "FY2026-H1", None, 0.813, numerator=583, denominator=717),
        _fresh(rate, "FY2026-H1", "gov", 0.842, numerator=80, denominator=95),
        _fresh(rate, "FY2026-H1", "tech", 0.796, numerator=227, denominator=285),
        _fresh(days, "FY2026-H1", None, 19.0),
        _fresh("cases_opened", "FY2026-H1", None, 223.0),
        _fresh(rate, "FY2026-H2", None, 0.8, numerator=28, denominator=35),
        _fresh(rate, "FY2026", None, 0.885, numerator=666, denominator=752),
        _fresh(rate, "FY2026", "tech", 0.855, numerator=254, denominator=297),
        _fresh(days, "FY2026", None, 19.0),
    ]
    total = (rate, ("FY2026-H1", "", None, None))
    found = beside_standing(august, march, {total: "secondary"}, metrics)
    year = ("FY2026", "", None, None)
    assert found == {
        total,
        (f"{rate}.denominator", ("FY2026-H1", "", None, None)),  # its base stands with it
        (rate, ("FY2026-H1", "group", "gov", None)),  # moved beside its standing total
        (days, ("FY2026-H1", "", None, None)),  # a median of the same source and period
        (days, year),
        (rate, year),
        (f"{rate}.denominator", year),  # the year's "of 752" beside 714 as shown and 35
    }
    assert beside_standing(august, march, {}, metrics) == set(), "nothing stands: nothing to withhold"
