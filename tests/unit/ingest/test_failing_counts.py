"""A rule's failing rows are set aside only if they are the rows GX counted: otherwise the night
stops with the rule's name, and no row is set aside under a rule it may not break (review HIGH 3)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.lib.ingest.judge import ValidationReport, judge
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.quality.failing import FailingRowsMismatchError, failing_rows_query
from pipeline.lib.quality.rules import Rule
from pipeline.lib.quality.runner import BATCH_TABLE, RuleOutcome

RULE = Rule(
    "parts_add_up",
    "row",
    "expect_column_pair_values_to_be_equal",
    {"column_A": "a", "column_B": "b", "ignore_row_if": "either_value_is_missing"},
    "a = {a}, but b = {b}",
    "test",
)


def test_a_count_gx_did_not_make_is_refused_naming_the_rule(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(
        f"CREATE TEMP TABLE {BATCH_TABLE} AS SELECT * FROM (VALUES ('f', 1, 1, 2), ('f', 2, NULL, 2))"
        " t(_file_sha256, _row_number, a, b)"
    )
    query, bound = failing_rows_query(RULE, BATCH_TABLE, {})
    # GX said two rows break it (as its own query would have it: the row with a missing value too)
    outcome = RuleOutcome(RULE, False, 2, 2, [], failing_query=query, failing_parameters=bound)
    with pytest.raises(FailingRowsMismatchError, match=r"rule parts_add_up: .*counted 2 rows.*selects 1"):
        judge(con, load_contract("request_counts"), [outcome], {}, ValidationReport("request_counts"))
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name = 'failing_details'").fetchall()
    assert tables == []  # refused before any row was described for quarantine
