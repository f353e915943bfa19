"""What a delivery looks like before its rows are read: whether it can be read at all, its header
and delimiter, how its column names map to the contract's, and how a reader's failure is told to
the person who delivered it. Nothing here ever quotes the file's content."""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass

from pipeline.lib.landing.discover import LandingFile
from pipeline.lib.quality.contracts import Contract

DELIMITERS = (",", ";", "\t", "|")
MAX_LINE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Reject:
    """A row read but not staged: which row, and why (a malformed line, or a profile's rule)."""

    row_number: int
    reason: str
    column: str | None = None
    rule: str = "row_well_formed"


class UnreadableFileError(Exception):
    """The file cannot be read as a delivery of its source; the message says why."""


def check_readable(file: LandingFile) -> None:
    """Refuse what no reader should try: empty files, unknown types, encodings we do not read."""
    if file.size_bytes == 0:
        raise UnreadableFileError("the file is empty: expected a header line and data rows")
    if file.format == "unknown":
        raise UnreadableFileError(f"unsupported file type '{file.path.suffix}': deliver .csv, .parquet or .jsonl")
    if file.encoding not in ("utf-8", "utf-16", "binary"):
        raise UnreadableFileError(f"the file is {file.encoding}")
    if file.format == "jsonl" and file.encoding != "utf-8":
        raise UnreadableFileError("JSON Lines must be UTF-8; this file is UTF-16")


def match_columns(header: list[str], contract: Contract) -> tuple[dict[str, str], list[str]]:
    """Map the file's column names to the contract's; fail on missing required or duplicate columns.

    Messages never quote a header name that is not one of the contract's: a file delivered without
    its header row (or with a data row in its place) would otherwise put a person's id or a case
    summary into the manifest, the logs and the board report. They say how many columns there are
    and which expected names are missing."""
    normalised: dict[str, str] = {}
    for name in header:
        key = name.strip().lstrip("\ufeff").lower()
        if key in normalised and key in contract.column_names:
            raise UnreadableFileError(f"a column name appears twice in the header (the column {key!r})")
        normalised.setdefault(key, name)  # a name the contract does not know is ignored, however often
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
    extra = [normalised[k].strip().lstrip("\ufeff") for k in normalised if k not in contract.column_names]
    return columns, ignored_note(extra, contract)


def names_shown(contract: Contract) -> bool:
    """Whether a file's column names may be quoted: when the source holds no person ids or free text
    (a tally's header names nobody); else a header row may be a data row, and they are only counted."""
    return not any(c.sensitivity in ("person_id", "free_text", "restricted") for c in contract.columns)


def ignored_note(names: list[str], contract: Contract) -> list[str]:
    """The note for the columns a file has and nothing reads: named where :func:`names_shown`."""
    if not names:
        return []
    named = f": {', '.join(names)}" if names_shown(contract) else ""
    return [f"ignored {len(names)} column(s) not in the contract{named}"]


def csv_header(file: LandingFile, contract: Contract) -> tuple[list[str], str]:
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


def data_lines(file: LandingFile) -> int:
    """Non-blank lines after the header: what a CSV without multi-line values holds as rows."""
    with file.path.open(encoding=file.encoding, errors="replace", newline="") as fh:
        next(fh, None)
        return sum(1 for line in fh if line.strip())


def reject_reason(kind: str) -> str:
    """A malformed row's reason, from the reader's error kind only: the engine's own message may
    quote the row, so it is never kept."""
    kinds = {
        "MISSING COLUMNS": "malformed CSV row: too few values",
        "TOO MANY COLUMNS": "malformed CSV row: too many values",
        "UNQUOTED VALUE": "malformed CSV row: a quoted value is not closed properly",
        "LINE SIZE OVER MAXIMUM": f"row longer than {MAX_LINE_BYTES // (1024 * 1024)} MB",
        "INVALID UNICODE": "row is not valid UTF-8",
        "INVALID JSON": "line is not a JSON object",
    }
    return kinds.get(kind, "malformed row")


def explain(message: str, file: LandingFile) -> str:
    """A reader's error as the person who delivered the file needs it: no engine jargon, no paths,
    and nothing of the file's content (the engine's messages may quote a line of it)."""
    text = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if file.format == "parquet" and ("magic bytes" in text or "footer" in text.lower()):
        return "not a complete Parquet file; was the upload cut short?"
    kind = re.match(r"^([A-Za-z ]+) Error: ", text)
    return f"the file could not be read as {file.format.upper()} ({kind.group(1).lower() if kind else 'unknown'} error)"
