"""The release record is carried from a warehouse being replaced into its successor, or refused in words."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.lib.release.carry import ReleaseRecordUnreadableError, carry_release_record
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import connect


def _with_a_release(path: Path) -> None:
    with connect(path) as con:
        con.execute(sql.render("disclosure/create.sql"))
        con.execute(
            sql.render("disclosure/record_release.sql"),
            {
                "released_on": date(2026, 8, 29),
                "k": 10,
                "made_at": datetime(2026, 8, 29, 2),
                "revisions_withheld": 0,
                "years_held": 0,
            },
        )


def test_the_record_moves_whole_into_an_empty_warehouse(tmp_path: Path) -> None:
    _with_a_release(tmp_path / "old.duckdb")
    with connect(tmp_path / "new.duckdb") as con:
        assert carry_release_record(con, tmp_path / "old.duckdb") == 1
        assert con.execute("SELECT released_on, k FROM public_release.releases").fetchall() == [(date(2026, 8, 29), 10)]
        with pytest.raises(ValueError, match="already holds releases"):
            carry_release_record(con, tmp_path / "old.duckdb")


def test_an_unreadable_previous_warehouse_is_said_and_leaves_the_new_one_empty(tmp_path: Path) -> None:
    damaged = tmp_path / "old.duckdb"
    damaged.write_bytes(b"not a warehouse" * 1000)
    with connect(tmp_path / "new.duckdb") as con:
        with pytest.raises(ReleaseRecordUnreadableError, match=r"old\.duckdb"):
            carry_release_record(con, damaged)
        assert con.execute("SELECT count(*) FROM public_release.released_values").fetchall() == [(0,)]


def test_the_periods_a_release_held_back_move_with_it_and_an_older_record_without_them_still_moves(
    tmp_path: Path,
) -> None:
    _with_a_release(tmp_path / "old.duckdb")
    with connect(tmp_path / "old.duckdb") as con:
        con.execute(
            "INSERT INTO public_release.held_back VALUES ('2026-08-29', 'cases_opened', 'FY2026'), "
            "('2026-08-29', 'cases_closed', 'FY2026')"
        )
    with connect(tmp_path / "new.duckdb") as con:
        assert carry_release_record(con, tmp_path / "old.duckdb") == 1
        rows = sql.records(con, "disclosure/held_back.sql")
        assert rows == [
            {"metric_id": "cases_closed", "period_id": "FY2026"},
            {"metric_id": "cases_opened", "period_id": "FY2026"},
        ]
    _with_a_release(tmp_path / "older.duckdb")
    with connect(tmp_path / "older.duckdb") as con:  # as a warehouse made before held_back existed
        con.execute("DROP TABLE public_release.held_back")
    with connect(tmp_path / "newer.duckdb") as con:
        assert carry_release_record(con, tmp_path / "older.duckdb") == 1
        assert sql.records(con, "disclosure/held_back.sql") == []
