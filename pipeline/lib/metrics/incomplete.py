"""Figures a tally's rows set aside or held would have changed: "incomplete", with how many rows.

A request count published without the rows that were set aside would be a clean-looking number that
is wrong. Each cell (metric, period, breakdown member) is told how many rows it should count and does
not (``sql/reports/still_missing.sql``: set aside or held, until a later delivery loads the key, the
file is replaced, or an operator accepts the figure as it is), found by running the metric's own SQL
over those rows, so that a row counts exactly where it would have. A row whose requester type (or any
closed-list value) is not one of the contract's words might be any of them: every member is tried
and a cell keeps the most rows any try puts there, so a government-only figure is short too when the
row may have been a government's. The mark is metadata beside a value: it never changes a value or
what the disclosure control decides about it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline.lib.metrics.catalogue import Catalogue
from pipeline.lib.metrics.marts import ensure_tables
from pipeline.lib.quality.contracts import Contract, load_contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script

CellKey = tuple[str, str, str, str | None, str | None]  # metric, period, breakdown, member 1, member 2


@dataclass(frozen=True)
class Missing:
    rows: int = 0  # rows the figure should count and does not, not accepted
    accepted: int = 0  # rows an operator accepted the figure without

    @property
    def incomplete(self) -> bool:
        return self.rows > 0


def missing_rows(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> dict[CellKey, Missing]:
    """Every cell some row set aside or held would have changed, with the rows it misses."""
    found: dict[CellKey, dict[bool, int]] = {}
    for contract in _still_missing(con):
        allowed, guesses = _guesses(con, contract)
        for metric in [m for m in catalogue.metrics if m.source == contract.source]:
            for accepted, guess in itertools.product((False, True), guesses):
                cells = con.execute(
                    sql.render(
                        "reports/missing_cells.sql", metric=metric, accepted=accepted, guess=guess, allowed=allowed
                    )
                )
                for period_id, breakdown, member_1, member_2, rows in cells.fetchall():
                    counts = found.setdefault((metric.id, period_id, breakdown, member_1, member_2), {})
                    counts[accepted] = max(counts.get(accepted, 0), int(rows))
    return {cell: Missing(counts.get(False, 0), counts.get(True, 0)) for cell, counts in found.items()}


def deliveries_short(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """Each loaded delivery whose rows set aside its tally's figures still miss (not delivered again,
    not accepted): source, path, rows. ``hrp status`` asks for each until it is dealt with, since the
    figures it leaves short are published as "incomplete" meanwhile (a held delivery is asked for as
    held already)."""
    ensure_tables(con)  # the periods the rows lie in (none before a first night's marts)
    found: list[tuple[str, str, int]] = []
    for contract in _still_missing(con):
        rows = con.execute(sql.render("reports/missing_by_delivery.sql", source=contract.source)).fetchall()
        found += [(contract.source, str(path), int(count)) for path, count in rows]
    return found


def _still_missing(con: duckdb.DuckDBPyConnection) -> Iterator[Contract]:
    """Each tally with figures to be short, while its ``still_missing`` table holds the rows they miss."""
    core = {name for (name,) in con.execute(sql.render("warehouse/core_tables.sql")).fetchall()}
    for (source,) in con.execute(sql.render("reports/set_aside_sources.sql")).fetchall():
        contract = load_contract(source)
        if contract.core_table not in core:  # nothing of the source counts: no figure to be short
            continue
        run_script(con, "reports/still_missing.sql", source=source, table=contract.core_table, key=list(contract.key))
        try:
            yield contract
        finally:
            run_script(con, "reports/drop_missing.sql")


def _guesses(con: duckdb.DuckDBPyConnection, contract: Contract) -> tuple[dict[str, list[str]], list[dict[str, str]]]:
    """The closed lists some missing row is outside of, and every way of reading those rows into them
    (one member per list; a metric's filter is a condition on each list, so the try that meets every
    condition at once puts every row that could be in a cell there)."""
    unknown = {
        c.name: list(c.allowed)
        for c in contract.columns
        if c.allowed
        and con.execute(sql.render("reports/unknown_members.sql", column=c.name, allowed=c.allowed)).fetchone()
        == (True,)
    }
    return unknown, [dict(zip(unknown, words, strict=True)) for words in itertools.product(*unknown.values())]


def annotate(rows: list[dict[str, Any]], missing: dict[CellKey, Missing]) -> list[dict[str, Any]]:
    """Value rows (marts or released) with ``missing_rows`` and ``accepted_rows`` beside each value.
    A row that already carries them (a figure about people, marked as its release found it) keeps
    them: its mark, like its value, changes only at a release."""
    marked = []
    for row in rows:
        if row.get("missing_rows") is not None:
            marked.append(row)
            continue
        m = missing.get(
            (row["metric_id"], row["period_id"], row["breakdown"], row["member_1"], row["member_2"]), Missing()
        )
        marked.append({**row, "missing_rows": m.rows, "accepted_rows": m.accepted})
    return marked
