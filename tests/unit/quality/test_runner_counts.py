"""What a staged batch's validation reports for each rule (``ExpectationRunner.validate_table``): how
many rows it checked and how many broke it, which the operators' validation page shows. A rule with a
row_condition checks only the rows it selects; one that tolerates some rows (``mostly``) passes and
still counts them. The result kept holds counts only, never a value the batch delivered."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline.lib.quality.rules import Rule
from pipeline.lib.quality.runner import BATCH_TABLE, ExpectationRunner, SuiteOutcome

PLANTED = "PLANTED-DEPARTMENT-Qx9"  # a delivered value breaking a rule, in a column that is not personal
CONDITION = {"type": "comparison", "column": {"name": "status"}, "operator": "==", "parameter": "closed"}


def _rule(
    name: str, kwargs: dict[str, object], level: str = "row", kind: str = "expect_column_values_to_not_be_null"
) -> Rule:
    return Rule(name, level, kind, kwargs, f"{name} broken", "test")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> SuiteOutcome:
    """A batch of 60 rows, 20 of them closed; every closed row has a date, 10 rows in all have none."""
    con = duckdb.connect(str(tmp_path_factory.mktemp("w") / "w.duckdb"))
    con.execute(
        f"CREATE TEMP TABLE {BATCH_TABLE} AS SELECT 'f' AS _file_sha256, i AS _row_number, "
        "CASE WHEN i <= 20 THEN 'closed' ELSE 'open' END AS status, "
        "CASE WHEN i > 50 THEN NULL ELSE DATE '2025-01-01' END AS closed_on, "
        "CASE WHEN i % 12 = 0 THEN NULL ELSE 'en' END AS language, "
        f"CASE WHEN i % 20 = 0 THEN '{PLANTED}' ELSE 'FIN' END AS department "
        "FROM range(1, 61) AS t(i)"
    )
    rules = (
        _rule("closed_has_date", {"column": "closed_on", "row_condition": CONDITION}),
        _rule("every_row_has_date", {"column": "closed_on"}),
        _rule("mostly_language", {"column": "language", "mostly": 0.9}, "warning"),
        _rule("status_given", {"column": "status"}),
        _rule(
            "known_department", {"column": "department", "value_set": ["FIN"]}, kind="expect_column_values_to_be_in_set"
        ),
    )
    runner = ExpectationRunner(Path(tmp_path_factory.mktemp("docs")))
    return runner.validate_table(con, "counts", rules, {})


@pytest.fixture(scope="module")
def outcomes(validated: SuiteOutcome) -> dict[str, tuple[bool, int, int]]:
    return {o.rule.name: (o.success, o.element_count, o.unexpected_count) for o in validated.outcomes}


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


def test_the_result_kept_counts_a_breaking_value_and_quotes_none(
    validated: SuiteOutcome, outcomes: dict[str, tuple[bool, int, int]]
) -> None:
    assert outcomes["known_department"] == (False, 60, 3)
    assert PLANTED not in json.dumps(validated.result_document, default=str)
