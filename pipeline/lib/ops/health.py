"""What can go wrong with a data root besides the data, each said in one line with the way back.

A full disk, a damaged warehouse, a key that is not the warehouse's, a run killed half-way, the
leftovers of a failed build: each is answered in words (what is wrong, what to do), never with a
traceback, by ``hrp run`` and ``hrp status`` alike. Every next step named here is documented in
docs/operations.md ("Faults and the way back").
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.landing.discover import landing_files
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import DAMAGE_SIGNS, WarehouseDamagedError

REBUILD = "`hrp rebuild` rebuilds it from the landing archive (everything under landing/)"


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the data root, and the documented next step."""

    problem: str
    action: str

    def line(self) -> str:
        return f"{self.problem}. To do: {self.action}." if self.action else self.problem

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultError(RuntimeError):
    """A fault the console answers in one line: its message is the finding's line."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.line())
        self.finding = finding


# SQLite (the Dagster instance) says "disk I/O error" when a write meets a full disk
_DISK_FULL_SIGNS = ("no space left on device", "database or disk is full", "disk quota exceeded", "disk i/o error")


def disk_full(where: Path) -> Finding:
    return Finding(
        f"the disk holding {where} is full; nothing new was published and the last good publication stays",
        "free space on it (`df -h`), then run `hrp run` again: the run carries on where it stopped",
    )


def damaged_warehouse(path: Path) -> Finding:
    """Worded as ``WarehouseDamagedError`` says it."""
    return Finding(f"the warehouse {path} cannot be read (it is damaged or not a DuckDB file)", REBUILD)


def explain(error: BaseException | str, paths: DataPaths) -> Finding | None:
    """The fault behind an error or a failed step's message, when it is one we know a way back from."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return disk_full(paths.root)
    text = str(error).lower()
    if any(sign in text for sign in _DISK_FULL_SIGNS):
        return disk_full(paths.root)
    if isinstance(error, WarehouseDamagedError) or any(sign in text for sign in DAMAGE_SIGNS):
        return damaged_warehouse(paths.warehouse)
    return None


# refusals whose message already says what to do (a key, a date, a damaged file, who holds the
# warehouse, an import profile or a country alias changed under files read through it, a file moved)
_REFUSALS = (
    "PseudonymKeyError: ",
    "ClockError: ",
    "WarehouseDamagedError: ",
    "WarehouseBusyError: ",
    "ProfileChangedError: ",
    "AliasesChangedError: ",
    "FileMovedError: ",
    "SettingChangedError: ",
)
# a configuration file that does not load: its message names the file and the key, not what to do
_INVALID_CONFIG = "ConfigError: "
FIX_CONFIG = (
    "correct the file it names and run again (`hrp check FILE` reads one delivery through its "
    "import profile without loading it)"
)


def refusal(text: str) -> Finding | None:
    """A failed step's own refusal (``Class: message``), which already names the next step."""
    for prefix in _REFUSALS:
        if text.startswith(prefix):
            return Finding(text.removeprefix(prefix).strip(), "")
    if text.startswith(_INVALID_CONFIG):
        return Finding(text.removeprefix(_INVALID_CONFIG).strip(), FIX_CONFIG)
    return None


def check_warehouse(con: duckdb.DuckDBPyConnection, path: Path) -> Finding | None:
    """The warehouse opened; can every table in it be read to the end?"""
    try:
        tables = con.execute(sql.render("warehouse/readable_tables.sql")).fetchall()
        for schema, table in tables:
            con.execute(sql.render("warehouse/read_whole_table.sql", schema=schema, table=table)).fetchall()
    except duckdb.Error:
        return damaged_warehouse(path)
    return None


def leftovers(paths: DataPaths) -> list[Path]:
    """Folders and files failed or killed builds left behind (a live run's own are not leftovers:
    call this only while holding the warehouse, i.e. with no run in progress)."""
    patterns = (
        (paths.builds, ".site-*"),
        (paths.builds, ".old-*"),
        (paths.builds / "board", "*/*.tmp"),
        (paths.publications, ".building-*"),
    )
    return sorted(p for folder, pattern in patterns if folder.is_dir() for p in folder.glob(pattern))


def leftovers_finding(found: Iterable[Path], paths: DataPaths) -> Finding | None:
    found = list(found)
    if not found:
        return None
    size = sum(f.stat().st_size for p in found for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    return Finding(
        f"{len(found)} leftover(s) of failed or killed builds under {paths.root} ({size / 1e6:.1f} MB)",
        "the next `hrp run` removes them (or delete them: nothing reads them)",
    )


def remove_leftovers(paths: DataPaths) -> list[Path]:
    """Delete what failed builds left behind, so a retry on a nearly full disk has their space back."""
    removed = leftovers(paths)
    for path in removed:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed


def unread_landing_files(con: duckdb.DuckDBPyConnection, paths: DataPaths) -> int:
    """Landing files at paths no delivery was read from yet: what a check of loaded data alone (the
    clock's, before a run) cannot see, and the run would read."""
    known = {(r["source"], r["path"]) for r in sql.records(con, "audit/known_paths.sql")}
    return sum(
        1
        for source in SOURCES
        for path in landing_files(paths.landing_for(source))
        if (source, path.relative_to(paths.landing_for(source)).as_posix()) not in known
    )
