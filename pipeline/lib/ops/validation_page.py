"""The operators' validation page, in place of Great Expectations' Data Docs.

Data Docs render failing values unescaped (a delivered ``<img onerror>`` runs in the operator's
browser) and load scripts and styles from outside hosts. This page is built from the stored results
(``audit.validation_results``): rule names and counts only, so no delivered value — sensitive or
not — can reach it; every text is escaped by the template engine, and its Content-Security-Policy
forbids loading anything at all.

Rows a rule set aside are listed per file with their row number, column and rule (never their
values), and counted per rule: a rule that only parsing applies (a number that is not a number, a
country not recognised) never reaches the expectations' results, so without these counts the page
would show every rule as passed while rows were being set aside.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.ingest.quarantine import by_file, rows_counted, rows_set_aside
from pipeline.lib.render.templates import environment
from pipeline.lib.warehouse import sql

PAGE = "validation.html"
LISTED_PER_FILE = 100  # rows listed per file on the page; `hrp rows --file` lists them all


def write(con: duckdb.DuckDBPyConnection, folder: Path, now: datetime) -> Path:
    """Write the page into ``folder`` (replacing the previous one whole) and return its path."""
    cursor = con.execute(sql.render("ops/validation_page.sql"))
    names = [d[0] for d in cursor.description]
    suites: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        suites[record["suite"]].append(record)
    set_aside: dict[str, dict[str, Any]] = defaultdict(lambda: {"files": [], "rules": defaultdict(int), "rows": 0})
    for file in by_file(rows_set_aside(con)):
        source = set_aside[file.source]
        source["files"].append(file)
        source["rows"] += rows_counted(file.entries)
        for rule, rows in file.rules.items():
            source["rules"][rule] += rows
    html = (
        environment()
        .get_template("validation.html.j2")
        .render(
            suites=[(name, suites.get(name, [])) for name in sorted(set(suites) | set(set_aside))],
            set_aside=set_aside,
            listed=LISTED_PER_FILE,
            built=f"{now:%Y-%m-%d %H:%M} UTC",
        )
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PAGE
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
