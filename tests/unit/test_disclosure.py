"""Small-count suppression, attacked: from the published numbers no hidden cell is pinned down to
within k, and even with what the labels say none can be worked out exactly."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pipeline.lib.publish.disclosure import (
    Key,
    count_equations,
    intervals,
    median_status,
    protect_counts,
    share_status,
)
from tests.attack import bounds_of_hidden

K = 10
HALVES = {"FY": ("H1", "H2")}


def one_way(values: dict[str, int], period: str = "FY") -> dict[Key, float]:
    cells: dict[Key, float] = {(period, "department", m, None): float(v) for m, v in values.items()}
    cells[(period, "", None, None)] = float(sum(values.values()))
    return cells


def assert_safe(cells: dict[Key, float], status: dict, equations: list) -> None:
    """Attack the table with an independent solver, as a reader would."""
    published = {key: v for key, v in cells.items() if status[key] == "published"}
    pairs = [(eq.total, eq.parts) for eq in equations]
    blind = bounds_of_hidden(published, {key: (0, None) for key in cells if status[key] != "published"}, pairs)
    labelled = bounds_of_hidden(
        published,
        {key: (1, K - 1) if status[key] == "small" else (K, None) for key in cells if status[key] != "published"},
        pairs,
    )
    assert blind, "something was hidden"
    for key, (low, high) in blind.items():
        assert high - low >= K, f"{key} pinned down to {low}..{high}"
        assert low <= cells[key] <= high
        assert labelled[key][1] > labelled[key][0], f"{key} worked out exactly"
        assert labelled[key][0] <= cells[key] <= labelled[key][1]
    assert intervals(cells, equations, status, K)  # the pipeline's own audit agrees that cells are hidden


def test_a_single_small_cell_needs_a_partner() -> None:
    cells = one_way({"ENG": 3, "FIN": 40, "LEG": 25})
    eqs = count_equations(cells, [(), ("department",)], False, HALVES)
    status = protect_counts(cells, eqs, K)
    assert status[("FY", "department", "ENG", None)] == "small"
    assert status[("FY", "department", "LEG", None)] == "secondary", "the smallest other cell hides it"
    assert status[("FY", "department", "FIN", None)] == "published"
    assert_safe(cells, status, eqs)


def test_a_partner_too_small_to_hide_it_brings_in_the_total() -> None:
    cells = one_way({"ENG": 1, "FIN": 10})  # hiding FIN alone: 11 - FIN (at least 10) gives ENG = 1
    eqs = count_equations(cells, [(), ("department",)], False, HALVES)
    status = protect_counts(cells, eqs, K)
    assert status[("FY", "", None, None)] == "secondary"
    assert_safe(cells, status, eqs)


def test_zeros_are_published_and_large_tables_keep_most_cells() -> None:
    cells = one_way({"A": 0, "B": 120, "C": 95, "D": 60, "E": 2})
    status = protect_counts(cells, count_equations(cells, [(), ("department",)], False, HALVES), K)
    assert status[("FY", "department", "A", None)] == "published"
    assert sum(s == "published" for s in status.values()) >= 3


def test_two_way_tables_with_both_margins_and_halves() -> None:
    rng = np.random.default_rng(3)
    members_1, members_2 = ["ENG", "FIN", "LEG", "SAF"], ["staff", "contractor"]
    cells: dict[Key, float] = {}
    for half in ("H1", "H2"):
        grid = {(a, b): int(rng.choice([0, 2, 5, 13, 40])) for a, b in itertools.product(members_1, members_2)}
        for (a, b), v in grid.items():
            cells[(half, "department,person_type", a, b)] = v
        for a in members_1:
            cells[(half, "department", a, None)] = sum(grid[(a, b)] for b in members_2)
        for b in members_2:
            cells[(half, "person_type", b, None)] = sum(grid[(a, b)] for a in members_1)
        cells[(half, "", None, None)] = sum(grid.values())
    for key in [k for k in cells if k[0] == "H1"]:
        cells[("FY", *key[1:])] = cells[key] + cells[("H2", *key[1:])]  # type: ignore[index]
    breakdowns = [(), ("department",), ("person_type",), ("department", "person_type")]
    eqs = count_equations(cells, breakdowns, True, HALVES)
    status = protect_counts(cells, eqs, K)
    assert any(s == "small" for s in status.values()) and any(s == "secondary" for s in status.values())
    assert_safe(cells, status, eqs)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (90, 100, "published"),
        (95, 100, "withheld"),
        (3, 100, "withheld"),
        (8, 9, "withheld"),
        (0, 50, "published"),
        (50, 50, "published"),
        (None, None, "published"),
    ],
)
def test_shares(numerator: float | None, denominator: float | None, expected: str) -> None:
    assert share_status(numerator, denominator, K) == expected


def test_medians() -> None:
    assert median_status(9, K) == "withheld" and median_status(10, K) == "published"
    assert median_status(0, K) == "published"
