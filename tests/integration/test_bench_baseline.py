"""The benchmark's bare-DuckDB baseline still runs: it reads the pipeline's own metric SQL and session
macros, so a change there could break `make bench` (it did: a macro the marts came to use was
missing from the baseline's connection) without any other test noticing. It runs each metric's SQL
alone: the observations the pipeline keeps between nights are the pipeline's cost, not the limit's."""

from __future__ import annotations

from pathlib import Path

import duckdb

from bench.baseline import main
from pipeline.sample import SampleSpec, generate


def test_the_baseline_loads_the_sample_and_computes_its_metrics(tmp_path: Path) -> None:
    generate(SampleSpec(scale=1), tmp_path / "landing")
    result = main(tmp_path / "landing", tmp_path / "baseline.duckdb")
    assert result["core_rows"] > 0
    con = duckdb.connect(str(tmp_path / "baseline.duckdb"), read_only=True)
    try:
        (metric_years,) = con.execute("SELECT count(DISTINCT fiscal_year) FROM marts.metric_values").fetchone() or (0,)
        kept = con.execute("SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'kept__')").fetchall()
    finally:
        con.close()
    assert metric_years >= 3, "every fiscal year of the sample computed"
    assert kept == [], "the baseline runs the metric SQL alone: keeping observations is the pipeline's own cost"
