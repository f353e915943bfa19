"""The failing rows of a rule, selected from the rule itself (pipeline/lib/quality/failing.py), are
exactly the rows Great Expectations counts and lists as unexpected: missing values a rule ignores
and rows outside its condition are never among them (review HIGH 3)."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.lib.common.settings import SOURCES
from pipeline.lib.quality.failing import UnsupportedRuleError, failing_rows_query
from pipeline.lib.quality.rules import Rule, suite_rules
from pipeline.lib.quality.runner import BATCH_TABLE, ExpectationRunner

RUN_DATE = datetime(2026, 11, 25)


def _rule(name: str, type_: str, **kwargs: Any) -> Rule:
    return Rule(name, "row", type_, kwargs, name, "test")


def _when(column: str, operator: str, parameter: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": parameter}


# One rule of every kind the suites use, with every option that changes which rows fail.
RULES = (
    _rule("a_required", "expect_column_values_to_not_be_null", column="a"),
    _rule("a_when_closed", "expect_column_values_to_not_be_null", column="a", row_condition=_when("s", "==", "closed")),
    _rule(
        "a_empty_unless_closed", "expect_column_values_to_be_null", column="a", row_condition=_when("s", "!=", "closed")
    ),
    _rule(
        "b_empty_when_listed",
        "expect_column_values_to_be_null",
        column="b",
        row_condition=_when("s", "IN", ["x", "open"]),
    ),
    _rule("s_known", "expect_column_values_to_be_in_set", column="s", value_set=["open", "closed"]),
    _rule("flag_false", "expect_column_values_to_be_in_set", column="flag", value_set=[False]),
    _rule("a_small", "expect_column_values_to_be_between", column="a", min_value=0, max_value=5),
    _rule("d_not_future", "expect_column_values_to_be_between", column="d", max_value={"$PARAMETER": "run_date"}),
    _rule(
        "a_is_b",
        "expect_column_pair_values_to_be_equal",
        column_A="a",
        column_B="b",
        ignore_row_if="either_value_is_missing",
    ),
    _rule(
        "a_at_least_b",
        "expect_column_pair_values_a_to_be_greater_than_b",
        column_A="a",
        column_B="b",
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    ),
    _rule(
        "a_above_b",
        "expect_column_pair_values_a_to_be_greater_than_b",
        column_A="a",
        column_B="b",
        ignore_row_if="either_value_is_missing",
        mostly=0.5,
    ),
)


def _batch(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """A batch of two files whose values are often missing, so every rule both fails and ignores rows."""
    rng = random.Random(seed)  # noqa: S311 - reproducible examples, not secrets

    def maybe(value: Any) -> Any:
        return None if rng.random() < 0.3 else value

    rows = [
        (
            "f1" if i % 2 else "f2",
            i,
            maybe(rng.randint(-1, 7)),
            maybe(rng.randint(-1, 7)),
            maybe(rng.choice(["open", "closed", "x"])),
            maybe(rng.random() < 0.2),
            maybe(datetime(2026, 11, rng.randint(20, 30)).date()),
        )
        for i in range(1, 121)
    ]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {BATCH_TABLE} (_file_sha256 VARCHAR, _row_number BIGINT, a BIGINT, b BIGINT,"
        " s VARCHAR, flag BOOLEAN, d DATE)"
    )
    con.executemany(f"INSERT INTO {BATCH_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def _gx_listed(runner: ExpectationRunner, con: duckdb.DuckDBPyConnection, seed: int) -> dict[str, Any]:
    """Every rule's result as GX gives it with the full list of failing keys (the slow way)."""
    runner._con = con
    try:
        fmt = {
            "result_format": "COMPLETE",
            "unexpected_index_column_names": ["_file_sha256", "_row_number"],
            "return_unexpected_index_query": False,
            "partial_unexpected_count": 1000,
        }
        validation = runner._run_table(f"failing.{seed}", RULES, {"run_date": RUN_DATE}, fmt)
    finally:
        runner._con = None
    return {item.expectation_config.meta["name"]: item.result for item in validation.results}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rules_own_query_selects_exactly_the_rows_gx_lists(tmp_path: Path, seed: int) -> None:
    runner = ExpectationRunner(tmp_path / "docs")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _batch(con, seed)
    listed = _gx_listed(runner, con, seed)
    for rule in RULES:
        query, bound = failing_rows_query(rule, BATCH_TABLE, {"run_date": RUN_DATE})
        ours = sorted(con.execute(query, bound).fetchall())
        theirs = sorted((k["_file_sha256"], k["_row_number"]) for k in listed[rule.name]["unexpected_index_list"])
        assert ours == theirs, rule.name
        assert len(ours) == listed[rule.name]["unexpected_count"] > 0, rule.name


def test_a_pair_rule_never_fails_a_row_missing_one_of_its_values(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(
        f"CREATE TEMP TABLE {BATCH_TABLE} AS SELECT * FROM (VALUES ('f', 1, 3, 4), ('f', 2, NULL, 4),"
        " ('f', 3, 3, NULL), ('f', 4, 4, 4)) t(_file_sha256, _row_number, a, b)"
    )
    query, bound = failing_rows_query(RULES[8], BATCH_TABLE, {})
    assert con.execute(query, bound).fetchall() == [("f", 1)]


def test_every_rule_of_every_suite_has_its_failing_rows_query() -> None:
    for source in SOURCES:
        for rule in suite_rules(source):
            query, _ = failing_rows_query(rule, BATCH_TABLE, {"run_date": RUN_DATE})
            assert "_row_number" in query and all(c in query for c in rule.columns), rule.name


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (_rule("r", "expect_compound_columns_to_be_unique", column_list=["a", "b"]), "not known"),
        (_rule("r", "expect_column_pair_values_to_be_equal", column_A="a", column_B="b"), "either_value_is_missing"),
        (_rule("r", "expect_column_values_to_be_between", column="a", min_value=0, strict_min=True), "strict_min"),
        (_rule("r", "expect_column_values_to_not_be_null", column="a", row_condition='s == "x"'), "one comparison"),
        (
            _rule("r", "expect_column_values_to_be_between", column="a", max_value={"$PARAMETER": "x"}),
            "x was not given",
        ),
    ],
)
def test_a_rule_it_cannot_select_exactly_is_refused_by_name(rule: Rule, words: str) -> None:
    with pytest.raises(UnsupportedRuleError, match=rf"rule r: .*{words}"):
        failing_rows_query(rule, BATCH_TABLE, {})
