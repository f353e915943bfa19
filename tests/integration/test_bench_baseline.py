"""The benchmark's bare-DuckDB baseline still runs: it reads the pipeline's own metric SQL and session
macros, so a change there could break `make bench` (it did: a macro the marts came to use was
missing from the baseline's connection) without any other test noticing."""

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
    finally:
        con.close()
    assert metric_years >= 3, "every fiscal year of the sample computed"
