"""What ingest keeps of how files were read: which profile each delivery was read through (in its
manifest row), which country each spelling meant (``audit.country_spellings``), the total rows that
disagree with their rows (``audit.total_checks``), and the refusal to go on when either changed
under contents already read.

A profile or a country alias changed after its files were read would leave the warehouse different
from a clean rebuild from the same files, profiles and aliases (the old rows stay as they were read).
The bytes did not change, so nothing would read them again: the run stops instead, naming what
changed and the next step (``hrp rebuild`` reads every file again; or put it back as it was). The
same holds for a file moved or copied into another sender's folder: its bytes are known, so they
are not read again, yet a clean night would read them through that folder's profile; and for a file
moved or renamed to a later name, which would keep its old place in the merge's order.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.lib.common.words import counted
from pipeline.lib.ingest.setup import now_utc
from pipeline.lib.landing.discover import LandingFile, UnsettledFile, delivery_position, landing_files
from pipeline.lib.landing.names import shown
from pipeline.lib.landing.profiles import profile_for, sender_of
from pipeline.lib.landing.read import FileRead
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script, scalar
from pipeline.lib.warehouse.verdict_settings import check_verdict_settings


class ProfileChangedError(RuntimeError):
    """A profile is not the one some loaded files were read through; the message says what to do."""


class AliasesChangedError(RuntimeError):
    """A country alias that resolved loaded rows was removed or changed; the message says what to do."""


class FileMovedError(RuntimeError):
    """A file read before was moved or renamed to a later name; the message says what to do."""


def check_readings_unchanged(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    landing: Path,
    discovered: tuple[list[LandingFile], list[UnsettledFile]],
    profiles: Path | None,
) -> None:
    """Refuse to run when a content some landing path holds was read otherwise than a clean night
    would read it now: under other settings (``warehouse.verdict_settings``), through another profile
    (or version of it, or none), or with a country alias since removed or changed. ``discovered``
    is this run's ``discover``: the paths it hashed; every other complete path still holds the
    content it was last seen holding."""
    check_verdict_settings(con)
    held, gone = _held_now(con, contract.source, landing, discovered)
    _check_positions(contract.source, held, gone)
    _check_profiles(con, contract, held, profiles)
    changed = scalar(
        con,
        sql.render("audit/changed_country_spellings.sql"),
        {"source": contract.source, "held": sorted(set(held.values()))},
    )
    if changed:
        raise AliasesChangedError(
            f"reference/country_aliases.csv changed: {changed} country spelling(s) that resolved rows already "
            f"read from landing/{contract.source}/ were removed or now mean another country. Run `hrp rebuild` "
            "to read every file again with the aliases as they are now, or put the alias back as it was."
        )


def _held_now(
    con: duckdb.DuckDBPyConnection,
    source: str,
    landing: Path,
    discovered: tuple[list[LandingFile], list[UnsettledFile]],
) -> tuple[dict[str, str], dict[str, str]]:
    """The content each complete landing path holds now, and each path read before and gone from
    landing since, with the content it last held (path -> sha256): gone, it still counts there."""
    complete, unsettled = discovered
    last_seen = dict(con.execute(sql.render("audit/path_contents.sql"), {"source": source}).fetchall())
    writing = {u.relative for u in unsettled}
    on_disk = {p.relative_to(landing).as_posix() for p in landing_files(landing)}
    held = {relative: last_seen[relative] for relative in on_disk if relative in last_seen and relative not in writing}
    held.update({f.relative: f.sha256 for f in complete})
    return held, {relative: sha256 for relative, sha256 in last_seen.items() if relative not in on_disk}


def _check_positions(source: str, held: dict[str, str], gone: dict[str, str]) -> None:
    """Each content must stand in the merge's order where a clean night puts it: at the first of the
    paths holding it now. A path gone from landing keeps its content's place (removing a file
    withdraws nothing, ``audit/held_now.sql``), so one moved or renamed to a later name kept its old
    place, and a record it shares with a file sorting between the two names was won by the wrong
    one, said nowhere (a hostile run, r5 2026-12-04)."""
    first_now: dict[str, str] = {}
    for relative, sha256 in sorted(held.items(), key=lambda item: delivery_position(item[0])):
        first_now.setdefault(sha256, relative)
    moved = sorted(
        (was, first_now[sha256])
        for was, sha256 in gone.items()
        if sha256 in first_now and delivery_position(was) < delivery_position(first_now[sha256])
    )
    if moved:
        was, now = moved[0]
        raise FileMovedError(
            f"landing/{source}/{shown(was)} is now at landing/{source}/{shown(now)}"
            + (f" (and {counted(len(moved) - 1, 'other file')} moved or renamed)" if len(moved) > 1 else "")
            + ": a file moved or renamed to a later name keeps its old place in the order deliveries win "
            "records in, which a clean night would not give it. Put it back, or run `hrp rebuild` to read "
            "landing as it is now."
        )


def _check_profiles(
    con: duckdb.DuckDBPyConnection, contract: Contract, held: dict[str, str], profiles: Path | None
) -> None:
    """Each content already read must have been read through the profile of the path that reads it
    in a clean night: of the paths holding it now, the first in the merge's name order."""
    read_with = dict(con.execute(sql.render("audit/contents_read_with.sql"), {"source": contract.source}).fetchall())
    reader: dict[str, str] = {}
    for relative, sha256 in sorted(held.items(), key=lambda item: delivery_position(item[0])):
        if sha256 in read_with:
            reader.setdefault(sha256, relative)
    changed: dict[str | None, int] = {}  # per sender folder (None: the source's own folder)
    labels: dict[str | None, str | None] = {}  # per sender: each profile is read once
    for sha256, relative in sorted(reader.items(), key=lambda item: item[1]):
        sender = sender_of(relative)
        if sender not in labels:
            loaded = profile_for(profiles, relative, contract)
            labels[sender] = loaded.label if loaded else None
        if labels[sender] != read_with[sha256]:
            changed[sender] = changed.get(sender, 0) + 1
    if changed:
        source = contract.source
        where = "; ".join(f"{n} file(s) under landing/{source}/{f'{s}/' if s else ''}" for s, n in changed.items())
        files = " or ".join(f"profiles/{source}/{s}.yaml" for s in changed if s) or "their profile"
        raise ProfileChangedError(
            f"the import profile of {where} is not the one they were read through ({files} was added, changed "
            "or removed, or the files were moved or copied there from another folder). Run `hrp rebuild` to "
            "read every file again through the profiles as they are now, or put the profile (or the files) "
            "back as it was."
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
