"""Names a tally's rows were set aside for, asked about once per spelling, with the candidates.

A transparency report prints "Korea" or "China mainland"; a row whose country does not resolve is set
aside (its figures say "incomplete") and kept with the spelling delivered: request counts hold nothing
personal, so the console may show an operator the spelling (never a public page). The operator is
asked once per spelling, however many rows and nights it holds back, and answers with
``hrp countries add SPELLING CODE``; the next run stages those rows again (``stage``).
"""

from __future__ import annotations

import shlex
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from pipeline.lib.quality.countries import candidates, closest
from pipeline.lib.warehouse import sql


@dataclass(frozen=True)
class Waiting:
    """A spelling waiting for an answer: the rows and files it holds back, the countries it may mean."""

    source: str
    spelling: str
    rows: int
    files: int
    runs: tuple[str, ...]
    candidates: tuple[str, ...]  # "Name (CODE)": the countries an ambiguous name may mean
    closest: tuple[str, ...]  # else the nearest known names

    @property
    def question(self) -> str:
        held = (
            f"{self.rows:,} row{'s' if self.rows != 1 else ''} in {self.files:,} file{'s' if self.files != 1 else ''}"
        )
        if self.candidates:
            code = self.candidates[0].rsplit("(", 1)[1].rstrip(")")
            means = " or ".join(self.candidates)
            answer = f"answer with `hrp countries add {shlex.quote(self.spelling)} {code}` (or the other code)"
            return f"{self.spelling}: {means} — {held}; {answer}"
        near = f"closest known: {', '.join(self.closest)}" if self.closest else "no close match"
        answer = f"answer with `hrp countries add {shlex.quote(self.spelling)} CODE`"
        return f"{self.spelling}: not a country we know ({near}) — {held}; {answer}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "question": self.question}


def waiting_spellings(con: duckdb.DuckDBPyConnection) -> list[Waiting]:
    """Every spelling waiting for an answer, the most rows first."""
    found = []
    for (source,) in con.execute(sql.render("reports/set_aside_sources.sql")).fetchall():
        for row in sql.records(con, "audit/waiting_spellings.sql", source=source):
            spelling = str(row["spelling"])
            found.append(
                Waiting(
                    source,
                    spelling,
                    int(row["rows"]),
                    int(row["files"]),
                    tuple(row["runs"]),
                    tuple(candidates(spelling)),
                    tuple(closest(spelling)),
                )
            )
    return found
