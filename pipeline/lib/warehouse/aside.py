"""A rebuild in progress, marked on disk, so that one interrupted half-way is found and undone.

``hrp rebuild`` and ``hrp rekey`` move the warehouse aside and build a new one: between the move and
the end of their night, ``warehouse.duckdb`` is missing or unfinished, and the release record, the
acknowledgements and the releases are only in the file kept aside. A night run then would make a new
warehouse and a release protected against none published before. So the data root carries a marker
(``rebuild-in-progress.json``: the command, the file kept aside, when) from before the move until the
rebuild finished or the previous warehouse was put back. A process finding the marker refuses in one
line; the command run again puts the kept warehouse back first and starts over.

The rebuilding process holds a lock on the marker while it lives: a marker whose lock is free was
left by a process that was killed (kill -9, the machine stopped), one that is held is a rebuild still
running, which must not be disturbed. The marker also records the warehouse file's identity (inode):
a marker left by a process killed before the move, or whose kept file the operator moved back, finds
that same file under the warehouse's name, and is removed as stale.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.permissions import PRIVATE_FILE, set_mode
from pipeline.lib.warehouse.connection import writer_lock


class RebuildInterruptedError(RuntimeError):
    """A rebuild was interrupted (or is running): nothing may use the unfinished warehouse. The
    message is one line naming the command, the file kept aside and the ways out."""


@dataclass(frozen=True)
class Marked:
    """What the marker says, and whether the process that wrote it still runs."""

    command: str
    kept: Path
    started: str
    live: bool

    def line(self, paths: DataPaths) -> str:
        if self.live:
            return f"an `hrp {self.command}` is in progress (started {self.started}): wait for it to finish"
        key = " with HRP_PSEUDONYM_KEY the original key" if self.command == "rekey" else ""
        return (
            f"an `hrp {self.command}` was interrupted (started {self.started}): the previous warehouse is kept at "
            f"{self.kept} and {paths.warehouse} is unfinished; nothing may run on it. Run `hrp {self.command}` "
            f"again{key} (it puts the previous warehouse back first, then starts over), or put it back yourself: "
            f"move {self.kept} (and its .wal, if any) to {paths.warehouse}"
        )


def marked(paths: DataPaths) -> Marked | None:
    """The rebuild the marker names; None when there is none (a stale marker is removed)."""
    try:
        with paths.rebuild_marker.open(encoding="utf-8") as fh:
            said = json.load(fh)
            try:
                fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
                live = False
            except BlockingIOError:
                live = True
    except FileNotFoundError:
        return None
    kept = paths.root / said["kept"]
    if not live and not kept.exists() and said["identity"] and _identity(paths.warehouse) == said["identity"]:
        paths.rebuild_marker.unlink(missing_ok=True)  # the previous warehouse is in place: nothing to undo
        return None
    return Marked(said["command"], kept, said["started"], live)


def refuse_if_marked(paths: DataPaths) -> None:
    """Before anything reads or writes the warehouse: refuse while a rebuild is unfinished."""
    if found := marked(paths):
        raise RebuildInterruptedError(found.line(paths))


@contextlib.contextmanager
def marking(paths: DataPaths, kept: Path, command: str) -> Iterator[None]:
    """Mark a rebuild (written whole: a temporary file renamed) and hold its lock while it runs. The
    marker is removed by ``put_back`` or ``finished``, never on leaving: an exception leaves it."""
    temporary = paths.rebuild_marker.with_name(paths.rebuild_marker.name + ".tmp")
    said = {
        "command": command,
        "kept": kept.name,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "identity": _identity(paths.warehouse),
        "pid": os.getpid(),
    }
    with temporary.open("w", encoding="utf-8") as fh:
        set_mode(temporary, PRIVATE_FILE)
        fcntl.flock(fh, fcntl.LOCK_EX)  # held on the file, whatever its name: released when this process ends
        fh.write(json.dumps(said))
        fh.flush()
        os.fsync(fh.fileno())
        temporary.replace(paths.rebuild_marker)
        _sync_folder(paths.root)
        yield


def finished(paths: DataPaths) -> None:
    """The rebuild's night succeeded: the new warehouse is the warehouse."""
    paths.rebuild_marker.unlink(missing_ok=True)
    _sync_folder(paths.root)


def put_back(paths: DataPaths, kept: Path, failed: Path | None) -> None:
    """The previous warehouse back under its name, the unfinished one (if any) kept at ``failed``
    (None: removed, when it holds nothing worth looking at)."""
    with writer_lock(paths.warehouse_lock, 60, "hrp rebuild (putting the previous warehouse back)"):
        if failed is None:
            for suffix in ("", ".wal"):
                paths.warehouse.with_name(paths.warehouse.name + suffix).unlink(missing_ok=True)
        else:
            move_database(paths.warehouse, failed)
        move_database(kept, paths.warehouse)
    finished(paths)


def undo_interrupted(paths: DataPaths, failed: Path) -> str | None:
    """Before a rebuild: an interrupted one's previous warehouse put back (the unfinished one kept
    at ``failed``), said in one line; refused while one still runs or when the kept file is gone."""
    found = marked(paths)
    if found is None:
        return None
    if found.live:
        raise RebuildInterruptedError(found.line(paths))
    if not found.kept.exists():
        raise RebuildInterruptedError(
            f"an `hrp {found.command}` was interrupted and the previous warehouse it kept at {found.kept} is gone: "
            "put it back there, or restore the data root from a backup (`hrp restore-backup`)"
        )
    put_back(paths, found.kept, failed)
    return (
        f"An interrupted `hrp {found.command}` (started {found.started}) was undone: the previous warehouse is "
        f"back in place; the unfinished one is kept at {failed}."
    )


def move_database(source: Path, destination: Path) -> None:
    """A DuckDB file and its write-ahead log, moved together."""
    for suffix in ("", ".wal"):
        moving = source.with_name(source.name + suffix)
        if moving.exists():
            moving.replace(destination.with_name(destination.name + suffix))


def _identity(path: Path) -> list[int] | None:
    """The file itself (device and inode), which a rename keeps."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return [found.st_dev, found.st_ino]


def _sync_folder(folder: Path) -> None:
    """A rename or removal made durable (the folder's entries written to disk)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
