"""Finding deliveries in the landing area and recognising ones we have already seen.

A delivery is identified by its content (SHA-256), not its name: the same bytes delivered again,
under any name, are not read again; new bytes under an old name are a new version of that file.

A file is read only once it is complete (docs/operations.md, "Delivering files"): untouched for
the settling time, a CSV or JSON Lines file ending with a line break, a Parquet file ending with
its footer. Anything else is still being written: it is named as such and read on a later night.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import os
import re
import stat as stat_module
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipeline.lib.landing.names import is_unsafe, shown

FORMATS: dict[str, Literal["csv", "parquet", "jsonl"]] = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
IGNORED_SUFFIXES = (".part", ".tmp")
# After this long untouched, a text file's missing final line break is taken as its end: a writer
# that stopped a day ago is not still writing, and the file is read (its last line judged as any).
FINAL_LINE_PATIENCE_SECONDS = 24 * 3600
_CHUNK = 1 << 20
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LandingFile:
    path: Path
    relative: str  # path within the source's landing folder, as people name it
    sha256: str
    size_bytes: int
    modified_ns: int
    format: str  # csv | parquet | jsonl | unknown
    encoding: str  # utf-8 | utf-16 | (problem description) for text files; binary for parquet
    # a UTF-8 CSV with an odd number of double quotes: a quoted value opened and never closed. DuckDB
    # 2.0 reports that line as malformed only when the file is read alone, so such a file is.
    ends_inside_quotes: bool = False
    # the inode's change time and number when read: kept with the sighting (see ``Stat``)
    changed_ns: int | None = None
    inode: int | None = None


@dataclass(frozen=True)
class UnsettledFile:
    """A file not read yet because it may still be being written, and why it looks so."""

    relative: str
    size_bytes: int
    modified_ns: int
    reason: str


def is_ignored(path: Path) -> bool:
    """Hidden files and files still being written (``.part``, ``.tmp``) are not deliveries yet."""
    return path.name.startswith(".") or path.name.endswith(IGNORED_SUFFIXES)


# What a file is recognised by without reading it: relative path, size in bytes, modification time,
# inode change time (both in nanoseconds) and inode number. The modification time alone can be set
# back (`cp -p`, `touch -r`, an archive's fixed time), so a same-sized correction would look read;
# the change time cannot be set by a user and moves with every write, and a file renamed over the
# old one has another inode. A differing signature only costs a hash: the same bytes are known.
# A sighting recorded before these were kept has them unknown (NULL), which matches nothing.
Stat = tuple[str, int, int, int | None, int | None]


def landing_files(folder: Path) -> Iterator[Path]:
    """The regular files under ``folder``, in path order. Symbolic links (to files or folders),
    devices, pipes and sockets are refused with a logged reason and never opened: a link in the
    landing area could otherwise make the pipeline read, and quote, any file on the machine."""
    if not folder.is_dir() or folder.is_symlink():
        return
    found: list[Path] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs):
            if is_unsafe(name):
                _refuse(folder, Path(top) / name, "its name contains a control or text-direction character")
                dirs.remove(name)
            elif (Path(top) / name).is_symlink():
                _refuse(folder, Path(top) / name, "a symbolic link to a folder")
                dirs.remove(name)
        for name in files:
            path = Path(top) / name
            if any(is_ignored(Path(part)) for part in path.relative_to(folder).parts):
                continue
            if is_unsafe(name):
                _refuse(folder, path, "its name contains a control or text-direction character")
                continue
            mode = os.lstat(path).st_mode
            if stat_module.S_ISLNK(mode):
                _refuse(folder, path, "a symbolic link")
            elif not stat_module.S_ISREG(mode):
                _refuse(folder, path, "not a regular file (a device, pipe or socket)")
            else:
                found.append(path)
    yield from sorted(found)


def delivery_position(relative: str) -> tuple[str, str]:
    """Where a landing path stands in the name order, as ``delivery_position`` in
    ``sql/warehouse/session.sql`` has it (without its extension first, so a file sorts before its
    corrections under a longer name): of several paths holding the same bytes, the first is the one
    that reads them and the one the merge counts them at."""
    return re.sub(r"\.[^./]*$", "", relative), relative


def _refuse(folder: Path, path: Path, reason: str) -> None:
    log.warning(
        "landing: refused %s: %s; only regular files inside the landing area are read",
        shown(path.relative_to(folder).as_posix()),
        reason,
    )


def discover(
    folder: Path, seen: frozenset[Stat] = frozenset(), settle_seconds: float = 0.0, now: float | None = None
) -> tuple[list[LandingFile], list[UnsettledFile], list[str]]:
    """Every complete delivery under ``folder`` at any depth, in a stable order (by path), except
    files whose path, size, modification time, inode change time and inode number (``Stat``) are
    exactly those of a file already processed: those are not read again, so a night costs what is
    new, not the years of history kept in the landing area; their paths come back third (they are
    still there). Files that are not complete yet come back apart, unread."""
    now = time.time() if now is None else now
    found, unsettled, unchanged = [], [], []
    for path in landing_files(folder):
        relative = path.relative_to(folder).as_posix()
        stat = stat_of(path, relative)
        if stat in seen:
            unchanged.append(relative)
            continue
        reason = still_being_written(path, settle_seconds, now)
        if reason:
            unsettled.append(UnsettledFile(relative, stat[1], stat[2], reason))
            continue
        file = describe(path, relative)
        if signature_of(file) != stat:  # it changed while it was read
            unsettled.append(UnsettledFile(relative, file.size_bytes, file.modified_ns, "it changed while it was read"))
            continue
        found.append(file)
    return found, unsettled, unchanged


def still_being_written(path: Path, settle_seconds: float, now: float) -> str | None:
    """Why a file does not look complete yet, or None when it does."""
    stat = path.stat()
    age = now - stat.st_mtime
    wait = f"a file is read once untouched for {settle_seconds:.0f} s"
    if age < 0:  # written by a clock ahead of this machine's: read once that time has come and gone
        return f"its time is {-age:.0f} s ahead of this machine's clock; {wait}"
    if age < settle_seconds:
        return f"it changed {age:.0f} s ago; {wait}"
    fmt = FORMATS.get(path.suffix.lower())
    if stat.st_size == 0 or age >= FINAL_LINE_PATIENCE_SECONDS or fmt is None:
        return None
    with _open_regular(path) as fh:
        fh.seek(max(stat.st_size - 4, 0))
        tail = fh.read()
    if fmt == "parquet" and not tail.endswith(b"PAR1"):
        return "it does not end with a Parquet footer yet"
    if fmt in ("csv", "jsonl") and not tail.endswith((b"\n", b"\n\x00", b"\x00\n")):  # UTF-8 or UTF-16
        return "its last line has no line break yet (a complete file ends with one)"
    return None


def stat_of(path: Path, relative: str) -> Stat:
    stat = path.stat()
    return relative, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def signature_of(file: LandingFile) -> Stat:
    """The ``Stat`` a file had when it was read, as a sighting records it."""
    return file.relative, file.size_bytes, file.modified_ns, file.changed_ns, file.inode


def describe(path: Path, relative: str) -> LandingFile:
    """Hash a file in one streaming pass, checking on the way whether a text file is UTF-8."""
    fmt = FORMATS.get(path.suffix.lower(), "unknown")
    before = path.stat()
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if fmt in ("csv", "jsonl") else None
    encoding = "utf-8" if decoder else "binary"
    size = quotes = 0
    first = b""
    with _open_regular(path) as fh:
        while chunk := fh.read(_CHUNK):
            if not first:
                first = chunk[:4]
            digest.update(chunk)
            size += len(chunk)
            if fmt == "csv":
                quotes += chunk.count(b'"')
            if decoder and encoding == "utf-8":
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    encoding = _describe_bad_encoding(first, size - len(chunk) + exc.start)
    if decoder and encoding == "utf-8":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "not UTF-8: the file ends in the middle of a character"
    odd = fmt == "csv" and encoding == "utf-8" and quotes % 2 == 1
    sha256, modified_ns = digest.hexdigest(), before.st_mtime_ns
    return LandingFile(path, relative, sha256, size, modified_ns, fmt, encoding, odd, before.st_ctime_ns, before.st_ino)


def _open_regular(path: Path) -> io.BufferedReader:
    """Open without following a link put in place since the file was listed."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    if not stat_module.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(f"{path.name} is not a regular file")
    return os.fdopen(descriptor, "rb")


def _describe_bad_encoding(first: bytes, offset: int) -> str:
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return (
        f"not UTF-8 (first bad byte at offset {offset}); save the file as UTF-8 "
        "(Windows-1251 and other legacy encodings are not accepted)"
    )


def settled_fingerprint(landing: Path, settle_seconds: float, now: float) -> tuple[str, int, int]:
    """A fingerprint of the files that have stopped changing (untouched for ``settle_seconds``), how
    many there are, and how many are still being written: what the landing sensor watches."""
    listing = []
    unsettled = 0
    if landing.is_dir():
        for path in landing_files(landing):
            relative = path.relative_to(landing)
            stat = path.stat()
            if now - stat.st_mtime < settle_seconds:
                unsettled += 1
                continue
            listing.append(f"{relative.as_posix()}\t{stat.st_size}\t{int(stat.st_mtime)}")
    return hashlib.sha256("\n".join(listing).encode()).hexdigest()[:16], len(listing), unsettled
