"""Status wording against targets: what executives read first."""

from __future__ import annotations

import pytest

from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.standing import format_value, standing

CATALOGUE = load_catalogue()
COMPLETION = CATALOGUE.metric("training_completion_rate")  # share, higher is better, margin 0.03
DAYS = CATALOGUE.metric("cases_median_days_to_close")  # days, lower is better, margin 5
OPENED = CATALOGUE.metric("cases_opened")  # count, no target


def test_missed_share_with_its_reason() -> None:
    s = standing(COMPLETION, 0.941, 0.964, 0.95)
    assert s.status == "at_risk"
    assert s.reason == "94.1% against a target of at least 95.0%; down 2.3 points on last year (96.4%)."


@pytest.mark.parametrize(
    ("value", "status"), [(0.95, "met"), (0.9499, "at_risk"), (0.92, "at_risk"), (0.9199, "missed")]
)
def test_thresholds_for_higher_is_better(value: float, status: str) -> None:
    assert standing(COMPLETION, value, None, 0.95).status == status


@pytest.mark.parametrize(("value", "status"), [(30, "met"), (35, "at_risk"), (35.5, "missed")])
def test_thresholds_for_lower_is_better(value: float, status: str) -> None:
    assert standing(DAYS, value, None, 30).status == status


def test_days_wording_and_no_previous_year() -> None:
    assert standing(DAYS, 34, None, 30).reason == (
        "34 days against a target of at most 30 days; no value last year to compare with."
    )
    assert standing(DAYS, 28, 28, 30).reason.endswith("the same as last year (28 days).")


def test_context_metrics_and_missing_values() -> None:
    s = standing(OPENED, 221, 224, None)
    assert (s.status, s.reason) == ("context", "221; down 3 on last year (224). No target is set: shown for context.")
    assert standing(COMPLETION, None, 0.9, 0.95).status == "no_data"


def test_an_incomplete_figure_is_not_compared_with_its_target() -> None:
    """Rows delivered and not counted (set aside or held): "met" on an undercount would be our word."""
    assert standing(COMPLETION, 0.97, None, 0.95).status == "met"
    short = standing(COMPLETION, 0.97, None, 0.95, "incomplete")
    assert short.status == "incomplete" and "not compared with the target" in short.reason
    assert standing(OPENED, 12, None, None, "incomplete").status == "context"  # no target: nothing to compare


def test_format_value() -> None:
    assert format_value(0.8853, "share") == "88.5%"
    assert format_value(1234, "count") == "1,234"
    assert format_value(19.0, "days") == "19 days"
    assert format_value(None, "count") == "–"
    assert format_value(0.8853, "share", locale="ky").replace("\xa0", " ") in ("88,5 %", "88,5%")
