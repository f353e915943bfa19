"""A period whose figures about people wait for their release says so, in both languages: never "no data"."""

from datetime import date
from functools import partial

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render.i18n import translation
from pipeline.lib.site.build import release_due
from pipeline.lib.site.localised import Localised, Waiting

CALENDAR = FiscalCalendar(7)


def test_a_year_between_its_end_and_its_release_is_not_yet_released() -> None:
    catalogue = load_catalogue()
    due = partial(release_due, on_calendar=catalogue.released_on_calendar)
    people, exact = catalogue.metric("cases_opened"), catalogue.metric("assessments_by_kind_and_status")
    beside = catalogue.metric("government_demands_received")  # exact, from the rows behind the accounts
    last = date(2026, 3, 1)  # mid-August 2026: FY2026 ended in June, its release is due on 29 August
    assert due(people, "FY2026", CALENDAR, last) == Waiting(date(2026, 8, 29))
    assert due(people, "FY2026-H1", CALENDAR, last) is None, "out since March"
    assert due(exact, "FY2026", CALENDAR, last) is None, "exact figures of other sources are never held"
    assert due(beside, "FY2026", CALENDAR, last) == Waiting(date(2026, 8, 29)), "released with the accounts"
    assert due(people, "FY2026", CALENDAR, None) == Waiting(date(2026, 8, 29))
    english = Localised("en", translation("en"), 10, date(2026, 8, 15))
    kyrgyz = Localised("ky", translation("ky"), 10, date(2026, 8, 15))
    assert english.value(None, "count", Waiting(date(2026, 8, 29))) == "not yet released (due 29 August 2026)"
    assert english.value(None, "count") == "no data"
    due = Waiting(date(2026, 8, 29))
    assert "2026" in kyrgyz.value(None, "count", due) != english.value(None, "count", due)


def test_a_period_the_release_record_held_back_says_so_and_a_missing_one_does_not() -> None:
    """The held periods come from the release record (``public_release.held_back``), never from a
    missing figure: a source with no delivery has no figures either and still reads "no data"."""
    catalogue = load_catalogue()
    due = partial(release_due, on_calendar=catalogue.released_on_calendar)
    people = catalogue.metric("cases_opened")
    august = date(2026, 8, 29)
    held = frozenset({("cases_opened", "FY2026")})
    assert due(people, "FY2026", CALENDAR, august, held) == Waiting(date(2027, 3, 1), held_back=True)
    assert due(people, "FY2026", CALENDAR, august) is None, "out, or never delivered: not held"
    assert due(people, "FY2025", CALENDAR, august, held) is None
    english = Localised("en", translation("en"), 10, date(2026, 9, 1))
    kyrgyz = Localised("ky", translation("ky"), 10, date(2026, 9, 1))
    waiting = Waiting(date(2027, 3, 1), held_back=True)
    assert english.value(None, "count", waiting) == "held back (tried again on 1 March 2027)"
    assert "2027" in kyrgyz.value(None, "count", waiting) != english.value(None, "count", waiting)
