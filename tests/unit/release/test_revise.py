"""A year released in part whose revision cannot be made safe: its new half comes out, its year is
held back (and said to be), and only if that fails too does the year keep the earlier figures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.release import revise
from pipeline.lib.release.revisions import Published

CATALOGUE = load_catalogue()
HALVES = {"FY2026": ("FY2026-H1", "FY2026-H2")}
KINDS = {"FY2026": "year", "FY2026-H1": "half", "FY2026-H2": "half"}
H1_TOTAL = ("cases_opened", "FY2026-H1", "", None, None)


def _row(period: str, value: float, member: str | None = None, **record: Any) -> dict[str, Any]:
    return {
        "metric_id": "cases_opened", "fiscal_year": 2026, "period_id": period, "period_kind": KINDS[period],
        "period_start": date(2025, 7, 1), "breakdown": "category" if member else "", "dimension_1":
        "category" if member else None, "member_1": member, "dimension_2": None, "member_2": None,
        "value": value, "numerator": value, "denominator": None, "units": int(value), **record,
    }  # fmt: skip


def _figures(h1: tuple[float, float], h2: tuple[float, float]) -> list[dict[str, Any]]:
    """Cases opened: a total and two categories per half-year, and the year."""
    rows = []
    for period, (harm, privacy) in (("FY2026-H1", h1), ("FY2026-H2", h2)):
        rows += [_row(period, harm + privacy), _row(period, harm, "harm"), _row(period, privacy, "privacy")]
    year = (h1[0] + h2[0], h1[1] + h2[1])
    return [*rows, _row("FY2026", sum(year)), _row("FY2026", year[0], "harm"), _row("FY2026", year[1], "privacy")]


MARCH = [
    {**r, "released_on": date(2026, 3, 1), "status": "published", "denominator_status": "published"}
    for r in _figures((40, 80), (0, 0))
    if r["period_id"] == "FY2026-H1"
]
FRESH = _figures((41, 80), (35, 66))  # one late case of harm in the first half; the second half is new


def _revision(unsafe_when: str, monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The revision of the first half's total is unsafe ``always``, ``beside the year`` (while the
    year is in the publication) or ``never``; the protection (tested on its own elsewhere) withholds
    exactly the figures it is made to. Returns the periods each protection was given."""
    given: list[set[str]] = []

    def unsafe(before: Published, after: Published) -> set[Any]:
        beside_the_year = any(q[1] == "FY2026" for q in after.problem.values)
        still = unsafe_when == "always" or (unsafe_when == "beside the year" and beside_the_year)
        return {H1_TOTAL} if still else set()

    def protect(metrics: Any, rows: list[dict[str, Any]], *args: Any) -> dict[Any, str]:
        forced = args[4]
        given.append({r["period_id"] for r in rows})
        views = {(r["metric_id"], (r["period_id"], r["breakdown"], r["member_1"], r["member_2"])) for r in rows}
        return {view: "secondary" if view in forced else "published" for view in views}

    monkeypatch.setattr(revise.revisions, "unsafe", unsafe)
    monkeypatch.setattr(revise, "protect_publication", protect)
    return given


def test_the_new_half_comes_out_and_the_year_is_held_back(monkeypatch: pytest.MonkeyPatch) -> None:
    given = _revision("beside the year", monkeypatch)
    protected = revise.protect_release(CATALOGUE, FRESH, MARCH, HALVES, 10, None)
    assert given[-1] == {"FY2026-H1", "FY2026-H2"}, "protected again without the year: it needs no partners"
    periods = {r["period_id"] for r in protected.released}
    assert periods == {"FY2026-H1", "FY2026-H2"}, "the second half is out; the year is not shown"
    assert protected.held_back == [("cases_opened", "FY2026")]
    assert protected.years_held == 1
    h1 = {r["member_1"]: r for r in protected.released if r["period_id"] == "FY2026-H1"}
    assert h1[None]["status"] != "published", "the revised total is withheld (it stands as first released)"


def test_a_year_that_cannot_be_made_safe_even_so_keeps_the_earlier_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    _revision("always", monkeypatch)
    protected = revise.protect_release(CATALOGUE, FRESH, MARCH, HALVES, 10, None)
    assert protected.released == [{k: v for k, v in r.items() if k != "released_on"} for r in MARCH]
    assert protected.held_back == [("cases_opened", "FY2026"), ("cases_opened", "FY2026-H2")]


def test_a_safe_revision_holds_nothing_back(monkeypatch: pytest.MonkeyPatch) -> None:
    _revision("never", monkeypatch)
    protected = revise.protect_release(CATALOGUE, FRESH, MARCH, HALVES, 10, None)
    assert protected.held_back == [] and protected.years_held == 0
    assert {r["period_id"] for r in protected.released} == {"FY2026", "FY2026-H1", "FY2026-H2"}
