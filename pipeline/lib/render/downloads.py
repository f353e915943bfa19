"""One CSV writer for every download, public or confidential: what a spreadsheet opens safely.

A missing value is an empty cell (never 0); a cell that starts like a formula (=, +, -, @) is
quoted so that no spreadsheet runs it; a list is joined with "; ".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
