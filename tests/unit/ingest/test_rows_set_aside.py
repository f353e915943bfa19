"""Rows set aside are found by file, rule and run, counted once however many rules they broke, and
read back without what they held; a file replaced by a good one is no longer unreadable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import duckdb
import pytest

from pipeline.lib.board.files import attachments, quality_summary
from pipeline.lib.board.views import BoardReport
from pipeline.lib.ingest.quarantine import Quarantine, by_file, rows_counted, rows_set_aside, write_quarantine
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import connect

CANARY = "CanaryValueQx9"
A, B = "a" * 64, "b" * 64


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "w.duckdb") as connection:
        initialise(connection)
        yield connection


def _seed(con: duckdb.DuckDBPyConnection) -> None:
    first = Quarantine("request_counts", "run-aaaa-1111")
    first.add(A, "2025/h2.csv", 5, "requests", "requests_type", f"requests is {CANARY}", CANARY)
    first.add(A, "2025/h2.csv", 2, "requests", "requests_type", f"requests is {CANARY}", CANARY)
    first.add(A, "2025/h2.csv", 2, "refused", "refused_type", f"refused is {CANARY}", CANARY)
    write_quarantine(con, first)
    second = Quarantine("training_records", "run-bbbb-2222")
    second.add(B, "x.csv", 1, None, "row_well_formed", f"a row with 3 fields: {CANARY}", None)
    write_quarantine(con, second)


def test_rows_are_listed_in_file_and_row_order_and_counted_once(con: duckdb.DuckDBPyConnection) -> None:
    _seed(con)
    found = rows_set_aside(con)
    assert [(r.source, r.file, r.row, r.column, r.rule) for r in found] == [
        ("request_counts", "2025/h2.csv", 2, "refused", "refused_type"),
        ("request_counts", "2025/h2.csv", 2, "requests", "requests_type"),
        ("request_counts", "2025/h2.csv", 5, "requests", "requests_type"),
        ("training_records", "x.csv", 1, None, "row_well_formed"),
    ]
    assert len(found) == 4 and rows_counted(found) == 3, "row 2 broke two rules: one row, listed twice"
    files = by_file(found)
    assert [(f.file, f.rows, f.rules) for f in files] == [
        ("2025/h2.csv", [2, 5], {"refused_type": 1, "requests_type": 2}),
        ("x.csv", [1], {"row_well_formed": 1}),
    ]


def test_rows_are_filtered_by_file_rule_and_run(con: duckdb.DuckDBPyConnection) -> None:
    _seed(con)
    assert {r.row for r in rows_set_aside(con, file="2025/h2.csv")} == {2, 5}
    assert {r.row for r in rows_set_aside(con, file="request_counts/2025/h2.csv")} == {2, 5}
    assert rows_set_aside(con, file="training_records/2025/h2.csv") == [], "the source named must match"
    assert [r.row for r in rows_set_aside(con, rule="refused_type")] == [2]
    assert [r.file for r in rows_set_aside(con, run="run-bbbb")] == ["x.csv"], "a run by its first characters"
    assert rows_set_aside(con, file="2025/h2.csv", run="run-bbbb") == []


def test_nothing_delivered_is_read_back(con: duckdb.DuckDBPyConnection) -> None:
    _seed(con)
    stored = con.execute("SELECT string_agg(message || coalesce(offending_value, ''), ' ') FROM audit.quarantine")
    assert CANARY in str(stored.fetchall()), "the canary is in the table, so its absence below means something"
    assert CANARY not in repr([r.as_dict() for r in rows_set_aside(con)])


def _manifest(con: duckdb.DuckDBPyConnection, path: str, version: int, status: str) -> None:
    con.execute(
        "INSERT INTO audit.file_manifest (source, path, sha256, size_bytes, format, version, status, error, run_id, "
        "discovered_at) VALUES ('request_counts', ?, ?, 1, 'csv', ?, ?, ?, 'r', TIMESTAMP '2026-01-01')",
        [path, f"{path}{version}", version, status, "the file is empty" if status == "failed" else None],
    )


def test_a_file_replaced_by_a_good_one_is_no_longer_unreadable(con: duckdb.DuckDBPyConnection) -> None:
    _manifest(con, "replaced.csv", 1, "failed")
    _manifest(con, "replaced.csv", 2, "loaded")
    _manifest(con, "still-bad.csv", 1, "loaded")
    _manifest(con, "still-bad.csv", 2, "failed")
    unresolved = sql.records(con, "reports/unresolved_deliveries.sql")
    assert [(r["path"], r["version"]) for r in unresolved] == [("still-bad.csv", 2)]


def test_the_board_appendix_gives_one_total_and_names_files_and_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The appendix once said 40 rows (the manifest) and 43 (the rules summed: a row breaking two rules
    counted twice); it now says the rows once, and names the file and its first rows."""
    _seed(con)
    quality: dict[str, Any] = {
        name: sql.records(con, f"reports/{name}.sql")
        for name in ("deliveries_by_status", "unresolved_deliveries", "quarantine_by_rule", "latest_checks")
    }
    quality["rows_set_aside"] = [r.as_dict() for r in rows_set_aside(con)]
    report = cast(BoardReport, _Report(quality))
    summary = quality_summary(report)
    assert sum(r["rows"] for r in summary["rules"]) == 4
    assert summary["quarantined"] == 3
    assert summary["set_aside_files"][0] == {
        "source": "request_counts",
        "file": "2025/h2.csv",
        "rows": 2,
        "first": [2, 5],
        "rules": ["refused_type", "requests_type"],
    }
    attached = attachments(report)["board-report-rows-set-aside.csv"][1]
    assert [(r["file"], r["row"], r["rule"]) for r in attached][:2] == [
        ("2025/h2.csv", 2, "refused_type"),
        ("2025/h2.csv", 2, "requests_type"),
    ]


class _Report:
    """What the appendix reads of a board report: its quality tables (the attachments read a little more)."""

    def __init__(self, quality: dict[str, Any]) -> None:
        self.quality = quality
        self.commitments: list[Any] = []
        self.transparency: list[Any] = []
        self.inputs: list[Any] = []
        self.generated_at = datetime(2026, 1, 1)


def test_a_row_is_due_only_when_a_rebuild_now_counts_it_for_every_reason_it_was_set_aside_for(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from datetime import date

    from pipeline.lib.quality.rules import rows_due_parameters

    set_aside = Quarantine("training_records", "run-cccc-3333")
    set_aside.add(A, "a.csv", 1, "completed_on", "completed_not_in_future", "m", "2026-03-20")  # passed
    set_aside.add(A, "a.csv", 2, "completed_on", "completed_not_in_future", "m", "2026-03-26")  # not yet
    set_aside.add(A, "a.csv", 3, "completed_on", "completed_not_in_future", "m", "2026-03-25")  # today
    set_aside.add(A, "a.csv", 4, "assigned_on", "assigned_not_in_future", "m", "2026-03-01")  # passed, but
    set_aside.add(A, "a.csv", 4, "department", "department_in_departments", "m", None)  # not only for a date
    set_aside.add(A, "a.csv", 5, "completed_on", "completed_not_in_future", "m", None)  # a value not kept
    write_quarantine(con, set_aside)
    cases = Quarantine("case_outcomes", "run-cccc-3333")
    cases.add(B, "c.jsonl", 1, "updated_at", "updated_not_in_future", "m", "2026-03-25 23:00:00")
    cases.add(B, "c.jsonl", 1, "opened_on", "opened_not_in_future", "m", "2026-03-02")
    cases.add(B, "c.jsonl", 2, "_counted_later_path", "no_counted_later_version_behind", "m", None)  # a rebuild's
    cases.add(B, "c.jsonl", 3, "_counted_later_path", "no_counted_later_version_behind", "m", None)  # but
    cases.add(B, "c.jsonl", 3, "country", "country_in_countries", "m", None)  # not only for when it came
    cases.add(B, "c.jsonl", 4, "_status_transition", "status_moves_forward", "m", None)  # no longer behind
    cases.add(B, "c.jsonl", 5, "_status_transition", "status_moves_forward", "m", None)  # still behind
    write_quarantine(con, cases)
    con.execute(
        "INSERT INTO audit.case_versions_set_aside VALUES (?, 4, 'C1', '2025-01-01', 'open', false), "
        "(?, 5, 'C2', '2025-01-01', 'open', true)",
        [B, B],
    )
    due = con.execute(sql.render("audit/dates_passed.sql"), rows_due_parameters(date(2026, 3, 25))).fetchall()
    assert sorted(due) == [("case_outcomes", B, 3), ("training_records", A, 2)]
