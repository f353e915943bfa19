"""What a staged batch's validation reports for each rule (``ExpectationRunner.validate_table``): how
many rows it checked and how many broke it, which the operators' validation page shows. A rule with a
row_condition checks only the rows it selects; one that tolerates some rows (``mostly``) passes and
still counts them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.lib.quality.rules import Rule
from pipeline.lib.quality.runner import BATCH_TABLE, ExpectationRunner

CONDITION = {"type": "comparison", "column": {"name": "status"}, "operator": "==", "parameter": "closed"}


def _rule(name: str, kwargs: dict[str, object], level: str = "row") -> Rule:
    return Rule(name, level, "expect_column_values_to_not_be_null", kwargs, f"{name} broken", "test")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bool, int, int]]:
    """A batch of 60 rows, 20 of them closed; every closed row has a date, 10 rows in all have none."""
    con = duckdb.connect(str(tmp_path_factory.mktemp("w") / "w.duckdb"))
    con.execute(
        f"CREATE TEMP TABLE {BATCH_TABLE} AS SELECT 'f' AS _file_sha256, i AS _row_number, "
        "CASE WHEN i <= 20 THEN 'closed' ELSE 'open' END AS status, "
        "CASE WHEN i > 50 THEN NULL ELSE DATE '2025-01-01' END AS closed_on, "
        "CASE WHEN i % 12 = 0 THEN NULL ELSE 'en' END AS language "
        "FROM range(1, 61) AS t(i)"
    )
    rules = (
        _rule("closed_has_date", {"column": "closed_on", "row_condition": CONDITION}),
        _rule("every_row_has_date", {"column": "closed_on"}),
        _rule("mostly_language", {"column": "language", "mostly": 0.9}, "warning"),
        _rule("status_given", {"column": "status"}),
    )
    runner = ExpectationRunner(Path(tmp_path_factory.mktemp("docs")))
    suite = runner.validate_table(con, "counts", rules, {})
    return {o.rule.name: (o.success, o.element_count, o.unexpected_count) for o in suite.outcomes}


def test_a_passing_rule_with_a_row_condition_counts_the_rows_it_checked(
    outcomes: dict[str, tuple[bool, int, int]],
) -> None:
    assert outcomes["closed_has_date"] == (True, 20, 0)


def test_a_failing_rule_counts_its_rows(outcomes: dict[str, tuple[bool, int, int]]) -> None:
    assert outcomes["every_row_has_date"] == (False, 60, 10)


def test_a_tolerated_shortfall_is_counted_though_the_rule_passes(outcomes: dict[str, tuple[bool, int, int]]) -> None:
    assert outcomes["mostly_language"] == (True, 60, 5)


def test_a_passing_rule_counts_every_row_of_the_batch(outcomes: dict[str, tuple[bool, int, int]]) -> None:
    assert outcomes["status_given"] == (True, 60, 0)
