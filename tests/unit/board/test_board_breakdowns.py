"""The board's breakdown tables point at the problem: an off-target metric's parts furthest from the
target come first, each with its base, small bases flagged; a context metric's largest parts come
first; the transparency section lists the countries with the most requests first, shares with their base."""

from typing import Any

from pipeline.lib.board.breakdowns import order_words, ordered_members, small_base
from pipeline.lib.board.report import _metric_view
from pipeline.lib.board.transparency import BoardTable, _share
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.metrics.catalogue import load_catalogue

CATALOGUE = load_catalogue()
CALENDAR = FiscalCalendar(7)
YEAR = {"FY2026": "value", "FY2026-H1": "value", "FY2026-H2": "value"}


def part(member: str, value: float | None, denominator: int, units: int | None = None) -> dict[str, Any]:
    return {"member_1": member, "value": value, "denominator": denominator, "units": units or denominator}


def test_the_policy_k_is_what_small_means() -> None:
    assert small_base() == 10  # pipeline/catalogue/disclosure_policy.yaml: k_floor


def test_an_off_target_share_lists_the_parts_furthest_below_the_target_first_with_small_bases_flagged() -> None:
    metric = CATALOGUE.metric("training_completion_rate")
    departments = [
        part("finance", 1.0, 1),  # the one the old table put first: 100 % of one person
        part("legal", 0.5, 40),
        part("product", 0.0, 2),
        part("engineering", 0.8, 100),
        part("communications", 0.5, 12),
    ]
    totals = {"FY2026": {"value": 0.7, "status": "value"}, "FY2025": {"value": 0.9, "status": "value"}}
    view = _metric_view(metric, totals, {"department": departments}, 2026, 0.9, CALENDAR, YEAR, {"training_records"})
    assert view.standing.status == "missed"
    assert view.order == "furthest from the target first"
    shown = [(m.raw, m.basis, m.small) for m in view.members]
    assert shown == [(0.0, 2, True), (0.5, 40, False), (0.5, 12, False), (0.8, 100, False), (1.0, 1, True)]
    assert [m.value for m in view.members][:2] == ["0.0%", "50.0%"]


def test_a_lower_is_better_median_lists_the_longest_first_and_flags_few_observations() -> None:
    metric = CATALOGUE.metric("cases_median_days_to_close")
    members = ordered_members(
        metric, "severity", [part("low", 12, 0, 50), part("critical", 80, 0, 3), part("high", 45, 0, 20)]
    )
    assert [(m.raw, m.basis, m.small) for m in members] == [(80, 3, True), (45, 20, False), (12, 50, False)]
    assert order_words(metric, "at_risk") == "furthest from the target first"
    assert order_words(metric, "met") == "highest first (lower is better)"


def test_a_context_share_lists_its_largest_bases_first() -> None:
    metric = CATALOGUE.metric("user_data_some_data_produced_share")
    members = ordered_members(
        metric, "country", [part("DE", 1.0, 2), part("US", 0.4, 300), part("FR", 0.6, 30), part("GB", None, 0)]
    )
    assert [m.basis for m in members] == [300, 30, 2, 0]
    assert [m.small for m in members] == [False, False, True, True]
    assert order_words(metric, "context") == "largest first"


def test_a_context_count_lists_its_largest_values_first_and_flags_nothing() -> None:
    metric = CATALOGUE.metric("cases_opened")
    members = ordered_members(
        metric, "category", [part("harassment", 3, 1, 3), part("doxxing", 40, 1, 40), part("other", 7, 1, 7)]
    )
    assert [m.raw for m in members] == [40, 7, 3]
    assert not any(m.small for m in members), "a count is its own size"


def test_the_transparency_section_lists_the_most_requests_first_and_shares_with_their_base() -> None:
    table = BoardTable(
        "FY2026",
        [("Austria", ["1"]), ("Brazil", ["30"]), ("Chile", ["7"]), ("Denmark", ["30"])],
        ["68"],
        [1, 30, 7, 30],
    )
    assert [name for name, _ in table.largest(3)] == ["Brazil", "Denmark", "Chile"]
    assert _share(0.581, 43) == "58.1% of 43"
    assert _share(0.5, 2) == "50.0% of 2 (small base)"
