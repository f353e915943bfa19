"""Rows that are totals are checks, not countries: a report's "Total" row leaves the delivery before
staging (it is never counted as a country, never loaded) and is compared with the sum of the rows it
totals; a difference is a finding with both numbers, which the delivery's notes, ``hrp check`` and
``audit.total_checks`` keep with the file and the row.

Which rows are totals is the profile's ``totals`` rule, else (for every file, profiled or not) a
country reading "Total", "Totals" or "All countries" (``profiles.totals_rule``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from pipeline.lib.landing.profiles import TotalsRule
from pipeline.lib.quality.contracts import Contract
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script


@dataclass(frozen=True)
class TotalFinding:
    row_number: int
    column: str
    stated: int  # what the total row says
    summed: int  # what the rows it totals add up to

    def line(self) -> str:
        return f"Total row {self.row_number}: {self.column} {self.stated:,} stated, its rows add up to {self.summed:,}"


@dataclass
class TotalsChecked:
    rows: int = 0  # total rows found (and not loaded)
    uncompared: int = 0  # figures not compared: a row they total does not report them
    findings: list[TotalFinding] = field(default_factory=list)

    def notes(self) -> list[str]:
        if not self.rows:
            return []
        agree = "every figure compared agrees" if not self.findings else f"{len(self.findings)} figure(s) disagree"
        if self.uncompared:
            agree += f", {self.uncompared} not compared (a row they total does not report them as a number)"
        return [f"{self.rows} total row(s) checked, not loaded: {agree}", *(f.line() for f in self.findings)]


def set_aside_totals(
    con: duckdb.DuckDBPyConnection, contract: Contract, columns: dict[str, str], rule: TotalsRule | None
) -> dict[str, TotalsChecked]:
    """Take the total rows out of ``delivery_numbered`` and check them, per file (by ``_path``)."""
    checked: dict[str, TotalsChecked] = defaultdict(TotalsChecked)
    if rule is None or rule.column not in columns:
        return checked
    keys = [columns[k] for k in contract.key if k != rule.column and k in columns]
    numbers = [
        {"name": c.name, "file": columns[c.name]} for c in contract.columns if c.type == "integer" and c.name in columns
    ]
    run_script(
        con, "ingest/set_aside_totals.sql", column=columns[rule.column], words=rule.words, keys=keys, numbers=numbers
    )
    for path, n, uncompared in con.execute(sql.render("ingest/count_total_rows.sql")).fetchall():
        checked[path].rows, checked[path].uncompared = int(n), int(uncompared)
    for path, row, column, stated, summed in con.execute(sql.render("ingest/total_findings.sql")).fetchall():
        checked[path].findings.append(TotalFinding(int(row), column, int(stated), int(summed)))
    return checked
