"""What a rebuild would not read of what the warehouse counts.

``hrp rebuild`` (and ``hrp rekey``) read landing/ as it is into a new warehouse: one clean night. A
delivery's rows count there only if landing/ gives its content again, to a night, under its name or
another. Before anything changes, each counted path (``audit/counted_contents.sql``) is looked for as
a night reads: files reached without a symbolic link, not hidden or partial
(``discover.landing_files``), settled (a file still being written is not read), and of the bytes'
holders the first in the name order must be read as the format they were counted in (it is the one
that reads them: a ``.bak`` or ``.jsonl`` copy of a CSV sorting first would be rejected, the bytes
with it). At its own path any content counts (new content is a new version, as the nights judge
it); elsewhere, the same bytes, looked for among the files of a counted size that are not at a
counted path, so almost nothing is hashed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES, settings
from pipeline.lib.landing.discover import FORMATS, delivery_position, describe, landing_files, still_being_written
from pipeline.lib.landing.names import shown
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import WarehouseDamagedError, connect, is_damage


@dataclass(frozen=True)
class Unread:
    """A counted delivery a rebuild would not read, and why (gone, still being written, or first met
    under a name read as another format)."""

    source: str
    path: str
    why: str

    def line(self) -> str:
        return shown(f"{self.source}/{self.path}: {self.why}")


def unread_by_a_rebuild(paths: DataPaths) -> list[Unread]:
    """Each counted delivery that landing/ would not give a night now. None for a damaged warehouse:
    nothing can be read from it, and the rebuild then names what it dropped."""
    try:
        with connect(paths.warehouse, holder="hrp rebuild (what landing/ gives again)", timeout_seconds=60) as con:
            counted = {source: sql.records(con, "audit/counted_contents.sql", source=source) for source in SOURCES}
    except WarehouseDamagedError:
        return []
    except duckdb.Error as problem:
        if is_damage(problem):
            return []
        raise
    clock = settings().landing_settle_seconds, time.time()
    unread: list[Unread] = []
    for source, contents in counted.items():
        if contents:
            unread.extend(_unread_in(source, paths.landing_for(source), contents, clock))
    return unread


def _unread_in(
    source: str,
    folder: Path,
    contents: list[dict[str, Any]],
    clock: tuple[float, float],
) -> Iterator[Unread]:
    """One source's counted deliveries a night would not read now. Of several files holding the same
    bytes the first in the name order reads them (``discover.delivery_position``): a copy sorting
    first under a name no delivery has (``.bak``), or read as another format (CSV bytes named
    ``.jsonl``), would be read and rejected, and the bytes with it. ``clock``: settling time, now.
    (A copy in another sender's folder is read through that sender's import profile: the nights
    refuse it and send the operator here to read it so; the rebuild names it after if it fails.)"""
    settled: dict[str, Path] = {}
    unsettled: dict[str, str] = {}
    for file in landing_files(folder):
        relative = file.relative_to(folder).as_posix()
        if why := still_being_written(file, *clock):
            unsettled[relative] = why
        else:
            settled[relative] = file
    counted_paths = {c["path"] for c in contents}
    missing_sizes = {c["size_bytes"] for c in contents if c["path"] not in settled}
    sizes = {c["size_bytes"] for c in contents}
    holders: dict[str, list[str]] = {}  # content: the settled paths holding it, hashed only where it matters
    for relative, file in settled.items():
        size = file.stat().st_size
        if size in missing_sizes or (relative not in counted_paths and size in sizes):
            holders.setdefault(describe(file, relative).sha256, []).append(relative)
    for c in contents:
        # at its own path any content counts (a new version); elsewhere, the same bytes
        found = sorted({*holders.get(c["sha256"], []), *([c["path"]] if c["path"] in settled else [])},
                       key=delivery_position)  # fmt: skip
        if not any(_format(h) for h in found):
            why = unsettled.get(c["path"])
            yield Unread(
                source, c["path"], f"still being written ({why})" if why else "in landing/ under no name a night reads"
            )
        elif _format(found[0]) != _format(c["path"]):
            first = f"{source}/{found[0]}, {_other(_format(found[0]))}: remove or rename that copy"
            yield Unread(source, c["path"], f"its bytes are first met under {first}")


def _format(relative: str) -> str | None:
    """The format a night reads a path as, by its extension (None: no delivery has it)."""
    return FORMATS.get(Path(relative).suffix.lower())


def _other(fmt: str | None) -> str:
    return f"which a night reads as {fmt}" if fmt else "a name no delivery has"
