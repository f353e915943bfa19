"""Outputs that cost what changed: a build is skipped when the inputs it was made from are unchanged.

Each output folder keeps the key of the inputs it was built from (``.inputs-sha256``), written only
after the whole output is complete, so a build interrupted half-way is never taken for current. The
key is content-addressed, like the chart cache: the data an output shows, the templates, styles
and translations it is drawn with, and the code version. A night that changes none of them
rewrites nothing and prints nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.lib.common import paths
from pipeline.lib.common.version import code_version

if TYPE_CHECKING:
    import duckdb

    from pipeline.lib.common.fiscal import FiscalCalendar
    from pipeline.lib.metrics.catalogue import Catalogue
    from pipeline.lib.publish.board_report import BoardReport

STAMP = ".inputs-sha256"


def inputs_key(*parts: object, folders: Iterable[Path] = ()) -> str:
    """A hash of the values an output is built from and of every file under ``folders``."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(json.dumps(part, default=str, sort_keys=True).encode())
    for folder in folders:
        for file in sorted(f for f in folder.rglob("*") if f.is_file()):
            digest.update(str(file.relative_to(folder)).encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def is_current(output: Path, key: str, files: Iterable[Path] = ()) -> bool:
    """Whether ``output`` was completely built from inputs with this key (and its files are all there)."""
    stamp = output / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == key and all(f.exists() for f in files)


def record(output: Path, key: str) -> None:
    """Mark ``output`` as built from inputs with this key (call once it is complete)."""
    tmp = output / f"{STAMP}.tmp"
    tmp.write_text(key, encoding="utf-8")
    tmp.replace(output / STAMP)


def forget(output: Path) -> None:
    """Drop the mark before rebuilding ``output`` in place: a crash half-way leaves it unmarked."""
    (output / STAMP).unlink(missing_ok=True)


def board_report_key(report: BoardReport) -> str:
    """The key of a board report's inputs: the report as rendered, apart from the run that built it."""
    from pipeline.lib.publish import board_files

    neutral = dataclasses.replace(report, run_id="", generated_at=datetime(2000, 1, 1))
    return inputs_key(board_files.render_html(neutral), board_files.attachments(neutral))


def site_key(
    con: duckdb.DuckDBPyConnection, catalogue: Catalogue, calendar: FiscalCalendar, k: int, today: date
) -> str:
    """The key of the public site's inputs: the metric values it shows, the threshold, the latest complete
    year (what "to date" means), the catalogue, reference labels, and the templates, styles and translations."""
    from pipeline.lib.publish.public_values import load_rows

    # when a value was computed is not what it is: a night recomputing the same values changes nothing
    rows = [{k: v for k, v in row.items() if k != "computed_at"} for row in load_rows(con, catalogue)]
    folders = (paths.REPORTS, paths.CATALOGUE, paths.REFERENCE)
    return inputs_key(rows, k, calendar.last_complete_year(today), folders=folders)
