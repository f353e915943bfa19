"""A metric shown only by its parts (no total row: government demands by outcome) is not "No data"
in the board report when its source delivered the year; "nothing has ever been delivered" is said
only when its source never delivered anything."""

from pipeline.lib.board.report import _metric_view
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.metrics.catalogue import load_catalogue

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
