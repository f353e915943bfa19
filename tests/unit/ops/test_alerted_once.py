"""A file needing attention alerts once per state, on the night the state arises, whichever step made it;
a state whose alert was never delivered is alerted again by the next night."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline.lib.ingest.setup import initialise
from pipeline.lib.ops.alerts import first_seen, record_alerted
from pipeline.lib.warehouse.connection import connect

HELD = ("case_outcomes", "export.csv", "a" * 64, "held", False)
DUE = ("case_outcomes", "export.csv", "b" * 64, "loaded", True)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "warehouse.duckdb") as connection:
        initialise(connection)
        yield connection


def test_each_state_is_first_seen_once_and_a_new_state_of_the_same_file_again(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert first_seen(con, [HELD]) == [True]
    record_alerted(con, [HELD], "run-1")
    assert first_seen(con, [HELD]) == [False]  # the next night: already alerted
    assert first_seen(con, [HELD, DUE, DUE]) == [False, True, True]  # bytes put back, rows due
    record_alerted(con, [DUE, DUE], "run-3")
    assert first_seen(con, [DUE]) == [False]
    recorded = con.execute("SELECT path, status, rows_due, run_id FROM audit.alerted ORDER BY run_id").fetchall()
    assert recorded == [("export.csv", "held", False, "run-1"), ("export.csv", "loaded", True, "run-3")]


def test_a_state_whose_alert_was_not_delivered_is_still_first_seen(con: duckdb.DuckDBPyConnection) -> None:
    assert first_seen(con, [HELD]) == [True]  # the night died before its alert reached the log
    assert first_seen(con, [HELD]) == [True]  # so the next night alerts it
