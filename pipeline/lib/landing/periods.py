"""Periods and dates as exports write them, read onto the pipeline's fiscal calendar.

A profile's ``period`` column may say "2018 H2", "H2 2018", "Jul-Dec 2018" (or "Jul–Dec 2018",
"July - December 2018"), "FY2019", a whole calendar year "2018", or the period's first day in the
profile's date format (then the fiscal half-year starting that day: transparency reports are
half-yearly). Whatever the form, the period must be a half-year or a year of the fiscal calendar;
anything else is a row error naming its rule, never a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from pipeline.lib.common.fiscal import FiscalCalendar

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DASH = r"\s*[-–—]\s*"
_HALF_FIRST = re.compile(r"^(\d{4})\s*-?\s*H([12])$", re.IGNORECASE)
_HALF_LAST = re.compile(r"^H([12])\s*-?\s*(\d{4})$", re.IGNORECASE)
_MONTHS = re.compile(rf"^([a-z]{{3}})[a-z]*\.?{_DASH}([a-z]{{3}})[a-z]*\.?\s+(\d{{4}})$", re.IGNORECASE)
_FISCAL_YEAR = re.compile(r"^FY\s*(\d{4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_STRPTIME = {
    "YYYY-MM-DD": "%Y-%m-%d",
    "M/D/YY": "%m/%d/%y",
    "M/D/YYYY": "%m/%d/%Y",
    "D/M/YY": "%d/%m/%y",
    "D/M/YYYY": "%d/%m/%Y",
    "D.M.YYYY": "%d.%m.%Y",
}
FORMS = '"2018 H2", "H2 2018", "Jul-Dec 2018", "FY2019", "2018" or the first day'


class PeriodError(ValueError):
    """A period that cannot be read, or is not on the calendar; ``rule`` names which."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule


def parse_date(text: str, form: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), _STRPTIME[form]).date()
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _span(text: str, dates: str, calendar: FiscalCalendar) -> tuple[date, date]:
    """The first and last day ``text`` names, before any check against the calendar."""
    text = text.strip()
    if match := _HALF_FIRST.match(text) or _HALF_LAST.match(text):
        year, half = (int(match[1]), int(match[2])) if match.re is _HALF_FIRST else (int(match[2]), int(match[1]))
        return date(year, 1 + 6 * (half - 1), 1), _month_end(year, 6 * half)
    if (match := _MONTHS.match(text)) and match[1].lower() in MONTHS and match[2].lower() in MONTHS:
        first, last, year = MONTHS.index(match[1].lower()) + 1, MONTHS.index(match[2].lower()) + 1, int(match[3])
        return date(year - (first > last), first, 1), _month_end(year, last)
    if match := _FISCAL_YEAR.match(text):
        fiscal = calendar.year(int(match[1]))
        return fiscal.start, fiscal.end
    if match := _YEAR.match(text):
        return date(int(match[1]), 1, 1), date(int(match[1]), 12, 31)
    start = parse_date(text, dates)
    if start is None:
        raise PeriodError("period_recognised", f"the period is not one of {FORMS} written as {dates}")
    starting = next((h for h in calendar.halves(calendar.fiscal_year_of(start)) if h.start == start), None)
    if starting is None:
        raise PeriodError(
            "period_fiscal",
            "the period's first day does not start a half-year of the fiscal calendar "
            f"(years start in month {calendar.start_month})",
        )
    return starting.start, starting.end


def parse_period(text: str, dates: str, calendar: FiscalCalendar) -> tuple[date, date]:
    """The period ``text`` names as (period_start, period_end), a fiscal half-year or year."""
    start, end = _span(text, dates, calendar)
    if (start, end) not in {(p.start, p.end) for p in calendar.periods(calendar.fiscal_year_of(start))}:
        raise PeriodError(
            "period_fiscal",
            "the period is not a half-year or a year of the fiscal calendar "
            f"(years start in month {calendar.start_month})",
        )
    return start, end
