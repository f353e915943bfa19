"""A metric shown only by its parts (no total row: government demands by outcome) is not "No data"
in the board report when its source delivered the year; "nothing has ever been delivered" is said
only when its source never delivered anything."""

from pipeline.lib.board.report import _metric_view
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.incomplete import Missing

METRIC = next(m for m in load_catalogue().metrics if m.id == "government_demands_outcome_share")
CALENDAR = FiscalCalendar(7)
MEMBERS = {
    "outcome": [
        {"dimension_1": "outcome", "member_1": "refused", "value": 0.672, "denominator": 58, "units": 58},
        {"dimension_1": "outcome", "member_1": "complied", "value": 0.328, "denominator": 58, "units": 58},
    ]
}


def test_a_delivered_split_metric_is_shown_by_its_parts() -> None:
    statuses = {"FY2026": "value", "FY2026-H1": "value", "FY2026-H2": "value"}
    view = _metric_view(METRIC, {}, MEMBERS, 2026, None, CALENDAR, statuses, {"request_counts"})
    assert view.standing.status == "context"
    assert "No data" not in view.standing.reason
    assert len(view.members) == 2
    assert all(shown != "no data" for _, shown in view.halves)


def test_never_delivered_only_when_the_source_never_delivered() -> None:
    delivered_before = _metric_view(METRIC, {}, {}, 2026, None, CALENDAR, {"FY2025": "value"}, {"request_counts"})
    assert delivered_before.standing.status == "no_data"
    assert "ever" not in delivered_before.standing.reason
    never = _metric_view(METRIC, {}, {}, 2026, None, CALENDAR, {}, set())
    assert never.standing.status == "no_data"
    assert "nothing has ever been delivered by request counts" in never.standing.reason


def test_a_figure_short_of_delivered_rows_is_not_compared_with_its_target() -> None:
    """The board reads exact marts, and an exact share of a year with a request row set aside is still
    short of it: "met" there would be the tool's word on an undercount (the index says "incomplete")."""
    refused = next(m for m in load_catalogue().metrics if m.id == "government_demands_refused_share")
    totals = {"FY2026": {"value": 0.8, "status": "value"}}
    whole = _metric_view(refused, totals, {}, 2026, 0.7, CALENDAR, {}, {"request_counts"})
    assert whole.standing.status == "met"
    short = _metric_view(refused, totals, {}, 2026, 0.7, CALENDAR, {}, {"request_counts"}, {"FY2026": Missing(2)})
    assert short.standing.status == "incomplete" and short.value == "80.0% (incomplete: 2 rows not counted)"
    accepted = {"FY2026": Missing(0, 2)}
    assert (
        _metric_view(refused, totals, {}, 2026, 0.7, CALENDAR, {}, {"request_counts"}, accepted).standing.status
        == "met"
    )
