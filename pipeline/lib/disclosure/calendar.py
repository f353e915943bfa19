"""The release calendar of figures about people, and the threshold releases are held to.

Releases are a calendar computed from the fiscal calendar and the disclosure policy's lag
(``pipeline/catalogue/disclosure_policy.yaml``), so that every reader can know in advance when
figures about people may change (and that they change at no other time).
"""

from __future__ import annotations

from datetime import date, timedelta

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.settings import SettingsError
from pipeline.lib.disclosure.policy import load_policy


class ThresholdChangedError(SettingsError):
    """A run asked for a threshold other than the one the releases already made were protected with."""


def same_k_as_released(k: int, released_k: int | None) -> int:
    """``k`` when it is the threshold of the releases already made (or none is); a refusal otherwise.
    Each release is protected against the earlier ones under one k: under a raised k, the figures
    already out (counts of 10 to 14 under k = 15) can be neither re-protected nor taken back, and the
    blocking check then failed every night with thousands of lines and no cause named."""
    if released_k is not None and k != released_k:
        raise ThresholdChangedError(
            f"suppression k = {k} differs from k = {released_k}, which the releases already made were protected "
            f"with; figures already out cannot be protected again under another k: set HRP_SUPPRESSION_K (or the "
            f"run's suppression_k) back to {released_k} (docs/disclosure-control.md, 'The threshold k')"
        )
    return k


def release_date(half_end: date) -> date:
    """When the figures of a half-year ending on ``half_end`` (and of the year, for its second half) appear."""
    return half_end + timedelta(days=load_policy().releases.days_after_half_year)


def releases_around(calendar: FiscalCalendar, today: date) -> tuple[date | None, date]:
    """The last release on or before ``today`` (None before the first) and the next one after it."""
    year = calendar.fiscal_year_of(today)
    dates = [release_date(h.end) for y in range(year - 2, year + 2) for h in calendar.halves(y)]
    last = max((d for d in dates if d <= today), default=None)
    return last, min(d for d in dates if d > today)


def next_release(calendar: FiscalCalendar, today: date, last: date | None) -> date:
    """The release the site says is next: the one after ``today``, or after the last release made
    when a night is dated before it (a replay would otherwise name a release already out)."""
    return releases_around(calendar, today if last is None else max(today, last))[1]


def released_periods(calendar: FiscalCalendar, fiscal_years: list[int], on: date) -> set[str]:
    """The periods whose figures about people are out by the release of ``on``."""
    out: set[str] = set()
    for year in fiscal_years:
        for half in calendar.halves(year):
            if release_date(half.end) <= on:
                out.add(half.id)
        if release_date(calendar.year_end(year)) <= on:
            out.add(calendar.year(year).id)
    return out


def release_of(calendar: FiscalCalendar, period_id: str) -> date:
    """The release that first shows a period's figures about people: its half-year's, or (for a
    fiscal year) its second half's."""
    return release_date(calendar.period(period_id).end)  # a year ends with its second half
