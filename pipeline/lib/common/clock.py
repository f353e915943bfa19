"""Whether "today" can be believed: ``HRP_TODAY`` or the system clock, against the real date and the data.

Every "to date", every "no data" and every fiscal year the pipeline registers follows from today's
date, so a wrong date publishes wrong statuses and, far in the future, registers decades of fiscal
years. A date the pipeline cannot believe is *refused* (one line naming the date and what to do),
never silently corrected: a replay of the past (``HRP_TODAY`` before the real date) is allowed, but
not a date after the real one, nor one outside the span the data describes.
"""

from __future__ import annotations

from datetime import date, timedelta

# the system clock of a server may be a day ahead of UTC in its own time zone
TOLERANCE = timedelta(days=1)
# a night this long after the last day any delivery describes is a wrong clock, not a quiet source
MAX_AFTER_DATA = timedelta(days=731)


class ClockError(ValueError):
    """Today's date is not believable; the message says which date and what to do."""


def check_today(today: date, wall: date, from_env: bool) -> None:
    """A date after the real one (the system clock) is refused: nothing has happened there yet."""
    if from_env and today > wall + TOLERANCE:
        raise ClockError(
            f"HRP_TODAY={today.isoformat()} is after the system clock's date {wall.isoformat()}: "
            "a replay may go back in time, never forward; unset HRP_TODAY or set a date up to today"
        )


def check_against_data(today: date, covered: tuple[date, date] | None, unread: int = 0) -> None:
    """Today before the first day any delivery describes, or years after the last, is a wrong date:
    the first would publish "no data" for every metric, the second register years nothing covers.
    ``unread``: landing files not read yet, which may bring the current data the check misses (it
    reads only what is loaded): the refusal then says how to read them first."""
    if covered is None:
        return
    first, last = covered
    if today < first:
        raise ClockError(
            f"today's date {today.isoformat()} (HRP_TODAY or the system clock) is before the first day the data "
            f"describes ({first.isoformat()}): unset HRP_TODAY or set it, or the system clock, to the real date"
        )
    if today > last + MAX_AFTER_DATA:
        latest_believable = (last + MAX_AFTER_DATA).isoformat()
        step = (
            f"{unread} landing file(s) are not read yet: if the clock is right and they bring current data, run "
            f"once with HRP_TODAY={latest_believable} to read them, then without it"
            if unread
            else f"if the clock is right and only old history is delivered so far, set HRP_TODAY to "
            f"{latest_believable} or earlier until current data arrives"
        )
        raise ClockError(
            f"today's date {today.isoformat()} (HRP_TODAY or the system clock) is more than two years after the "
            f"last day the data describes ({last.isoformat()}): set HRP_TODAY, or the system clock, to the real date "
            f"({step})"
        )
