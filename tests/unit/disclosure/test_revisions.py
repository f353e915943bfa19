"""Revisions protected against the past, on a small world: one late record between two releases."""

from __future__ import annotations

from typing import Any

from pipeline.lib.disclosure.protect import protect_publication
from pipeline.lib.inference.problem import build_problem
from pipeline.lib.inference.relations import load_relations
from pipeline.lib.release import revisions
from tests.unit.disclosure.test_disclosure import CATALOGUE, K, aggregate

HALVES = {"FY2025": ("FY2025-H1", "FY2025-H2")}
METRICS = [CATALOGUE.metric("cases_opened")]


def opened(n_harm: int, n_harassment: int) -> list[dict[str, Any]]:
    records = [{"half": "H1", "category": "harm", "affected_group": "volunteer"}] * n_harm
    records += [{"half": "H2", "category": "harassment", "affected_group": "staff"}] * n_harassment
    return aggregate("cases_opened", records)


def published(rows: list[dict[str, Any]], forced: frozenset[Any] = frozenset()) -> revisions.Published:
    relations = load_relations()
    statuses = protect_publication(METRICS, rows, HALVES, K, relations, None, forced)
    return revisions.Published(build_problem(METRICS, rows, HALVES, relations), statuses, K)


def test_a_late_record_is_an_unsafe_revision_until_its_figures_are_withheld() -> None:
    before, after = published(opened(30, 40)), published(opened(31, 40))
    unsafe = revisions.unsafe(before, after)
    assert ("cases_opened", "FY2025", "", None, None) in unsafe  # 70 -> 71: one case, and its half and category
    assert ("cases_opened", "FY2025-H1", "category", "harm", None) in unsafe
    withheld = published(opened(31, 40), revisions.figures_of(after.problem, unsafe))
    assert revisions.unsafe(before, withheld) == set()


def test_no_revision_and_a_revision_of_k_or_more_are_safe() -> None:
    before = published(opened(30, 40))
    assert revisions.unsafe(before, published(opened(30, 40))) == set()
    assert revisions.unsafe(before, published(opened(30 + K, 40))) == set()
