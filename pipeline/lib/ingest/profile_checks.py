"""What ingest keeps of import profiles: which profile each delivery was read through (in its
manifest row), the total rows that disagree with their rows (``audit.total_checks``), and the
refusal to go on when a profile changed under files already read through it.

A profile changed after its files were read would leave the warehouse different from a clean
rebuild from the same files and profiles (the old rows stay as the old profile read them). The
bytes did not change, so nothing would read them again: the run stops instead, naming the profile
and the next step (``hrp rebuild`` reads every file again; or put the profile back as it was).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.lib.ingest.setup import now_utc
from pipeline.lib.landing.discover import landing_files
from pipeline.lib.landing.profiles import profile_for, sender_of
from pipeline.lib.landing.read import FileRead
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script


class ProfileChangedError(RuntimeError):
    """A profile is not the one some loaded files were read through; the message says what to do."""


def check_profiles_unchanged(
    con: duckdb.DuckDBPyConnection, contract: Contract, landing: Path, profiles: Path | None
) -> None:
    """Refuse to run when a file in landing was read through another profile (or version of it, or
    none) than the one it would be read through now."""
    recorded = dict(con.execute(sql.render("audit/profiles_read_with.sql"), {"source": contract.source}).fetchall())
    changed: dict[str, int] = {}
    labels: dict[str | None, str | None] = {}  # per sender: each profile is read once
    for path in landing_files(landing):
        relative = path.relative_to(landing).as_posix()
        if relative not in recorded:
            continue
        sender = sender_of(relative)
        if sender not in labels:
            loaded = profile_for(profiles, relative, contract)
            labels[sender] = loaded.label if loaded else None
        if labels[sender] != recorded[relative]:
            folder = relative.split("/")[0]
            changed[folder] = changed.get(folder, 0) + 1
    if changed:
        where = "; ".join(f"{n} file(s) under landing/{contract.source}/{folder}/" for folder, n in changed.items())
        raise ProfileChangedError(
            f"the import profile of {where} is not the one they were read through (profiles/{contract.source}/"
            "<sender>.yaml was added, changed or removed). Run `hrp rebuild` to read every file again through "
            "the profiles as they are now, or put the profile back as it was."
        )


def record_total_checks(con: duckdb.DuckDBPyConnection, source: str, reads: list[FileRead], run_id: str) -> None:
    """Keep the group's disagreeing total rows, with their file and row."""
    rows = [(r, f) for r in reads for f in r.totals.findings]
    if not rows:
        return
    now = now_utc()
    con.register(
        "total_findings",
        pa.table(
            {
                "source": [source] * len(rows),
                "sha256": [r.file.sha256 for r, _ in rows],
                "path": [r.file.relative for r, _ in rows],
                "row_number": pa.array([f.row_number for _, f in rows], pa.int64()),
                "column_name": [f.column for _, f in rows],
                "stated": pa.array([f.stated for _, f in rows], pa.int64()),
                "summed": pa.array([f.summed for _, f in rows], pa.int64()),
                "run_id": [run_id] * len(rows),
                "checked_at": [now] * len(rows),
            }
        ),
    )
    try:
        run_script(con, "audit/record_total_checks.sql")
    finally:
        con.unregister("total_findings")
