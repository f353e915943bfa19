"""One CSV writer for every download, public or confidential: what a spreadsheet opens safely.

A missing value is an empty cell (never 0); a cell that starts like a formula (=, +, -, @) is
quoted so that no spreadsheet runs it; a list is joined with "; "; a count is an integer (``461``,
never ``461.0``), so that a spreadsheet and a data frame read the column as whole numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

# The public downloads are UTF-8 with a byte-order mark: without one, a spreadsheet that guesses the
# encoding from the system's code page (Excel on Windows) shows Kyrgyz and accented country names as
# mojibake; with it every spreadsheet, pandas, polars and Python's ``utf-8-sig`` read them cleanly.
CSV_ENCODING = "utf-8-sig"
REPORTING_WORDS = {  # a cell's reporting (``disclosure.values``), as the downloads say it
    "": "",
    "no data": "no data",
    "partly": "partly reported",
    "not reported": "not reported",
    "for the year": "reported for the whole year",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def typed(value: float | None, unit: str) -> int | float | None:
    """A value as a download writes it: a count as an integer, a share or days as they are."""
    if value is None:
        return None
    return round(value) if unit == "count" else round(value, 6)


def safe_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A download's CSV with ``columns`` (default: the first row's keys); empty when there is nothing to write."""
    buffer = io.StringIO()
    fields = list(columns) if columns is not None else list(rows[0]) if rows else []
    if fields:
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()
