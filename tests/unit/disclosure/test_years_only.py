"""A metric too small to publish by half-year is published coarser, by whole years: its half-years
never reach disclosure control, which protects and audits the years as the only public figures, and
a year with no published halves is not read as the sum of halves that are not there (as zero)."""

from __future__ import annotations

from pipeline.lib.disclosure.values import public_rows
from pipeline.lib.inference.problem import equations
from tests.unit.disclosure.test_disclosure import CATALOGUE, K, case_rows, cases, protect_and_attack

HALVES = {"FY2025": ("FY2025-H1", "FY2025-H2")}
YEAR = ("FY2025", "", None, None)


def test_a_flow_year_adds_up_its_halves_only_where_halves_are_published() -> None:
    with_halves = equations([YEAR, ("FY2025-H1", "", None, None)], [()], True, HALVES)
    assert with_halves == [(YEAR, [("FY2025-H1", "", None, None)], True)]
    assert equations([YEAR], [()], True, HALVES) == []


def test_the_catalogue_keeps_the_half_years_of_a_years_only_metric_out_of_the_protection() -> None:
    metric = CATALOGUE.metric("crisis_protocol_activations")
    assert not metric.public_halves and metric.public_breakdowns == ((),)
    rows = case_rows(cases(1, 220))
    kept = [r for r in public_rows(CATALOGUE, rows) if r["metric_id"] == metric.id]
    assert kept and {(r["period_kind"], r["breakdown"]) for r in kept} == {("year", "")}
    opened = [r for r in public_rows(CATALOGUE, rows) if r["metric_id"] == "cases_opened"]
    assert {r["period_kind"] for r in opened} == {"year", "half"}, "other metrics keep their halves"


def test_a_years_only_total_of_k_or_more_is_published_and_survives_the_attack() -> None:
    for seed in (1, 2):
        rows = public_rows(CATALOGUE, case_rows(cases(seed, 220)))
        public, attacked = protect_and_attack(rows)
        assert attacked
        [year] = public["crisis_protocol_activations"].cells
        assert year.period_kind == "year" and year.value is not None and year.value >= K
        assert year.status == "published"
        assert public["cases_opened"].total("FY2025").status == "published"  # type: ignore[union-attr]
