"""A period whose figures about people wait for their release says so, in both languages: never "no data"."""

from datetime import date

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.render.i18n import translation
from pipeline.lib.site.build import release_due
from pipeline.lib.site.localised import Localised

CALENDAR = FiscalCalendar(7)


def test_a_year_between_its_end_and_its_release_is_not_yet_released() -> None:
    catalogue = load_catalogue()
    people, exact = catalogue.metric("cases_opened"), catalogue.metric("government_demands_received")
    last = date(2026, 3, 1)  # mid-August 2026: FY2026 ended in June, its release is due on 29 August
    assert release_due(people, "FY2026", CALENDAR, last) == date(2026, 8, 29)
    assert release_due(people, "FY2026-H1", CALENDAR, last) is None, "out since March"
    assert release_due(exact, "FY2026", CALENDAR, last) is None, "exact figures are never held for a release"
    assert release_due(people, "FY2026", CALENDAR, None) == date(2026, 8, 29)
    english = Localised("en", translation("en"), 10, date(2026, 8, 15))
    kyrgyz = Localised("ky", translation("ky"), 10, date(2026, 8, 15))
    assert english.value(None, "count", date(2026, 8, 29)) == "not yet released (due 29 August 2026)"
    assert english.value(None, "count") == "no data"
    assert "2026" in kyrgyz.value(None, "count", date(2026, 8, 29)) != english.value(None, "count", date(2026, 8, 29))
