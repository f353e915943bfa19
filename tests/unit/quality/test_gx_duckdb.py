"""The Great Expectations fix for DuckDB (pipeline/lib/quality/gx_duckdb.py), on its own."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

import duckdb
import pytest

from pipeline.lib.quality import gx_duckdb

# The source of the method the fix replaces, as GX 1.24.1 ships it. If GX changes it, this fails:
# read the new method, check the fix still applies, then update the hash and GX_VERSION.
WRAPPED_SOURCE_SHA256 = "6c72cd2bdd0449433c5afc4df575e55d2518dc5551a3993abf2c27eca1a3b198"


def _original_source() -> str:
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine

    module_source = inspect.getsource(engine)
    start = module_source.index("    def execute_query(")
    end = module_source.index("\n    def ", start + 10)
    return module_source[start:end]


def test_the_installed_gx_is_the_version_the_fix_was_written_for() -> None:
    import great_expectations

    assert great_expectations.__version__ == gx_duckdb.GX_VERSION


def test_the_wrapped_method_is_unchanged_in_gx() -> None:
    source = _original_source()
    assert "with self.get_connection() as connection:" in source
    assert "result = self._execute_query_with_recovery(connection, query)" in source
    assert hashlib.sha256(source.encode()).hexdigest() == WRAPPED_SOURCE_SHA256, (
        "GX changed SqlAlchemyExecutionEngine.execute_query: check pipeline/lib/quality/gx_duckdb.py"
    )


def test_another_gx_version_is_refused_with_a_clear_error() -> None:
    with pytest.raises(gx_duckdb.UnsupportedGreatExpectationsError, match=r"1\.24\.1"):
        gx_duckdb.check_version("1.25.0")
    gx_duckdb.check_version(gx_duckdb.GX_VERSION)


def test_gx_validates_a_duckdb_table_through_the_lent_connection(tmp_path: Path) -> None:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    gx_duckdb.install()
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(
        "CREATE TEMP TABLE checked AS SELECT 'f' AS _file_sha256, i AS _row_number, "
        "CASE WHEN i % 10 = 0 THEN NULL ELSE i END AS x FROM range(1, 101) AS t(i)"
    )
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_sql(  # type: ignore[call-arg]
        "w", connection_string="duckdb:///:memory:", kwargs=gx_duckdb.lent_connection_kwargs(lambda: con)
    )
    batch = source.add_table_asset("checked", table_name="checked").add_batch_definition_whole_table("whole")
    suite = context.suites.add(
        gx.ExpectationSuite(name="s", expectations=[gx.expectations.ExpectColumnValuesToNotBeNull(column="x")])
    )
    definition = context.validation_definitions.add(gx.ValidationDefinition(name="s", data=batch, suite=suite))
    result = definition.run(
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": ["_file_sha256", "_row_number"],
            "return_unexpected_index_query": True,
        }
    ).results[0]
    assert not result.success
    assert result.result["element_count"] == 100 and result.result["unexpected_count"] == 10
    query = result.result["unexpected_index_query"].rstrip().rstrip(";")
    failing = sorted(n for (n,) in con.execute(f"SELECT _row_number FROM ({query})").fetchall())
    assert failing == list(range(10, 101, 10))
    assert con.execute("SELECT count(*) FROM checked").fetchone() == (100,)  # lent, not closed
