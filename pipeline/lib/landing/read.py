"""Reading one delivery into DuckDB as text, whatever its format, without trusting it.

The result is the temporary table ``delivery_numbered``: one text column per column of the file,
plus ``_row_number`` (row 1 is the first data row; for JSON Lines, row N is line N). Malformed
rows (ragged CSV lines, lines that are not JSON) are returned as rejects with their row numbers
instead of failing the whole file. A file that cannot be read at all raises ``UnreadableFileError``
with a message meant for the person who delivered it.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from dataclasses import dataclass, field

import duckdb

from pipeline.lib.landing.discover import LandingFile
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script, scalar

DELIMITERS = (",", ";", "\t", "|")
MAX_LINE_BYTES = 4 * 1024 * 1024


class UnreadableFileError(Exception):
    """The file cannot be read as a delivery of its source; the message says why."""


@dataclass(frozen=True)
class Reject:
    row_number: int
    reason: str


@dataclass
class ReadResult:
    rows_read: int
    columns: dict[str, str]  # contract column -> column name in the file
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_delivery(con: duckdb.DuckDBPyConnection, file: LandingFile, contract: Contract) -> ReadResult:
    """Load ``file`` into the temporary table ``delivery_numbered``."""
    if file.size_bytes == 0:
        raise UnreadableFileError("the file is empty: expected a header line and data rows")
    if file.format == "unknown":
        raise UnreadableFileError(f"unsupported file type '{file.path.suffix}': deliver .csv, .parquet or .jsonl")
    if file.encoding not in ("utf-8", "utf-16", "binary"):
        raise UnreadableFileError(f"the file is {file.encoding}")
    if file.format == "jsonl" and file.encoding != "utf-8":
        raise UnreadableFileError("JSON Lines must be UTF-8; this file is UTF-16")
    try:
        if file.format == "csv":
            header, delimiter = _csv_header(file, contract)
            columns, notes = match_columns(header, contract)
            run_script(
                con,
                "ingest/read_csv.sql",
                path=str(file.path),
                header=header,
                delimiter=delimiter,
                encoding=file.encoding,
                max_line_bytes=MAX_LINE_BYTES,
            )
            if delimiter != ",":
                notes.append(f"read with delimiter {delimiter!r}")
            header_lines = 1
        elif file.format == "jsonl":
            run_script(con, "ingest/read_jsonl.sql", path=str(file.path), max_line_bytes=MAX_LINE_BYTES)
            keys = [r[0] for r in con.execute(sql.render("ingest/jsonl_keys.sql")).fetchall()]
            columns, notes = match_columns(keys, contract)
            shape = json.dumps(dict.fromkeys(keys, "VARCHAR"))
            run_script(con, "ingest/spread_jsonl.sql", shape=shape)
            header_lines = 0
        else:
            names = [
                r[0] for r in con.execute(sql.render("ingest/parquet_columns.sql", path=str(file.path))).fetchall()
            ]
            columns, notes = match_columns(names, contract)
            run_script(con, "ingest/read_parquet.sql", path=str(file.path), header=names)
            header_lines = 0
        if file.format == "csv":
            run_script(con, "ingest/number_rows.sql", header_lines=header_lines)
    except duckdb.Error as exc:
        raise UnreadableFileError(_explain(str(exc), file)) from exc

    rejects = [
        Reject(int(line) - header_lines, _reject_reason(kind, message))
        for line, kind, message in con.execute(sql.render("ingest/rejects.sql")).fetchall()
    ]
    good = scalar(con, sql.render("ingest/count_rows.sql"))
    if file.format == "csv" and rejects and int(good) + len(rejects) < _data_lines(file):
        first = rejects[0]
        raise UnreadableFileError(
            f"row {first.row_number}: {first.reason}; the rows after it cannot be told apart "
            "(a quote opened and never closed swallows the rest of the file). Fix the quoting and deliver again."
        )
    if good == 0 and not rejects:
        notes.append("no data rows")
    return ReadResult(rows_read=int(good) + len(rejects), columns=columns, rejects=rejects, notes=notes)


def match_columns(header: list[str], contract: Contract) -> tuple[dict[str, str], list[str]]:
    """Map the file's column names to the contract's; fail on missing required or duplicate columns.

    Messages never quote a header name that is not one of the contract's: a file delivered without
    its header row (or with a data row in its place) would otherwise put a person's id or a case
    summary into the manifest, the logs and the board report. They say how many columns there are
    and which expected names are missing."""
    normalised: dict[str, str] = {}
    for position, name in enumerate(header, start=1):
        key = name.strip().lstrip("\ufeff").lower()
        if key in normalised:
            shown = repr(key) if key in contract.column_names else f"in position {position}"
            raise UnreadableFileError(f"a column name appears twice in the header (the column {shown})")
        normalised[key] = name
    columns = {c.name: normalised[c.name] for c in contract.columns if c.name in normalised}
    missing = [c for c in contract.required_columns if c not in columns]
    if missing:
        unknown = [k for k in normalised if k not in contract.column_names]
        misspelt = [name for name in missing if difflib.get_close_matches(name, unknown, n=1, cutoff=0.6)]
        hint = f" (a column looks like a misspelling of {', '.join(map(repr, misspelt))})" if misspelt else ""
        raise UnreadableFileError(
            f"the header has {len(header)} column(s), {len(columns)} of them named as the contract expects; "
            f"missing required column(s): {', '.join(missing)}{hint}. Is the first line the header row?"
        )
    notes = []
    extra = [k for k in normalised if k not in contract.column_names]
    if extra:
        notes.append(f"ignored {len(extra)} column(s) not in the contract")
    return columns, notes


def _csv_header(file: LandingFile, contract: Contract) -> tuple[list[str], str]:
    """The header line and the delimiter that splits it into the most contract column names."""
    with file.path.open("rb") as fh:
        start = fh.read(64 * 1024)
    text = start.decode(file.encoding, errors="replace")
    text = text.lstrip("\ufeff")
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line.strip():
        raise UnreadableFileError("the first line is empty: expected a header line")
    if "\x00" in first_line:
        raise UnreadableFileError("the header line contains NUL bytes: is this really a text file?")
    best: tuple[int, str, list[str]] = (-1, ",", [])
    known = set(contract.column_names)
    for delimiter in DELIMITERS:
        header = next(csv.reader(io.StringIO(first_line), delimiter=delimiter))
        score = sum(1 for h in header if h.strip().lower() in known)
        if score > best[0]:
            best = (score, delimiter, header)
    return best[2], best[1]


def _data_lines(file: LandingFile) -> int:
    """Non-blank lines after the header: what a CSV without multi-line values holds as rows."""
    with file.path.open(encoding=file.encoding, errors="replace", newline="") as fh:
        next(fh, None)
        return sum(1 for line in fh if line.strip())


def _reject_reason(kind: str, message: str) -> str:
    kinds = {
        "MISSING COLUMNS": "malformed CSV row: too few values",
        "TOO MANY COLUMNS": "malformed CSV row: too many values",
        "UNQUOTED VALUE": "malformed CSV row: a quoted value is not closed properly",
        "LINE SIZE OVER MAXIMUM": f"row longer than {MAX_LINE_BYTES // (1024 * 1024)} MB",
        "INVALID UNICODE": "row is not valid UTF-8",
        "INVALID JSON": "line is not a JSON object",
    }
    return kinds.get(kind, "malformed row")  # the engine's own message may quote the row: never kept


def _explain(message: str, file: LandingFile) -> str:
    """A reader's error as the person who delivered the file needs it: no engine jargon, no paths,
    and nothing of the file's content (the engine's messages may quote a line of it)."""
    text = _first_line(message)
    if file.format == "parquet" and ("magic bytes" in text or "footer" in text.lower()):
        return "not a complete Parquet file; was the upload cut short?"
    kind = re.match(r"^([A-Za-z ]+) Error: ", text)
    return f"the file could not be read as {file.format.upper()} ({kind.group(1).lower() if kind else 'unknown'} error)"


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "unknown error"
