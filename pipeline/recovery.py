"""Ways back: what is wrong with a data root besides its data, checked before a run and by
``hrp status``, and the repairs (killed runs marked failed, failed builds' leftovers removed, the
warehouse rebuilt from the landing archive).

Each fault is said in one line with its documented next step (docs/operations.md, "Faults and the
way back"); the checks themselves live in ``pipeline.lib.ops.health``.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import operations
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ops.health import Finding

if TYPE_CHECKING:
    import dagster as dg


def preflight(paths: DataPaths, key: bytes) -> None:
    """Before a run is launched: the key must be the warehouse's, and today's date one the data
    allows (``PseudonymKeyError`` / ``ClockError``, each one line saying what to do)."""
    from pipeline.lib.common.fiscal import today_from_env
    from pipeline.lib.common.keys import check_fingerprint
    from pipeline.lib.metrics.marts import check_today_against_data
    from pipeline.lib.ops.health import unread_landing_files
    from pipeline.lib.warehouse.connection import connect
    from pipeline.lib.warehouse.pseudonymise import stored_fingerprint

    today = today_from_env()
    if not paths.warehouse.exists():
        return
    with connect(paths.warehouse, holder="hrp (checking key and date)", timeout_seconds=60) as con:
        check_fingerprint(stored_fingerprint(con), key)
        check_today_against_data(con, today, unread_landing_files(con, paths))


def check_key_of_readable_warehouse(paths: DataPaths, key: bytes) -> None:
    """Refuse a key other than the warehouse's, when the warehouse can still say which it is (a
    damaged one cannot: rebuilding it is the way back, under the key the operator gives)."""
    import duckdb

    from pipeline.lib.common.keys import check_fingerprint
    from pipeline.lib.warehouse.connection import WarehouseDamagedError, connect, is_damage
    from pipeline.lib.warehouse.pseudonymise import stored_fingerprint

    try:
        with connect(paths.warehouse, holder="hrp (checking the key)", timeout_seconds=60) as con:
            stored = stored_fingerprint(con)
    except WarehouseDamagedError:
        return
    except duckdb.Error as problem:
        if is_damage(problem):
            return
        raise
    check_fingerprint(stored, key)


def stale_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    """Runs recorded as in progress that no process is running any more (killed, or the machine
    stopped): an in-process run whose process is gone, or a daemon's run with no daemon alive."""
    import dagster as dg

    from pipeline import run_queue

    served = run_queue.queue_is_served(instance)
    stale = []
    for record in instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])):
        run = record.dagster_run
        pid, host = run.tags.get(run_queue.PID_TAG), run.tags.get(run_queue.HOST_TAG)
        if pid is not None and host == socket.gethostname():
            if not _alive(int(pid)):
                stale.append(run)
        elif pid is None and not served:
            stale.append(run)
    return stale


def _alive(pid: int) -> bool:
    """Whether the process still runs. A zombie (killed, not yet reaped: a container whose first
    process reaps nothing keeps it for ever) is dead: it held "Runs in progress: 1" after a SIGKILL."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): as signal 0 says
    return state != "Z"


def tidy(paths: DataPaths) -> list[str]:
    """Before a run: mark killed runs failed and remove failed builds' leftovers (only when no live
    run could own them). Returns one line per thing done."""
    import dagster as dg

    from pipeline.lib.ops.health import remove_leftovers

    instance = dg.DagsterInstance.get()
    done = []
    stale = stale_runs(instance)
    for run in stale:
        instance.report_run_failed(run, "its process was gone (killed); marked failed by `hrp run`")
        done.append(f"Run {run.run_id[:8]} was killed while in progress; marked failed (this run carries on from it).")
    live = set(instance.get_run_ids(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))) - {r.run_id for r in stale}
    if not live:
        removed = remove_leftovers(paths)
        if removed:
            done.append(f"Removed {len(removed)} leftover(s) of failed or killed builds.")
    return done


def findings(paths: DataPaths) -> list[Finding]:
    """What is wrong with the data root besides the data: a damaged warehouse, a key that is not its
    own, killed runs, failed builds' leftovers, files whose names would trick a reader."""
    import dagster as dg
    import duckdb

    from pipeline.lib.common.keys import PseudonymKeyError, check_fingerprint
    from pipeline.lib.common.settings import settings
    from pipeline.lib.landing.names import refused_line, unsafe_names
    from pipeline.lib.ops.health import check_warehouse, damaged_warehouse, leftovers, leftovers_finding
    from pipeline.lib.warehouse.connection import WarehouseBusyError, WarehouseDamagedError, connect, is_damage
    from pipeline.lib.warehouse.pseudonymise import stored_fingerprint

    found: list[Finding] = []
    key = settings().key_text()
    try:
        with connect(paths.warehouse, holder="hrp status (checks)", timeout_seconds=5) as con:
            damage = check_warehouse(con, paths.warehouse)
            stored = None if damage else stored_fingerprint(con)
        if damage:
            found.append(damage)
        elif key:
            check_fingerprint(stored, key.encode("utf-8"))
    except WarehouseDamagedError:
        found.append(damaged_warehouse(paths.warehouse))
    except duckdb.Error as problem:
        if not is_damage(problem):
            raise
        found.append(damaged_warehouse(paths.warehouse))
    except WarehouseBusyError:
        pass  # a run is writing: the status says so, and checks the warehouse another time
    except PseudonymKeyError as refused:
        found.append(Finding(str(refused), ""))
    instance = dg.DagsterInstance.get()
    live_runs = len(instance.get_run_ids(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])))
    stale = stale_runs(instance)
    for run in stale:
        found.append(
            Finding(
                f"run {run.run_id[:8]} is recorded as in progress but no process runs it (it was killed)",
                "the next `hrp run` marks it failed and carries on where it stopped",
            )
        )
    if live_runs == len(stale) and (leftover := leftovers_finding(leftovers(paths), paths)):
        found.append(leftover)
    found.extend(Finding(refused_line(name), "") for name in unsafe_names(paths.landing))
    return found


class ReleaseRecordLostError(Exception):
    """A rebuild refused: the warehouse it replaces cannot give its release record."""


class FilesGoneError(Exception):
    """A rebuild refused: files whose rows count that it would not read (``lines``: each, and why)."""

    def __init__(self, message: str, lines: list[str]) -> None:
        super().__init__(message)
        self.lines = lines


def rebuild(
    paths: DataPaths, start_new_record: bool = False, without_gone_files: bool = False
) -> tuple[operations.RunOutcome, Path, str]:
    """Rebuild the warehouse from the landing archive: the current file is moved aside (kept, for
    the operator to delete once satisfied), its release record is carried into a new one
    (``release.carry``: what was published is history no landing file gives again), and a nightly
    run reads every file under landing/ into it. Operators' decisions are carried too
    (``ops.acknowledged``): acknowledgements, and releases of held files, which the night records
    as released when it reads their bytes. If the run fails, the previous file is put back and the
    new one kept aside instead. Returns the run's outcome, the file kept aside, and the lines on
    what was carried.

    A record that cannot be read is refused (``ReleaseRecordLostError``, nothing changed): the night
    would make a release protected against none published before it. ``start_new_record`` is the
    operator's decision to go on without it. So is a file whose rows count that the rebuild would not
    read (``FilesGoneError``; ``landing.gone``: gone, or still being written, looked for now and as a
    night reads): it would drop them; ``without_gone_files`` is the decision to, and the rebuild then
    names each file dropped."""
    from datetime import UTC, datetime

    from pipeline.lib.ingest.sightings import dropped_by_rebuild
    from pipeline.lib.landing.gone import unread_by_a_rebuild
    from pipeline.lib.ops.acknowledged import (
        carry_acknowledgements,
        carry_releases,
        confirm_acknowledgements,
        confirm_releases,
    )
    from pipeline.lib.release.carry import ReleaseRecordUnreadableError, carry_release_record
    from pipeline.lib.warehouse.connection import connect, writer_lock

    unread = [] if without_gone_files else unread_by_a_rebuild(paths)
    if unread:
        raise FilesGoneError(
            f"{len(unread)} file(s) whose rows count a rebuild would not read (below): it reads landing/ as "
            "it is, and would drop their rows; nothing was changed. Put each back where it was (a backup made "
            "by `hrp backup` holds them), let it be written whole, or remove the copy its line names; or rebuild "
            "without their rows: add --without-gone-files",
            [u.line() for u in unread],
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kept = paths.root / f"warehouse-before-rebuild-{stamp}.duckdb"
    with writer_lock(paths.warehouse_lock, 60, "hrp rebuild"):
        _move_database(paths.warehouse, kept)
    try:
        with connect(paths.warehouse, holder="hrp rebuild (carrying the release record)", timeout_seconds=60) as con:
            carried = carry_release_record(con, kept)
        record = f"{carried} release(s) of figures about people carried over from the previous warehouse."
    except ReleaseRecordUnreadableError as problem:
        if not start_new_record:
            with writer_lock(paths.warehouse_lock, 60, "hrp rebuild"):
                for suffix in ("", ".wal"):
                    paths.warehouse.with_name(paths.warehouse.name + suffix).unlink(missing_ok=True)
                _move_database(kept, paths.warehouse)
            said = str(problem).replace(str(kept), str(paths.warehouse))  # the file is back under its name
            raise ReleaseRecordLostError(
                f"the release record cannot be read from the warehouse ({said}); nothing was changed. "
                "Restore the data root from a backup (hrp restore-backup), or, knowing that the next "
                "release will then be protected against none published before it, hrp rebuild "
                "--without-release-record"
            ) from problem
        record = "The release record could not be read: a new one starts with this rebuild, as asked."
    with connect(paths.warehouse, holder="hrp rebuild (carrying decisions)", timeout_seconds=60) as con:
        carrying = carry_acknowledgements(con, kept, paths.landing)
        unread_releases = carry_releases(con, kept)
    outcome = operations.run_nightly()  # as the schedule asks: fiscal years up to date, the Board's year
    if not outcome.success:
        with writer_lock(paths.warehouse_lock, 60, "hrp rebuild"):
            _move_database(paths.warehouse, paths.root / f"warehouse-failed-rebuild-{stamp}.duckdb")
            _move_database(kept, paths.warehouse)
        return outcome, paths.warehouse, record
    with connect(paths.warehouse, holder="hrp rebuild (confirming decisions)", timeout_seconds=60) as con:
        carrying = confirm_acknowledgements(con, carrying)
        released = [*unread_releases, *confirm_releases(con)]
        dropped = dropped_by_rebuild(con, kept)
    return outcome, kept, "\n".join([record, *carrying.lines(), *released, *dropped])


def _move_database(source: Path, destination: Path) -> None:
    """A DuckDB file and its write-ahead log, moved together."""
    for suffix in ("", ".wal"):
        moving = source.with_name(source.name + suffix)
        if moving.exists():
            moving.replace(destination.with_name(destination.name + suffix))
