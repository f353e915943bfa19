"""Every metric of the catalogue against values worked out by hand on the small world (FY2025 =
1 July 2024 to 30 June 2025). The reasoning for each number is in tests/builders.py's fixture."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.warehouse.connection import connect

FY = 2025


def values(paths: DataPaths, metric: str, period: str = "FY2025", breakdown: str = "") -> dict[Any, Any]:
    with connect(paths.warehouse) as con:
        rows = con.execute(
            "SELECT member_1, member_2, value, numerator, denominator FROM marts.metric_values "
            "WHERE metric_id = $m AND period_id = $p AND breakdown = $b",
            {"m": metric, "p": period, "b": breakdown},
        ).fetchall()
    if breakdown == "":
        assert len(rows) == 1, rows
        return {None: rows[0][2]}
    if "," in breakdown:
        return {(r[0], r[1]): r[2] for r in rows}
    return {r[0]: r[2] for r in rows}


EXPECTED_TOTALS = {
    # training: people P1(canary) P2 P3 P4 have required courses assigned in FY2025; P1 and P3 finished all
    "training_completion_rate": 0.5,
    # P1's HR-301 (late), P2's HR-201 (never), P4's HR-101 (completed in July, after its due date)
    "training_overdue_assignments": 3,
    # completions: 3, 8, 9, 17, 29, 90 days -> (9 + 17) / 2
    "training_median_days_to_complete": 13,
    "training_languages": 6,
    # cases C1, C2, C3, C5 opened; C1, C2, C4 closed; C3 and C5 still open on 30 June 2025
    "cases_opened": 4,
    "cases_closed": 3,
    "cases_open_backlog": 2,
    "cases_backlog_median_age": 65.5,  # 121 and 10 days
    "cases_median_days_to_close": 75,  # 20, 75, 150
    "cases_remedy_share": 1 / 3,
    "crisis_protocol_activations": 2,
    "cases_affecting_defenders_and_volunteers": 3,
    # assessments: A1, A2, A3 live in FY2025 (A4's last snapshot is from 2023)
    "assessments_by_kind_and_status": 3,
    "high_risk_impact_assessment_coverage": 0.5,  # A1 covered, A2 (screening only) not
    "mitigation_completion_rate": 0.75,  # A1: 3 of 4 (A3 cancelled)
    "periodic_reviews_overdue": 1,  # A2, due 1 May 2025
    # tallies of July-December 2024 and January-June 2025
    "government_demands_received": 14,
    "government_demands_refused_share": 10 / 13,  # 10 refused of 14 received minus 1 pending
    "private_requests_received": 3,
    "accounts_specified_in_government_data_demands": 15,
    # from anyone: US government 10 user data, US court 4 content alteration, DE private party 3 user data
    "requests_received": 17,
    "user_data_some_data_produced_share": 4 / 13,  # US 1 + 2 of 10, DE 1 + 0 of 3
    "user_data_accounts_specified": 18,  # 15 + 3
}


def test_every_metric_is_checked_by_hand() -> None:
    with_total = {m.id for m in load_catalogue().metrics if m.has_total}
    assert set(EXPECTED_TOTALS) == with_total


@pytest.mark.parametrize(("metric", "expected"), sorted(EXPECTED_TOTALS.items()))
def test_fiscal_year_total(small_world_root: DataPaths, metric: str, expected: float) -> None:
    assert values(small_world_root, metric) == {None: pytest.approx(expected)}


@pytest.mark.parametrize(
    ("metric", "breakdown", "expected"),
    [
        ("training_completion_rate", "department", {"ENG": 0.5, "LEG": 0.5}),
        ("training_completion_rate", "person_type", {"staff": 0.5, "contractor": 0.5}),
        ("training_completion_rate", "department,person_type", {("ENG", "staff"): 0.5, ("LEG", "contractor"): 0.5}),
        ("training_overdue_assignments", "department", {"ENG": 2, "LEG": 1}),
        ("training_median_days_to_complete", "person_type", {"staff": 9, "contractor": 17}),
        ("training_languages", "language", {"en": 4, "ky": 2}),  # 'kir' is Kyrgyz too
        ("cases_opened", "category", {"harassment": 1, "privacy": 1, "harm": 1, "other": 1}),
        ("cases_opened", "affected_group", {"volunteer": 2, "reader": 1, "human_rights_defender": 1}),
        ("cases_open_backlog", "severity", {"medium": 1, "low": 1}),
        ("cases_median_days_to_close", "severity", {"high": 47.5, "low": 150}),
        (
            "assessments_by_kind_and_status",
            "kind,status",
            {
                ("impact_assessment", "mitigations_open"): 1,
                ("screening", "completed"): 1,
                ("screening", "cancelled"): 1,
            },
        ),
        ("high_risk_impact_assessment_coverage", "subject_type", {"product": 1.0, "feature": 0.0}),
        ("government_demands_received", "request_type", {"user_data": 10, "content_alteration": 4}),
        ("government_demands_received", "requester_type", {"government": 10, "court": 4}),
        (
            "government_demands_outcome_share",
            "outcome",
            {"complied_fully": 1 / 14, "complied_partly": 2 / 14, "refused": 10 / 14, "pending": 1 / 14},
        ),
        (
            "government_demands_outcome_share",
            "outcome,request_type",
            {
                ("complied_fully", "user_data"): 0.1,
                ("complied_partly", "user_data"): 0.2,
                ("refused", "user_data"): 0.6,
                ("pending", "user_data"): 0.1,
                ("complied_fully", "content_alteration"): 0.0,
                ("complied_partly", "content_alteration"): 0.0,
                ("refused", "content_alteration"): 1.0,
                ("pending", "content_alteration"): 0.0,
            },
        ),
        ("private_requests_received", "country", {"DE": 3}),
        (
            "requests_received",
            "request_type,country",
            {("user_data", "US"): 10, ("content_alteration", "US"): 4, ("user_data", "DE"): 3},
        ),
        ("user_data_some_data_produced_share", "country", {"US": 0.3, "DE": 1 / 3}),
    ],
)
def test_breakdowns(small_world_root: DataPaths, metric: str, breakdown: str, expected: dict[Any, float]) -> None:
    got = values(small_world_root, metric, breakdown=breakdown)
    assert got == {k: pytest.approx(v) for k, v in expected.items()}


@pytest.mark.parametrize(
    ("metric", "period", "expected"),
    [
        ("training_completion_rate", "FY2025-H1", 0.5),  # P1 done by 31 December, P2 not
        ("training_completion_rate", "FY2025-H2", 0.5),  # P3 done, P4 finished only in July
        ("training_completion_rate", "FY2024", 1.0),
        ("cases_closed", "FY2025-H1", 2),  # C4 in July, C1 in August
        ("cases_closed", "FY2025-H2", 1),
        ("government_demands_received", "FY2024", 7),
        ("cases_median_days_to_close", "FY2026", None),  # nothing closed: no value, not zero
        ("cases_opened", "FY2026", None),  # no case delivery covers FY2026: no data, never a zero
    ],
)
def test_periods(small_world_root: DataPaths, metric: str, period: str, expected: float | None) -> None:
    assert values(small_world_root, metric, period) == {None: pytest.approx(expected) if expected is not None else None}
