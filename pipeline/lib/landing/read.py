"""Reading deliveries into DuckDB as text, many files per scan, without trusting them.

Files of one source that share a shape (format, encoding, delimiter and header; for JSON Lines,
the same mapping of keys to contract columns) are read together, in one scan per group, into the
temporary table ``delivery_numbered``: one text column per column of the files, plus ``_path``
(which file) and ``_row_number`` (row 1 is the first data row; for JSON Lines, row N is line N).
Malformed rows (ragged CSV lines, lines that are not JSON) are returned as rejects with their file
and row number instead of failing the file. A file that cannot be read at all is returned as a
``FailedRead`` with a message meant for the person who delivered it; when a shared scan fails, each
of its files is read again alone, so that one broken file fails alone.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from pipeline.lib.landing.discover import LandingFile
from pipeline.lib.landing.profiled import profiled_header, read_profiled
from pipeline.lib.landing.profiles import LoadedProfile, profile_for, totals_rule
from pipeline.lib.landing.shape import (
    MAX_LINE_BYTES,
    Reject,
    UnreadableFileError,
    check_readable,
    csv_header,
    data_lines,
    explain,
    match_columns,
    reject_reason,
)
from pipeline.lib.landing.totals import TotalsChecked, set_aside_totals
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script

# Bytes of files read in one scan: bounds the batch in hand. Under the warehouse's memory cap a group
# of 512 MiB spilled its text and typed rows to disk; reading and typing training records at scale
# 1000 took 2.54 s per million rows in groups of 589 MB, 2.20-2.35 in groups of 110-286 MB.
MAX_GROUP_BYTES = 256 * 1024 * 1024


@dataclass
class FileRead:
    """One file of a group read into ``delivery_numbered``."""

    file: LandingFile
    rows_read: int = 0
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    totals: TotalsChecked = field(default_factory=TotalsChecked)


@dataclass
class ReadGroup:
    """Files now in ``delivery_numbered``; ``columns`` maps contract columns to their names there."""

    columns: dict[str, str]
    files: list[FileRead]


@dataclass(frozen=True)
class FailedRead:
    file: LandingFile
    error: str


@dataclass(frozen=True)
class _Shaped:
    file: LandingFile
    key: Hashable  # files with equal keys can be read in one scan
    header: list[str]
    delimiter: str
    columns: dict[str, str]
    notes: list[str]
    profile: LoadedProfile | None = None


def read_deliveries(
    con: duckdb.DuckDBPyConnection,
    files: list[LandingFile],
    contract: Contract,
    max_group_bytes: int = MAX_GROUP_BYTES,
    profiles: Path | None = None,
) -> Iterator[ReadGroup | FailedRead]:
    """Read ``files``, yielding each group once it is in ``delivery_numbered`` (until the next
    item is asked for) and each file that could not be read. A file under a sender's folder with a
    profile in ``profiles`` is read through it, alone (``landing.profiles``)."""
    groups: dict[Hashable, list[_Shaped]] = defaultdict(list)
    for file in files:
        try:
            check_readable(file)
            shaped = _shape(con, file, contract, profile_for(profiles, file.relative, contract))
        except UnreadableFileError as problem:
            yield FailedRead(file, str(problem))
            continue
        except duckdb.Error as exc:
            yield FailedRead(file, explain(str(exc), file))
            continue
        groups[shaped.key].append(shaped)
    for members in groups.values():
        for batch in _batches(members, max_group_bytes):
            yield from _read_batch(con, batch, contract)


def _shape(
    con: duckdb.DuckDBPyConnection, file: LandingFile, contract: Contract, loaded: LoadedProfile | None
) -> _Shaped:
    if loaded is not None:
        if file.format != "csv":
            raise UnreadableFileError(f"the profile {loaded.where} reads CSV exports, not {file.format.upper()}")
        header, delimiter, notes = profiled_header(file, loaded, contract)
        columns = {c: c for c in loaded.profile.contract_columns}
        return _Shaped(file, ("profiled", file.relative), header, delimiter, columns, notes, loaded)
    if file.format == "csv":
        header, delimiter = csv_header(file, contract)
        columns, notes = match_columns(header, contract)
        if delimiter != ",":
            notes.append(f"read with delimiter {delimiter!r}")
        alone = (file.relative,) if file.ends_inside_quotes or file.encoding != "utf-8" else ()
        key = ("csv", file.encoding, delimiter, tuple(header), *alone)
        return _Shaped(file, key, header, delimiter, columns, notes)
    if file.format == "parquet":
        described = con.execute(sql.render("ingest/parquet_columns.sql", path=str(file.path))).fetchall()
        names = [name for name, _ in described]
        columns, notes = match_columns(names, contract)
        return _Shaped(file, ("parquet", tuple(described)), names, "", columns, notes)
    return _Shaped(file, ("jsonl",), [], "", {}, [])  # keys are known only once the lines are read


def _batches(members: list[_Shaped], max_bytes: int) -> Iterator[list[_Shaped]]:
    batch: list[_Shaped] = []
    size = 0
    for shaped in members:
        if batch and size + shaped.file.size_bytes > max_bytes:
            yield batch
            batch, size = [], 0
        batch.append(shaped)
        size += shaped.file.size_bytes
    if batch:
        yield batch


def _read_batch(
    con: duckdb.DuckDBPyConnection, batch: list[_Shaped], contract: Contract
) -> Iterator[ReadGroup | FailedRead]:
    """One scan for the batch; if it fails, each file alone (a lone failure is that file's)."""
    paths = [str(s.file.path) for s in batch]
    first = batch[0]
    if first.profile is not None:
        profiled = read_profiled(con, first.file, first.profile, contract, first.header, first.delimiter)
        yield from _counted(con, contract, first.columns, batch, {str(first.file.path): profiled})
        return
    try:
        if first.file.format == "csv":
            run_script(
                con,
                "ingest/read_csv.sql",
                paths=paths,
                header=first.header,
                delimiter=first.delimiter,
                encoding=first.file.encoding,
                max_line_bytes=MAX_LINE_BYTES,
            )
        elif first.file.format == "parquet":
            run_script(con, "ingest/read_parquet.sql", paths=paths, header=first.header)
        else:
            run_script(con, "ingest/read_jsonl.sql", paths=paths, max_line_bytes=MAX_LINE_BYTES)
    except duckdb.Error as exc:
        if len(batch) > 1:
            for shaped in batch:
                yield from _read_batch(con, [shaped], contract)
            return
        yield FailedRead(first.file, explain(str(exc), first.file))
        return
    rejects = _rejects(con, 1 if first.file.format == "csv" else 0)
    if first.file.format == "jsonl":
        yield from _spread_jsonl(con, batch, contract, rejects)
    else:
        yield from _counted(con, contract, first.columns, batch, rejects)


def _spread_jsonl(
    con: duckdb.DuckDBPyConnection, batch: list[_Shaped], contract: Contract, rejects: dict[str, list[Reject]]
) -> Iterator[ReadGroup | FailedRead]:
    """JSON Lines read as lines; files whose keys map the same way to the contract are parsed together."""
    keys: dict[str, list[str]] = defaultdict(list)
    for path, key in con.execute(sql.render("ingest/jsonl_keys.sql")).fetchall():
        keys[path].append(key)
    mapped: dict[Hashable, list[_Shaped]] = defaultdict(list)
    for shaped in batch:
        try:
            columns, notes = match_columns(keys[str(shaped.file.path)], contract)
        except UnreadableFileError as problem:
            yield FailedRead(shaped.file, str(problem))
            continue
        mapped[tuple(sorted(columns.items()))].append(replace(shaped, columns=columns, notes=notes))
    for members in mapped.values():
        paths = [str(s.file.path) for s in members]
        shape = json.dumps(dict.fromkeys(sorted({k for p in paths for k in keys[p]}), "VARCHAR"))
        run_script(con, "ingest/spread_jsonl.sql", shape=shape, paths=paths)
        yield from _counted(con, contract, members[0].columns, members, rejects)
    run_script(con, "ingest/drop_lines.sql")


def _rejects(con: duckdb.DuckDBPyConnection, header_lines: int) -> dict[str, list[Reject]]:
    found: dict[str, list[Reject]] = defaultdict(list)
    for path, line, kind in con.execute(sql.render("ingest/rejects.sql")).fetchall():
        found[path].append(Reject(int(line) - header_lines, reject_reason(kind)))
    return found


def _counted(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    columns: dict[str, str],
    members: list[_Shaped],
    rejects: dict[str, list[Reject]],
) -> Iterator[ReadGroup | FailedRead]:
    """The group's per-file counts, once its total rows are set aside and checked (``totals``);
    a CSV whose rejects swallowed later rows fails alone."""
    totals = set_aside_totals(con, contract, columns, totals_rule(contract, members[0].profile))
    counts = {path: int(n) for path, n in con.execute(sql.render("ingest/count_rows.sql")).fetchall()}
    files = []
    for shaped in members:
        path = str(shaped.file.path)
        good, bad = counts.get(path, 0), rejects.get(path, [])
        checked = totals.get(path, TotalsChecked())
        if shaped.file.format == "csv" and bad and good + len(bad) + checked.rows < data_lines(shaped.file):
            con.execute(sql.render("ingest/forget_file.sql"), {"path": path})
            yield FailedRead(
                shaped.file,
                f"row {bad[0].row_number}: {bad[0].reason}; the rows after it cannot be told apart "
                "(a quote opened and never closed swallows the rest of the file). Fix the quoting and deliver again.",
            )
            continue
        notes = [*shaped.notes, *checked.notes(), *(["no data rows"] if good == 0 and not bad else [])]
        files.append(FileRead(shaped.file, good + len(bad), bad, notes, checked))
    if files:
        yield ReadGroup(columns, files)
