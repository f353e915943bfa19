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

from pipeline.lib.common.words import counted
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
        return f"{self.problem}; answer with {self.action}"

    @property
    def problem(self) -> str:
        """The spelling, what it may mean, and what it holds back."""
        held = f"{counted(self.rows, 'row')} in {counted(self.files, 'file')}"
        if self.candidates:
            return f"{self.spelling}: {' or '.join(self.candidates)} — {held}"
        near = f"closest known: {', '.join(self.closest)}" if self.closest else "no close match"
        return f"{self.spelling}: not a country we know ({near}) — {held}"

    @property
    def action(self) -> str:
        """The exact command that answers it (the first candidate's code, the others named beside it)."""
        if self.candidates:
            code = self.candidates[0].rsplit("(", 1)[1].rstrip(")")
            return f"`hrp countries add {shlex.quote(self.spelling)} {code}` (or the other code)"
        return f"`hrp countries add {shlex.quote(self.spelling)} CODE`"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "question": self.question, "problem": self.problem, "action": self.action}


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
