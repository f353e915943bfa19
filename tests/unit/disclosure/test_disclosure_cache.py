"""Each fiscal year's protection is kept under the hash of its inputs: an unchanged year is not
protected again, and any change to what it depends on (a value, k) protects afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.lib.disclosure import protect
from tests.unit.disclosure.test_disclosure import CATALOGUE, K, case_rows, cases

HALVES = {"FY2025": ("FY2025-H1", "FY2025-H2")}


def never_protect(*_: Any) -> None:
    raise AssertionError("protected again")


def test_an_unchanged_year_is_read_back_and_a_changed_one_protected_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = case_rows(cases(1, 220))
    metrics = CATALOGUE.public_metrics
    first = protect.protect_publication(metrics, rows, HALVES, K, cache=tmp_path)
    assert "secondary" in first.values() and "small" in first.values()
    assert len(list(tmp_path.glob("*.json"))) == 1

    monkeypatch.setattr(protect, "_protect_year", never_protect)
    assert protect.protect_publication(metrics, rows, HALVES, K, cache=tmp_path) == first

    changed = [dict(r) for r in rows]
    changed[0]["value"] = float(changed[0]["value"]) + 1
    with pytest.raises(AssertionError, match="protected again"):
        protect.protect_publication(metrics, changed, HALVES, K, cache=tmp_path)
    with pytest.raises(AssertionError, match="protected again"):
        protect.protect_publication(metrics, rows, HALVES, K + 1, cache=tmp_path)

    next(tmp_path.glob("*.json")).write_text("[[1, 2", encoding="utf-8")  # a half-written entry: not trusted
    with pytest.raises(AssertionError, match="protected again"):
        protect.protect_publication(metrics, rows, HALVES, K, cache=tmp_path)


def test_a_median_forced_for_a_revision_is_withheld_like_any_forced_figure() -> None:
    """A median revised beside a figure standing as first released is forced (``beside_standing``):
    published, its move named the late records' category (a contractors' median 26.0 -> 26.5)."""
    rows = case_rows(cases(1, 220))
    total = next(r for r in rows if r["metric_id"] == "cases_opened" and r["breakdown"] == "")
    median = {**total, "metric_id": "cases_median_days_to_close", "value": 26.5, "units": 40}
    view = ("cases_median_days_to_close", (total["period_id"], "", None, None))
    metrics = CATALOGUE.public_metrics
    assert protect.protect_publication(metrics, [*rows, median], HALVES, K)[view] == "published"
    forced = protect.protect_publication(metrics, [*rows, median], HALVES, K, forced=frozenset([view]))
    assert forced[view] == "withheld"
