"""Fiscal-year boundaries: the days either side of a new year are where reports go wrong."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipeline.lib.common.fiscal import (
    FiscalCalendar,
    fiscal_year_keys,
    key,
    partition_years,
    year_of_key,
)
from pipeline.lib.warehouse.connection import run_script

JULY = FiscalCalendar(7)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2025, 6, 30), 2025),
        (date(2025, 7, 1), 2026),
        (date(2025, 12, 31), 2026),
        (date(2026, 1, 1), 2026),
        (date(2024, 2, 29), 2024),
    ],
)
def test_july_start(day: date, fiscal_year: int) -> None:
    assert JULY.fiscal_year_of(day) == fiscal_year


def test_year_and_halves_tile_the_year_without_gaps() -> None:
    year, h1, h2 = JULY.periods(2024)
    assert (year.start, year.end) == (date(2023, 7, 1), date(2024, 6, 30))
    assert (h1.id, h1.start, h1.end) == ("FY2024-H1", date(2023, 7, 1), date(2023, 12, 31))
    assert (h2.id, h2.start, h2.end) == ("FY2024-H2", date(2024, 1, 1), date(2024, 6, 30))
    assert h2.contains(date(2024, 2, 29)), "a leap day falls in the second half"
    assert (year.end - year.start).days + 1 == 366


@pytest.mark.parametrize(
    ("start_month", "day", "fiscal_year", "h2_start"),
    [
        (1, date(2025, 12, 31), 2025, date(2025, 7, 1)),
        (4, date(2025, 3, 31), 2025, date(2024, 10, 1)),
        (4, date(2025, 4, 1), 2026, date(2025, 10, 1)),
        (10, date(2025, 9, 30), 2025, date(2025, 4, 1)),
    ],
)
def test_other_start_months(start_month: int, day: date, fiscal_year: int, h2_start: date) -> None:
    calendar = FiscalCalendar(start_month)
    assert calendar.fiscal_year_of(day) == fiscal_year
    assert calendar.halves(fiscal_year)[1].start == h2_start
    year = calendar.year(fiscal_year)
    assert year.contains(day) and not calendar.year(fiscal_year + 1).contains(day)


def test_a_case_spanning_two_years_belongs_to_each_by_its_own_dates() -> None:
    opened, closed = date(2025, 6, 20), date(2025, 7, 10)
    assert JULY.fiscal_year_of(opened) == 2025 and JULY.fiscal_year_of(closed) == 2026


def test_keys_and_completeness() -> None:
    assert key(2026) == "FY2026" and year_of_key("FY2026") == 2026
    with pytest.raises(ValueError):
        year_of_key("2026")
    today = date(2026, 11, 25)
    assert fiscal_year_keys(JULY, 2023, today) == ["FY2023", "FY2024", "FY2025", "FY2026", "FY2027"]
    assert JULY.last_complete_year(today) == 2026
    assert JULY.is_complete(2026, today) and not JULY.is_complete(2027, today)
    with pytest.raises(ValueError):
        FiscalCalendar(13)


@pytest.mark.parametrize("start_month", range(1, 13))
def test_the_sql_macro_and_the_python_calendar_agree_on_every_day(start_month: int) -> None:
    """``fiscal_year_of`` in sql/warehouse/session.sql and FiscalCalendar.fiscal_year_of, day by day over
    three years (leap day included), for a fiscal year starting in each month."""
    con = duckdb.connect()
    run_script(con, "warehouse/session.sql", start_month=start_month)
    in_sql = con.execute(
        "SELECT d::DATE, fiscal_year_of(d::DATE) FROM range(DATE '2023-01-01', DATE '2026-01-01', INTERVAL 1 DAY) t(d)"
    ).fetchall()
    calendar = FiscalCalendar(start_month)
    assert len(in_sql) == 1096
    assert [(day, calendar.fiscal_year_of(day)) for day, _ in in_sql] == in_sql


@pytest.mark.parametrize(
    ("configured", "with_data", "today", "years"),
    [
        (None, None, date(2026, 3, 2), [2025, 2026]),  # nothing delivered yet: the briefed and the current year
        (None, 2023, date(2026, 3, 2), [2023, 2024, 2025, 2026]),  # from the first year the data covers
        (2024, 2021, date(2026, 3, 2), [2024, 2025, 2026]),  # the configured first year wins
        (None, 2023, date(2026, 7, 1), [2023, 2024, 2025, 2026, 2027]),  # a new year on its first day
    ],
)
def test_the_partition_years_run_from_the_first_one_to_today(
    configured: int | None, with_data: int | None, today: date, years: list[int]
) -> None:
    assert partition_years(JULY, configured, with_data, today) == years


def test_a_period_id_names_its_period_and_nothing_else() -> None:
    calendar = FiscalCalendar(7)
    assert calendar.period("FY2026") == calendar.year(2026)
    assert calendar.period("FY2026-H2") == calendar.halves(2026)[1]
    assert calendar.period("FY2026").end == calendar.period("FY2026-H2").end == date(2026, 6, 30)
    for wrong in ("FY2026-H3", "2026", "FYabc"):
        with pytest.raises(ValueError):
            calendar.period(wrong)
