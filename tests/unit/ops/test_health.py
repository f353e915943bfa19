"""Faults said in words: a full disk, a damaged warehouse, failed builds' leftovers."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import duckdb

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ops.health import check_warehouse, explain, leftovers, leftovers_finding, refusal, remove_leftovers
from pipeline.run_queue import said


def test_a_full_disk_is_one_line_with_the_next_step(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    for error in (
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("database or disk is full"),
        "IOException: IO Error: Could not write file: No space left on device",
    ):
        finding = explain(error, paths)
        assert finding is not None and "is full" in finding.line() and "hrp run" in finding.action
    assert explain(ValueError("something else"), paths) is None


def test_a_damaged_warehouse_is_found_by_reading_every_table(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute(
            "CREATE SCHEMA core; CREATE TABLE core.t AS SELECT range AS i, 'x' || range AS s FROM range(300000)"
        )
    with duckdb.connect(str(database)) as con:
        assert check_warehouse(con, database) is None
    with database.open("r+b") as fh:  # a block in the middle: the file opens, its data does not read
        fh.seek(database.stat().st_size // 2)
        fh.write(b"\xff" * 8192)
    with duckdb.connect(str(database)) as con:
        finding = check_warehouse(con, database)
    assert finding is not None and "hrp rebuild" in finding.action


def test_failed_builds_leftovers_are_listed_and_removed(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path).ensure()
    (paths.builds / ".site-run1").mkdir()
    (paths.builds / ".site-run1" / "index.html").write_bytes(b"x" * 2_000_000)
    (paths.publications / ".building-20261125T020000-run1").mkdir()
    (paths.builds / "site").mkdir()
    assert len(leftovers(paths)) == 2
    finding = leftovers_finding(leftovers(paths), paths)
    assert finding is not None and "2 leftover(s)" in finding.problem and "2.0 MB" in finding.problem
    remove_leftovers(paths)
    assert leftovers(paths) == [] and (paths.builds / "site").is_dir()


def test_landing_files_no_delivery_was_read_from_are_counted(tmp_path: Path) -> None:
    """What the clock's check before a run cannot see: it reads only loaded data (review scenario K:
    an old-history root refused the real date after current files had landed, and did not say why)."""
    from pipeline.lib.ops.health import unread_landing_files
    from pipeline.lib.warehouse.connection import run_script

    paths = DataPaths(tmp_path)
    for relative in ("request_counts/old-2019.csv", "request_counts/new-2026.csv", "case_outcomes/a/new.csv"):
        (paths.landing / relative).parent.mkdir(parents=True, exist_ok=True)
        (paths.landing / relative).write_text("x\n")
    (paths.landing / "request_counts" / ".new-2026.csv.part").write_text("x\n")  # still being written
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        run_script(con, "warehouse/create_schemas.sql")
        con.execute(
            "INSERT INTO audit.file_manifest "
            "(source, path, sha256, size_bytes, format, version, status, run_id, discovered_at) "
            "VALUES ('request_counts', 'old-2019.csv', 'x', 2, 'csv', 1, 'loaded', 'r1', now())"
        )
        assert unread_landing_files(con, paths) == 2


class _Error:
    """An error as Dagster keeps a failed step's (``SerializableErrorInfo``: class name, message)."""

    def __init__(self, cls_name: str, message: str) -> None:
        self.cls_name, self.message = cls_name, message


def test_a_refusal_is_its_message_not_the_class_path() -> None:
    """Python's traceback puts the exception's class path before its message; a person reads the message."""
    error = _Error(
        "ProfileChangedError", "pipeline.lib.ingest.profile_checks.ProfileChangedError: the import profile…\n"
    )
    found = refusal(f"{error.cls_name}: {said(error)}")
    assert found is not None and found.line() == "the import profile…"


def test_an_invalid_configuration_file_says_what_to_do() -> None:
    error = _Error("ConfigError", "pipeline.lib.common.config.ConfigError: profiles/x/acme.yaml: colums: extra key\n")
    found = refusal(f"{error.cls_name}: {said(error)}")
    assert found is not None and found.line().startswith("profiles/x/acme.yaml: colums: extra key. To do: correct")
    assert "hrp check" in found.line()
