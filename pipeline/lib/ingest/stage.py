"""Staging: every new file version read in one scan and typed by the contract straight into staging
(person ids pseudonymised, free text dropped), rows that do not parse quarantined. The raw layer is
the delivered file itself: the manifest names it by sha256, size and row count, and every staged
row by its file and row number.

Files of one shape are read in one scan and staged in one transaction, so a crash leaves either
the state before or the state after the group, and the next run carries on from the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.lib.common.faults import crash_point
from pipeline.lib.common.settings import settings
from pipeline.lib.ingest.profile_checks import check_readings_unchanged, record_total_checks
from pipeline.lib.ingest.quarantine import Quarantine, write_quarantine
from pipeline.lib.ingest.setup import ensure_tables, now_utc, typed_columns
from pipeline.lib.ingest.sightings import record_gone, record_sighting, record_unsettled
from pipeline.lib.landing.discover import LandingFile, delivery_position, discover
from pipeline.lib.landing.profiles import profile_for
from pipeline.lib.landing.read import MAX_GROUP_BYTES, FailedRead, ReadGroup, read_deliveries
from pipeline.lib.quality.contracts import Column, Contract
from pipeline.lib.quality.countries import RESOLVED_REFERENCES, candidates, unresolved_message
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script, scalar
from pipeline.lib.warehouse.transaction import transaction

TYPE_NAMES = {
    "date": "a date (YYYY-MM-DD)",
    "timestamp": "a timestamp (ISO 8601)",
    "integer": "a whole number",
    "decimal": "a number",
    "boolean": "true or false",
}


GONE = (
    "no longer in landing/, under this name or another: its rows still count (removing a file withdraws "
    "nothing), but `hrp rebuild` reads landing/ as it is and would drop them: put the file back"
)


@dataclass
class StagedFile:
    path: str
    # staged | failed | skipped (bytes already read at this path) | duplicate (read under another name)
    # | being written (not complete yet: not read) | gone (no longer in landing/: its rows still count)
    status: str
    rows_read: int = 0
    rows_quarantined: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class StageReport:
    source: str
    files: list[StagedFile]

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def problems(self) -> list[str]:
        return [f"{self.source}/{f.path}: {f.error}" for f in self.files if f.status == "failed"]

    def notices(self) -> list[str]:
        """Files not loaded that are no problem but must not pass unseen: a copy of another file, a
        file still being written, a file gone whose rows still count."""
        return [
            f"{self.source}/{f.path}: still being written, not read yet: {f.error}"
            if f.status == "being written"
            else f"{self.source}/{f.path}: {'; '.join(f.notes)}"
            for f in self.files
            if f.status in ("duplicate", "being written", "gone")
        ]


def stage_new_deliveries(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    landing: Path,
    run_id: str,
    max_group_bytes: int = MAX_GROUP_BYTES,
    profiles: Path | None = None,
) -> StageReport:
    """Stage every file version not seen before; skip identical re-deliveries.

    Files that share a shape are read and staged together (one scan, one transaction per group of
    at most ``max_group_bytes``); each still gets its own manifest row, row numbers and verdict,
    and a file that cannot be read fails alone. A crash loses at most the group in hand: the next
    run finds its files unrecorded and stages them again."""
    ensure_tables(con, contract)
    source = contract.source
    seen = frozenset(con.execute(sql.render("audit/seen_files.sql"), {"source": source}).fetchall())
    complete, unsettled, unchanged = discover(landing, seen, settings().landing_settle_seconds)
    check_readings_unchanged(con, contract, landing, (complete, unsettled), profiles)
    known = dict(con.execute(sql.render("audit/known_deliveries.sql"), {"source": source}).fetchall())
    report = StageReport(source, [])
    new: list[LandingFile] = []
    record_unsettled(con, source, unsettled, run_id)
    report.files.extend(StagedFile(u.relative, "being written", error=u.reason) for u in unsettled)
    report.files.extend(
        StagedFile(path, "gone", notes=[GONE])
        for path in record_gone(con, source, (complete, unsettled, unchanged), run_id)
    )
    reader: dict[str, str] = {}  # the path that reads each content: the first in the merge's name order
    for file in sorted(complete, key=lambda f: delivery_position(f.relative)):
        reader.setdefault(file.sha256, known.get(file.sha256, file.relative))
    for file in complete:
        if file.sha256 in known or reader[file.sha256] != file.relative:
            # bytes already read, or read under another name: the path holds them (core/recount.sql)
            with transaction(con):
                record_sighting(con, source, file, run_id)
            report.files.append(_known(file, reader[file.sha256], source))
            continue
        new.append(file)
    resolved = next((c.stored_name for c in contract.kept_columns if c.reference in RESOLVED_REFERENCES), None)
    if contract.tally and resolved:  # rows set aside for a name since answered, of the contents landing/ holds now
        with transaction(con):
            run_script(con, "audit/record_answered_spellings.sql", source=source, resolved=resolved)
            run_script(con, "staging/restage_resolved.sql", source=source, resolved=resolved, run_id=run_id)
    identities = _identities(con, contract.source, new)
    profiled = {f.sha256: profile_for(profiles, f.relative, contract) for f in new}
    labels = {sha256: loaded.label if loaded else None for sha256, loaded in profiled.items()}
    outcomes: dict[str, StagedFile] = {}
    for item in read_deliveries(con, new, contract, max_group_bytes, profiles):
        if isinstance(item, FailedRead):
            failed = {item.file.sha256: StagedFile(item.file.relative, "failed", error=item.error)}
            with transaction(con):
                _settle_group(con, contract, [item.file], failed, (identities, labels), run_id)
            outcomes.update(failed)
            continue
        with transaction(con):
            staged = _stage_rows(con, contract, item, run_id)
            record_total_checks(con, source, item.files, run_id)
            _settle_group(con, contract, [f.file for f in item.files], staged, (identities, labels), run_id)
        run_script(con, "ingest/drop_group.sql")
        outcomes.update(staged)
    report.files.extend(outcomes[file.sha256] for file in new)
    return report


def _identities(con: duckdb.DuckDBPyConnection, source: str, files: list[LandingFile]) -> dict[str, tuple[int, int]]:
    """Each new file's delivery id and version, allocated in the order discovered before any is
    staged (groups are staged in any order). An id names a delivery for lineage; it does not say
    which delivery is later: that is its position (``sql/audit/held_now.sql``), by which the merge
    picks a key's winner and the "incomplete" marks see a row delivered again, whatever night and
    order the files were read in."""
    ids = sorted(
        int(i) for (i,) in con.execute(sql.render("audit/allocate_delivery_ids.sql"), {"n": len(files)}).fetchall()
    )
    return {
        file.sha256: (
            delivery_id,
            int(scalar(con, sql.render("audit/next_version.sql"), {"source": source, "path": file.relative})),
        )
        for file, delivery_id in zip(files, ids, strict=True)
    }


def _settle_group(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    files: list[LandingFile],
    outcomes: dict[str, StagedFile],
    identities: tuple[dict[str, tuple[int, int]], dict[str, str | None]],
    run_id: str,
) -> None:
    """Record the group's files in the manifest (inside the transaction that staged their rows),
    each with its id, version and the profile it was read through."""
    for file in files:
        delivery_id, version = identities[0][file.sha256]
        profile = identities[1][file.sha256]
        _record_delivery(con, contract, file, (delivery_id, version, profile), outcomes[file.sha256], run_id)
        record_sighting(con, contract.source, file, run_id)
    crash_point("ingest.before_stage_commit")


def _stage_rows(
    con: duckdb.DuckDBPyConnection, contract: Contract, group: ReadGroup, run_id: str
) -> dict[str, StagedFile]:
    kept = contract.kept_columns
    person = next((c for c in kept if c.sensitivity == "person_id"), None)
    columns = [{"name": c.stored_name, "file_name": group.columns.get(c.name), "is_person": c is person} for c in kept]
    person_column = {"file_name": group.columns[person.name]} if person and person.name in group.columns else None
    reads = {f.file.sha256: f for f in group.files}
    con.register(
        "group_files",
        pa.table({"_path": [str(f.file.path) for f in group.files], "_file_sha256": list(reads)}),
    )
    try:
        run_script(
            con,
            "ingest/pseudonymise_group.sql",
            source=contract.source,
            columns=columns,
            person_column=person_column,
            run_id=run_id,
        )
        run_script(con, "staging/type_rows.sql", source=contract.source, columns=typed_columns(contract))
    finally:
        con.unregister("group_files")
    quarantine = Quarantine(contract.source, run_id)
    for read in group.files:
        for reject in read.rejects:
            quarantine.add(
                read.file.sha256, read.file.relative, reject.row_number, reject.column, reject.rule, reject.reason, None
            )
    by_stored = {c.stored_name: c for c in kept}
    for sha256, row_number, column_name, value in con.execute(sql.render("staging/type_errors.sql")).fetchall():
        column = by_stored[column_name]
        rule, message = _type_error(column, value)
        # the text did not parse: it is raw delivered content, never kept in quarantine
        quarantine.add(sha256, reads[sha256].file.relative, row_number, column.name, rule, message, None)
    write_quarantine(con, quarantine)
    if contract.tally:  # the rows that did not parse, as typed: the figures they would have changed say so
        resolved = next((c.stored_name for c in kept if c.reference in RESOLVED_REFERENCES), None)
        run_script(con, "audit/record_set_aside_typed.sql", source=contract.source, run_id=run_id, resolved=resolved)
    rejected = quarantine.rows_by_delivery()
    return {
        sha256: StagedFile(
            read.file.relative,
            "staged",
            rows_read=read.rows_read,
            rows_quarantined=len(rejected.get(sha256, ())),
            notes=read.notes,
        )
        for sha256, read in reads.items()
    }


def _type_error(column: Column, value: str) -> tuple[str, str]:
    """The rule a value broke at staging and the message for it."""
    if column.reference in RESOLVED_REFERENCES:
        rule = f"{column.name}_ambiguous" if candidates(value) else f"{column.name}_recognised"
        return rule, unresolved_message(column.name, value, rule)
    return f"{column.name}_type", f"{column.name} is not {TYPE_NAMES[column.type]}"


def _known(file: LandingFile, first_path: str, source: str) -> StagedFile:
    """A file whose bytes were read before: the same file touched again, or a copy under another
    name, which is said out loud (its rows count once, whichever name holds them)."""
    if first_path == file.relative:
        return StagedFile(file.relative, "skipped")
    return StagedFile(
        file.relative,
        "duplicate",
        notes=[f"the same bytes as {source}/{first_path}: not loaded again, its rows count once"],
    )


def _record_delivery(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    file: LandingFile,
    identity: tuple[int, int, str | None],
    staged: StagedFile,
    run_id: str,
) -> None:
    delivery_id, version, profile = identity
    con.execute(
        sql.render("audit/record_delivery.sql"),
        {
            "delivery_id": delivery_id,
            "source": contract.source,
            "path": file.relative,
            "sha256": file.sha256,
            "size_bytes": file.size_bytes,
            "modified_ns": file.modified_ns,
            "format": file.format,
            "version": version,
            "rows_read": staged.rows_read if staged.status != "failed" else None,
            "rows_quarantined": staged.rows_quarantined,
            "status": staged.status,
            "error": staged.error,
            "notes": "; ".join(staged.notes) or None,
            "profile": profile,
            "run_id": run_id,
            "now": now_utc(),
        },
    )
