"""Reading a CSV export through its profile into ``delivery_numbered``, the table every reader fills:
one text column per contract column the profile gives, ``_path`` and ``_row_number`` (row 1 is the
first data row of the file as delivered), so every staged row keeps its lineage to the file and the row.

The profile is applied here, before typing, so everything after it (staging, the suite, core) is
the path every file takes. Value words meaning "not reported" become empty; a derived sum is empty
when any of its parts is; a period becomes its first and last day. A row whose period cannot be
read, or is off the fiscal calendar, is set aside with its row number and the rule it broke.
"""

from __future__ import annotations

import csv
import io

import duckdb
import pyarrow as pa

from pipeline.lib.common.fiscal import calendar_from_env
from pipeline.lib.landing.discover import LandingFile
from pipeline.lib.landing.periods import PeriodError, parse_date, parse_period
from pipeline.lib.landing.profiles import LoadedProfile
from pipeline.lib.landing.shape import DELIMITERS, Reject, UnreadableFileError, ignored_note
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse.connection import run_script


def profiled_header(file: LandingFile, loaded: LoadedProfile, contract: Contract) -> tuple[list[str], str, list[str]]:
    """The file's header, its delimiter, and the notes to keep (the columns the profile ignores).
    A file column the profile names and the header lacks makes the file unreadable."""
    with file.path.open(encoding=file.encoding, newline="") as fh:
        first = fh.readline().lstrip("\ufeff")
    wanted = set(loaded.profile.file_columns)
    best: tuple[int, str, list[str]] = (-1, ",", [])
    for delimiter in DELIMITERS:
        header = [h.strip() for h in next(csv.reader(io.StringIO(first), delimiter=delimiter), [])]
        score = sum(1 for h in header if h in wanted)
        if score > best[0]:
            best = (score, delimiter, header)
    _, delimiter, header = best
    missing = [c for c in loaded.profile.file_columns if c not in header]
    if missing:
        raise UnreadableFileError(
            f"the header lacks column(s) the profile {loaded.where} reads: {', '.join(missing)}. "
            "Is the first line the header row, and is this the sender's export?"
        )
    twice = sorted({h for h in header if h in wanted and header.count(h) > 1})
    if twice:
        raise UnreadableFileError(f"a column the profile reads appears twice in the header: {', '.join(twice)}")
    notes = [f"read through the profile {loaded.where}"]
    notes += ignored_note([h for h in header if h not in wanted], contract)
    return header, delimiter, notes


def read_profiled(
    con: duckdb.DuckDBPyConnection,
    file: LandingFile,
    loaded: LoadedProfile,
    contract: Contract,
    header: list[str],
    delimiter: str,
) -> list[Reject]:
    """Fill ``delivery_numbered`` with the file's rows as the profile maps them; return the rows set aside."""
    profile = loaded.profile
    dates = {c.name for c in contract.columns if c.type == "date"} & set(profile.columns)
    words = {w.strip().lower() for w in profile.not_reported} | {""}
    calendar = calendar_from_env()
    produced: dict[str, list[str | None]] = {c: [] for c in profile.contract_columns}
    numbers: list[int] = []
    rejects: list[Reject] = []

    def value(text: str) -> str | None:
        return None if text.strip().lower() in words else text.strip()

    with file.path.open(encoding=file.encoding, newline="") as fh:
        records = csv.reader(fh, delimiter=delimiter)
        next(records, None)
        number = 0
        for record in records:
            if not any(cell.strip() for cell in record):
                continue
            number += 1
            if len(record) != len(header):
                many = "too many" if len(record) > len(header) else "too few"
                rejects.append(Reject(number, f"malformed CSV row: {many} values"))
                continue
            cells = dict(zip(header, record, strict=True))
            row: dict[str, str | None] = {c: value(cells[f]) for c, f in profile.columns.items()}
            for name, text in row.items():
                if text is not None and profile.dates != "YYYY-MM-DD" and name in dates:
                    parsed = parse_date(text, profile.dates)
                    row[name] = parsed.isoformat() if parsed else text
            if profile.period:
                text = value(cells[profile.period])
                try:
                    if text is None:
                        raise PeriodError("period_recognised", "the period is empty or not reported")
                    start, end = parse_period(text, profile.dates, calendar)
                except PeriodError as problem:
                    rejects.append(Reject(number, str(problem), "period_start", problem.rule))
                    continue
                row["period_start"], row["period_end"] = start.isoformat(), end.isoformat()
            for name, parts in profile.sums.items():
                row[name] = _sum([value(cells[p]) for p in parts])
            row.update(profile.constants)
            numbers.append(number)
            for name, column in produced.items():
                column.append(row[name])
    table = pa.table(
        {
            "_row_number": pa.array(numbers, pa.int64()),
            "_path": pa.array([str(file.path)] * len(numbers), pa.string()),
            **{name: pa.array(values, pa.string()) for name, values in produced.items()},
        }
    )
    con.register("profiled_rows", table)
    try:
        run_script(con, "ingest/read_profiled.sql")
    finally:
        con.unregister("profiled_rows")
    return rejects


def _sum(parts: list[str | None]) -> str | None:
    """A derived count: not reported when any part is; a part that is not a whole number is passed on
    as it is, so the contract's type rule sets the row aside and says which column."""
    if any(p is None for p in parts):
        return None
    try:
        return str(sum(int(p.replace(",", "")) for p in parts if p is not None))
    except ValueError:
        return next(p for p in parts if p is not None and not p.replace(",", "").isdigit())
