"""What the landing folder holds, as each run sees it: which content every path holds (a sighting:
new bytes, bytes already read at this path, or a copy of another file), which files are still
being written, and which paths whose rows count are gone. ``core/recount.sql`` decides what counts
from the sightings, not from the order files were staged in."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.lib.ingest.setup import now_utc
from pipeline.lib.landing.discover import LandingFile, UnsettledFile
from pipeline.lib.landing.names import shown
from pipeline.lib.quality.rules import unreleasable_in
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script
from pipeline.lib.warehouse.transaction import transaction


def record_unsettled(con: duckdb.DuckDBPyConnection, source: str, unsettled: list[UnsettledFile], run_id: str) -> None:
    """The files of the source still being written, as of this run (``hrp status`` lists them)."""
    listed = pa.table(
        {
            "path": pa.array([u.relative for u in unsettled], pa.string()),
            "size_bytes": pa.array([u.size_bytes for u in unsettled], pa.int64()),
            "reason": pa.array([u.reason for u in unsettled], pa.string()),
        }
    )
    _replace_listing(con, "unsettled_files", listed, "audit/record_unsettled.sql", source, run_id)


def _replace_listing(
    con: duckdb.DuckDBPyConnection, name: str, listed: pa.Table, script: str, source: str, run_id: str
) -> None:
    """Run a listing's ``script`` in one transaction with what this run saw registered as ``name``."""
    con.register(name, listed)
    try:
        with transaction(con):
            run_script(con, script, source=source, run_id=run_id)
    finally:
        con.unregister(name)


def record_sighting(con: duckdb.DuckDBPyConnection, source: str, file: LandingFile, run_id: str) -> None:
    con.execute(
        sql.render("audit/record_sighting.sql"),
        {
            "source": source,
            "path": file.relative,
            "sha256": file.sha256,
            "size_bytes": file.size_bytes,
            "modified_ns": file.modified_ns,
            "changed_ns": file.changed_ns,
            "inode": file.inode,
            "run_id": run_id,
            "now": now_utc(),
        },
    )


def record_gone(
    con: duckdb.DuckDBPyConnection,
    source: str,
    files: tuple[list[LandingFile], list[UnsettledFile], list[str]],
    run_id: str,
) -> list[str]:
    """The source's paths whose rows count that no file in landing/ holds any more, under their name or
    another (``audit/record_gone.sql``; ``hrp status`` lists them): their rows still count, a rebuild
    would drop them. ``files``: what ``discover`` found (complete, still being written, unchanged)."""
    complete, unsettled, unchanged = files
    others = [u.relative for u in unsettled] + unchanged  # each holds what it held when last seen
    present = pa.table(
        {
            "path": pa.array([f.relative for f in complete] + others, pa.string()),
            "sha256": pa.array([f.sha256 for f in complete] + [None] * len(others), pa.string()),
        }
    )
    _replace_listing(con, "present_files", present, "audit/record_gone.sql", source, run_id)
    return [path for (path,) in con.execute(sql.render("audit/landing_gone.sql"), {"source": source}).fetchall()]


def dropped_by_rebuild(con: duckdb.DuckDBPyConnection, previous: Path) -> list[str]:
    """A line for each file the previous warehouse counted that the rebuilt one does not: gone from
    landing/, read under another name and rejected, or held back. Said, never silent."""
    try:
        dropped = sql.records(con, "audit/dropped_by_rebuild.sql", previous=str(previous))
    except duckdb.Error as problem:  # a damaged warehouse, rebuilt as asked: nothing to compare with
        first = str(problem).splitlines()[0]
        return [shown(f"Which files the previous warehouse counted that landing/ no longer holds: unknown ({first})")]
    finally:
        run_script(con, "audit/detach_previous.sql")
    kept = f"(the previous warehouse is kept as {previous.name})"
    lines = []
    for row in dropped:
        counted = f"{row['source']}/{row['path']}: the previous warehouse counted its rows, the rebuilt one does not"
        if row["now_status"] is None:
            line = f"Not in landing/ any more: {counted}; put the file back and run `hrp rebuild` again {kept}"
        elif row["now_status"] == "failed":
            line = (
                f"Read only to be rejected: {counted}: it read the bytes under {row['source']}/{row['now_path']} "
                f"(`hrp status` says why); remove or rename that copy and run `hrp rebuild` again {kept}"
            )
        else:  # released before, to release again; or the later by name of two files that overlap
            release = "" if unreleasable_in(row["source"], row["now_error"] or "") else "; `hrp release` releases it"
            line = f"Held back by the rebuild: {counted} (`hrp held` says why{release}) {kept}"
        lines.append(shown(line))
    return lines
