"""``hrp rebuild`` and ``hrp rekey``: the warehouse made again from the landing archive, the
previous one kept aside, its release record and the operators' decisions carried into the new one.

Between moving the previous warehouse aside and the new one's night succeeding, the data root is
marked (``pipeline.lib.warehouse.aside``), so that no sequence of errors or kills leaves a night
free to run on an unfinished warehouse: an error puts the previous one back, a kill is refused by the
next process until the command is run again, which puts it back and starts over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline import operations
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse import aside


class RebuildUndoneError(Exception):
    """A rebuild stopped by an error: the previous warehouse was put back; the message says what to do."""


class ReleaseRecordLostError(Exception):
    """A rebuild refused: the warehouse it replaces cannot give its release record."""


class FilesGoneError(Exception):
    """A rebuild refused: files whose rows count that it would not read (``lines``: each, and why)."""

    def __init__(self, message: str, lines: list[str]) -> None:
        super().__init__(message)
        self.lines = lines


def rebuild(
    paths: DataPaths, start_new_record: bool = False, without_gone_files: bool = False, command: str = "rebuild"
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
    names each file dropped.

    From the move aside until the night succeeded or the previous file is back, the data root is
    marked (``warehouse.aside``): a process killed in between leaves the mark, and every run
    refuses until the command (``command``: ``rebuild`` or ``rekey``, as the operator typed it) is
    run again. Any other error in between puts the previous file back (``RebuildUndoneError``)."""
    from datetime import UTC, datetime

    from pipeline.lib.common.faults import crash_point
    from pipeline.lib.ingest.sightings import dropped_by_rebuild
    from pipeline.lib.landing.gone import unread_by_a_rebuild
    from pipeline.lib.ops.acknowledged import confirm_acknowledgements, confirm_releases
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
    failed = paths.root / f"warehouse-failed-rebuild-{stamp}.duckdb"
    with aside.marking(paths, kept, command):
        try:
            with writer_lock(paths.warehouse_lock, 60, f"hrp {command}"):
                aside.move_database(paths.warehouse, kept)
        except BaseException:
            aside.finished(paths)  # not moved (the warehouse busy): nothing to undo
            raise
        crash_point("rebuild.after_move")  # a kill here: the next process finds the mark
        try:
            outcome, record, carrying, unread_releases = _carry_and_run(paths, kept, start_new_record)
        except ReleaseRecordLostError:
            raise
        except BaseException as problem:  # a full disk, a lock timed out, ^C: as if the rebuild never began
            aside.put_back(paths, kept, failed)
            if not isinstance(problem, Exception):
                raise
            raise RebuildUndoneError(_undone(problem, paths, command, failed)) from problem
        if not outcome.success:
            aside.put_back(paths, kept, failed)
            return outcome, paths.warehouse, record
        aside.finished(paths)
    with connect(paths.warehouse, holder="hrp rebuild (confirming decisions)", timeout_seconds=60) as con:
        carrying = confirm_acknowledgements(con, carrying)
        released = [*unread_releases, *confirm_releases(con)]
        dropped = dropped_by_rebuild(con, kept)
    return outcome, kept, "\n".join([record, *carrying.lines(), *released, *dropped])


def _carry_and_run(
    paths: DataPaths, kept: Path, start_new_record: bool
) -> tuple[operations.RunOutcome, str, Any, list[str]]:
    """Into the new warehouse: the release record and the operators' decisions kept in ``kept``;
    then the night. A record that cannot be read puts the previous warehouse back (``ReleaseRecordLostError``)
    unless ``start_new_record``."""
    from pipeline.lib.ops.acknowledged import carry_acknowledgements, carry_releases
    from pipeline.lib.release.carry import ReleaseRecordUnreadableError, carry_release_record
    from pipeline.lib.warehouse.connection import connect

    try:
        with connect(paths.warehouse, holder="hrp rebuild (carrying the release record)", timeout_seconds=60) as con:
            carried = carry_release_record(con, kept)
        record = f"{carried} release(s) of figures about people carried over from the previous warehouse."
    except ReleaseRecordUnreadableError as problem:
        if not start_new_record:
            aside.put_back(paths, kept, None)  # the new warehouse holds nothing yet
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
    return outcome, record, carrying, unread_releases


def _undone(problem: Exception, paths: DataPaths, command: str, failed: Path) -> str:
    """An interrupted rebuild, undone, in one line: what stopped it and what to do before trying again."""
    from pipeline.lib.ops.health import explain

    finding = explain(problem, paths)
    said = finding.problem.split(";")[0] if finding else f"{type(problem).__name__}: {problem}"
    to_do = "free space on it (`df -h`)" if finding and "full" in finding.problem else "correct what it says"
    return (
        f"the {command} stopped ({said}); the previous warehouse is back in place and nothing was changed (the "
        f"unfinished one is kept at {failed}): {to_do}, then run `hrp {command}` again"
    )
