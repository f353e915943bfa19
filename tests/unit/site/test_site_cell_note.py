"""A table note joins its parts (how reported, "of n") without running them together, and leaves why a
value is withheld to the table's one legend."""

from datetime import date

from pipeline.lib.disclosure.values import PublicCell
from pipeline.lib.render.i18n import translation
from pipeline.lib.site.localised import Localised


def _cell(**changes: object) -> PublicCell:
    fields: dict[str, object] = {
        "period_id": "FY2026",
        "period_kind": "year",
        "fiscal_year": 2026,
        "period_start": date(2025, 7, 1),
        "breakdown": "total",
        "dimension_1": None,
        "member_1": None,
        "dimension_2": None,
        "member_2": None,
        "value": None,
        "status": "withheld",
        "based_on": 35.0,
    }
    fields.update(changes)
    return PublicCell(**fields)  # type: ignore[arg-type]


def test_a_withheld_share_gives_its_base_not_the_reason_again() -> None:
    loc = Localised("en", translation("en"), 10, date(2026, 11, 26))
    assert loc.cell_note(_cell(), with_base=True) == "of 35"


def test_a_partly_reported_value_and_its_base_are_apart() -> None:
    loc = Localised("en", translation("en"), 10, date(2026, 11, 26))
    note = loc.cell_note(_cell(status="published", value=0.5, units=4, not_reported=1), with_base=True)
    assert note == "partly reported: some figures are not stated; of 35"


def test_a_published_value_shows_only_its_base() -> None:
    loc = Localised("en", translation("en"), 10, date(2026, 11, 26))
    assert loc.cell_note(_cell(status="published", value=0.5), with_base=True) == "of 35"
    assert loc.cell_note(_cell(status="published", value=0.5)) == ""
