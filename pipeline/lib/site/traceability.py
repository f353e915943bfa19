"""What a public number was made from, for each metric page's "How this number is made" section.

Every published number should be traceable to its inputs without exposing them: the definition, the
SQL file, the checks that guard the source's rows, the periods covered and how many of its numbers
protection withheld. For sources about organisations and requests, also how many deliveries it was
computed from and when they were processed (never file names, which may carry people's names, and
no row counts: a running count of rows is a counter of what arrived). For sources about people,
none of that: compared night by night, a count that moved by one and the day it moved tell that a
record about one person arrived, so only the names of the checks are kept (which checks failed last
night would tell the same).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from pipeline.lib.warehouse import sql


@dataclass(frozen=True)
class Checks:
    names: tuple[str, ...]
    failed: tuple[str, ...]


@dataclass(frozen=True)
class Deliveries:
    files: int
    first: datetime | None
    last: datetime | None


@dataclass
class Inputs:
    """Per source: the deliveries used and the checks that guard them."""

    deliveries: dict[str, Deliveries] = field(default_factory=dict)
    checks: dict[str, Checks] = field(default_factory=dict)
    undisclosed: frozenset[str] = frozenset()  # sources whose deliveries and failing checks are not told

    def deliveries_of(self, source: str) -> Deliveries:
        return self.deliveries.get(source, Deliveries(0, None, None))

    def checks_of(self, source: str) -> Checks:
        return self.checks.get(source, Checks((), ()))


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    return sql.records(con, f"site/{name}.sql")


def load_inputs(con: duckdb.DuckDBPyConnection, people_sources: set[str]) -> Inputs:
    """What the pages may say about each source's deliveries; of ``people_sources``, only check names."""
    inputs = Inputs(undisclosed=frozenset(people_sources))
    for row in _rows(con, "deliveries_by_source"):
        if row["source"] in people_sources:
            continue
        inputs.deliveries[row["source"]] = Deliveries(row["files"], row["first_processed"], row["last_processed"])
    names: dict[str, list[str]] = defaultdict(list)
    failed: dict[str, list[str]] = defaultdict(list)
    for row in _rows(con, "checks_by_suite"):
        names[row["suite"]].append(row["expectation"])
        if not row["latest_success"] and row["suite"] not in people_sources:
            failed[row["suite"]].append(row["expectation"])
    inputs.checks = {suite: Checks(tuple(n), tuple(failed[suite])) for suite, n in names.items()}
    return inputs
