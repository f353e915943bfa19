"""Values the mart suite never passed never stand as "validated before".

A hostile reliability reading killed a night between committing a year's values and recording the
mart suite's verdict: the rerun recomputed nothing, the blocking check passed with "the values
validated before stand", and a Board report showed a completion rate of 177 %. And a reference table
changed without new data (a course made required) left every computed year as it was."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.lib.common import paths as repository
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics import marts
from pipeline.lib.warehouse.connection import connect

CALENDAR = FiscalCalendar(7)
TODAY = date(2026, 11, 25)
YEARS = [2024, 2025, 2026]


def _verdict(con: duckdb.DuckDBPyConnection, run_id: str, success: bool) -> None:
    con.execute(
        "INSERT INTO audit.validation_results (run_id, suite, expectation, expectation_type, level, success, "
        "validated_at) VALUES (?, 'metric_values', 'values_in_range', 'expect', 'blocking', ?, now())",
        [run_id, success],
    )


def test_values_no_mart_suite_passed_are_computed_again_until_one_does(
    small_world_root: DataPaths, tmp_path: Path
) -> None:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(small_world_root.warehouse, copy)
    with connect(copy) as con:
        # measured by run "metrics-run", whose suite never recorded a verdict (killed after the commit)
        assert marts.years_to_compute(con, YEARS, CALENDAR, TODAY) == dict.fromkeys(YEARS)
        _verdict(con, "metrics-run", True)
        assert marts.years_to_compute(con, YEARS, CALENDAR, TODAY) == {}, "passed: they stand"
        _verdict(con, "metrics-run", False)
        assert marts.years_to_compute(con, YEARS, CALENDAR, TODAY) == dict.fromkeys(YEARS), "one blocking rule failed"


def _edited_copy(folder: Path, into: Path, suffix: str) -> Path:
    shutil.copytree(folder, into)
    first = sorted(into.glob(f"*{suffix}"))[0]
    first.write_bytes(first.read_bytes() + b"\n")
    return into


def test_the_definitions_cover_the_reference_tables_and_the_mart_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = marts.definition_fingerprint(CALENDAR)
    with monkeypatch.context() as patch:
        patch.setattr(repository, "REFERENCE", _edited_copy(repository.REFERENCE, tmp_path / "reference", ".csv"))
        assert marts.definition_fingerprint(CALENDAR) != before, "a reference table changed, the values stood"
    assert marts.definition_fingerprint(CALENDAR) == before
    rules = tmp_path / "expectations"
    _edited_copy(repository.EXPECTATIONS / "marts", rules / "marts", ".json")
    with monkeypatch.context() as patch:
        patch.setattr(repository, "EXPECTATIONS", rules)
        assert marts.definition_fingerprint(CALENDAR) != before, "a mart rule changed, the values stood"
