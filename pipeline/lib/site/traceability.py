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

from pipeline.lib.common.fiscal import key
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.disclosure.values import PublicMetric
from pipeline.lib.quality.described import WORDS
from pipeline.lib.quality.rules import Level, suite_rules
from pipeline.lib.warehouse import sql


@dataclass(frozen=True)
class Checks:
    names: tuple[str, ...]  # rule names: for the page's "technical" details only
    failed: tuple[str, ...]
    told: tuple[str, ...] = ()  # what the checks make sure of, in a reader's words, each once
    failed_told: tuple[tuple[str, Level], ...] = ()  # what the failed ones make sure of, and their level


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
    failed: dict[str, list[tuple[str, Level]]] = defaultdict(list)
    for row in _rows(con, "checks_by_suite"):
        names[row["suite"]].append(row["expectation"])
        if not row["latest_success"] and row["suite"] not in people_sources:
            failed[row["suite"]].append((row["expectation"], row["level"]))
    inputs.checks = {suite: _checks(suite, n, failed[suite]) for suite, n in names.items()}
    return inputs


def _checks(suite: str, names: list[str], failed: list[tuple[str, Level]]) -> Checks:
    """A suite's checks with their words: a rule that is no longer in the suite has none."""
    words = {r.name: WORDS[r.about] for r in suite_rules(suite) if r.about} if suite in SOURCES else {}
    told = dict.fromkeys(words[n] for n in names if n in words)
    failed_told = dict.fromkeys((words[n], level) for n, level in failed if n in words)
    return Checks(tuple(names), tuple(n for n, _ in failed), tuple(told), tuple(failed_told))


def coverage(public: PublicMetric) -> list[str]:
    """The fiscal years this metric has figures for, first to last, whether shown or withheld.

    Every cell counts, not only the totals: a metric shown only by its parts covers the years of its
    parts. A year no delivery reached (a year just begun, a gap) is left out, so the page never says
    it covers a year it knows nothing about.
    """
    years = {
        c.fiscal_year for c in public.cells if not c.undelivered and (c.value is not None or c.status != "published")
    }
    return [key(year) for year in sorted(years)]
