"""The fiscal calendar: fiscal years (July to June by default), their halves, and period ids.

A fiscal year is named after the calendar year it ends in: with a July start, FY2026 runs from
1 July 2025 to 30 June 2026. With a January start, FY2026 is calendar 2026. Every metric is
computed per period: the fiscal year itself (``FY2026``) and its two halves (``FY2026-H1``,
``FY2026-H2``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from pipeline.lib.common.settings import settings


@dataclass(frozen=True)
class Period:
    id: str
    kind: str  # year | half
    fiscal_year: int
    start: date
    end: date  # inclusive

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class FiscalCalendar:
    start_month: int = 7

    def __post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:
            raise ValueError(f"the fiscal year must start in a month from 1 to 12, not {self.start_month}")

    def fiscal_year_of(self, day: date) -> int:
        if self.start_month == 1:
            return day.year
        return day.year + 1 if day.month >= self.start_month else day.year

    def year_start(self, fiscal_year: int) -> date:
        return date(fiscal_year - (self.start_month != 1), self.start_month, 1)

    def year_end(self, fiscal_year: int) -> date:
        return self.year_start(fiscal_year + 1) - timedelta(days=1)

    def year(self, fiscal_year: int) -> Period:
        return Period(key(fiscal_year), "year", fiscal_year, self.year_start(fiscal_year), self.year_end(fiscal_year))

    def halves(self, fiscal_year: int) -> tuple[Period, Period]:
        start = self.year_start(fiscal_year)
        month = start.month + 6
        middle = date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
        return (
            Period(f"{key(fiscal_year)}-H1", "half", fiscal_year, start, middle - timedelta(days=1)),
            Period(f"{key(fiscal_year)}-H2", "half", fiscal_year, middle, self.year_end(fiscal_year)),
        )

    def periods(self, fiscal_year: int) -> tuple[Period, ...]:
        """The year and its halves: every period a fiscal year's metrics are computed for."""
        return (self.year(fiscal_year), *self.halves(fiscal_year))

    def period(self, period_id: str) -> Period:
        """The period an id names: ``FY2026``, ``FY2026-H1`` or ``FY2026-H2``."""
        found = {p.id: p for p in self.periods(fiscal_year_of_period(period_id))}
        if period_id not in found:
            raise ValueError(f"not a period id: {period_id!r}")
        return found[period_id]

    def is_complete(self, fiscal_year: int, today: date) -> bool:
        return self.year_end(fiscal_year) < today

    def last_complete_year(self, today: date) -> int:
        return self.fiscal_year_of(today) - 1


def key(fiscal_year: int) -> str:
    """The partition key and label of a fiscal year: ``FY2026``."""
    return f"FY{fiscal_year}"


def year_of_key(partition_key: str) -> int:
    if not partition_key.startswith("FY") or not partition_key[2:].isdigit():
        raise ValueError(f"not a fiscal-year key: {partition_key!r}")
    return int(partition_key[2:])


def fiscal_year_of_period(period_id: str) -> int:
    """The fiscal year a period id belongs to: ``FY2026-H1`` -> 2026."""
    return year_of_key(period_id.split("-")[0])


def calendar_from_env() -> FiscalCalendar:
    """The configured calendar (``HRP_FISCAL_YEAR_START_MONTH``), asked for when needed, never at import."""
    return FiscalCalendar(settings().fiscal_year_start_month)


def first_fiscal_year_from_env() -> int | None:
    """The first fiscal year to show, when configured; otherwise the earliest one with data."""
    return settings().first_fiscal_year


def today_from_env() -> date:
    """Today for the pipeline's calendar: ``HRP_TODAY`` when set, as tests and replays do, else the UTC
    date. Asked for at run time, never at import, so a new fiscal year appears by itself. A date after
    the real one is refused (``clock.check_today``)."""
    from pipeline.lib.common.clock import check_today

    given, wall = settings().today, datetime.now(UTC).date()
    check_today(given or wall, wall, from_env=given is not None)
    return given or wall


def end_of_today() -> datetime:
    """The last instant a delivered date or time may name: the end of today (``today_from_env``).
    The rules that no date lies in the future judge by it, so a replay under ``HRP_TODAY`` judges as
    that day's night did, a rebuild judges as a night on its day would, and a date is in the future
    by whole days (a time later today is not)."""
    return datetime.combine(today_from_env(), time.max)


def partition_years(
    calendar: FiscalCalendar, configured_first: int | None, first_with_data: int | None, today: date
) -> list[int]:
    """The fiscal years that are partitions, oldest first: from the configured first year (else the
    first one the data covers) to the one ``today`` falls in, always including the last complete
    year, the one the Board is briefed on (so the nightly has its year even before any data)."""
    current = calendar.fiscal_year_of(today)
    briefed = calendar.last_complete_year(today)
    first = configured_first if configured_first is not None else first_with_data
    return list(range(min(first if first is not None else briefed, briefed), current + 1))


def fiscal_year_range(
    calendar: FiscalCalendar, configured_first: int | None, earliest_data: int | None, today: date
) -> list[int]:
    """The fiscal years to compute: from the configured first year (else the earliest with data, else
    this one) to the one ``today`` falls in."""
    current = calendar.fiscal_year_of(today)
    first = (
        configured_first if configured_first is not None else earliest_data if earliest_data is not None else current
    )
    return list(range(min(first, current), current + 1))


def fiscal_year_keys(calendar: FiscalCalendar, first: int, today: date) -> list[str]:
    """Every fiscal year from ``first`` to the one ``today`` falls in."""
    return [key(fy) for fy in range(first, calendar.fiscal_year_of(today) + 1)]
