"""The operators' validation page, in place of Great Expectations' Data Docs.

Data Docs render failing values unescaped (a delivered ``<img onerror>`` runs in the operator's
browser) and load scripts and styles from outside hosts. This page is built from the stored results
(``audit.validation_results``): rule names and counts only, so no delivered value — sensitive or
not — can reach it; every text is escaped by the template engine, and its Content-Security-Policy
forbids loading anything at all.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.render.templates import environment
from pipeline.lib.warehouse import sql

PAGE = "validation.html"


def write(con: duckdb.DuckDBPyConnection, folder: Path, now: datetime) -> Path:
    """Write the page into ``folder`` (replacing the previous one whole) and return its path."""
    cursor = con.execute(sql.render("ops/validation_page.sql"))
    names = [d[0] for d in cursor.description]
    suites: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        suites[record["suite"]].append(record)
    html = (
        environment()
        .get_template("validation.html.j2")
        .render(suites=sorted(suites.items()), built=f"{now:%Y-%m-%d %H:%M} UTC")
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PAGE
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
