"""Deliveries that need an operator: what is wrong with each and what to do about it.

A file that could not be read, or a delivery held back whole, never stops the night: the good
deliveries are merged and published. It stays "needs attention" (and ``hrp status`` exits
non-zero) until a corrected file is delivered under the same name, the delivery is released
(``hrp release``), or an operator acknowledges it (``hrp acknowledge``, kept in
``audit.acknowledgements`` with its reason).
"""

from __future__ import annotations

import getpass
import shlex
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.fiscal import today_from_env
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.common.words import counted
from pipeline.lib.ingest.spellings import Waiting, waiting_spellings
from pipeline.lib.landing.names import shown
from pipeline.lib.metrics.incomplete import deliveries_short
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.quality.rules import rebuild_decides, rows_due_parameters, rules_reading_others, unreleasable_in
from pipeline.lib.warehouse import sql


@dataclass(frozen=True)
class Delivery:
    """A delivery worth a line in the morning: failed, held, or loaded with rows set aside."""

    source: str
    path: str
    version: int
    sha256: str
    status: str  # failed | held | loaded | being written | gone
    error: str
    rows_read: int
    rows_set_aside: int
    new: bool  # staged or settled by the run asked about
    needs_attention: bool
    totals_disagreeing: int = 0  # figures of its total rows that are not the sum of their rows
    rows_due: int = 0  # of its rows set aside, those only for a date that has passed since: a rebuild counts them

    @property
    def name(self) -> str:
        return f"{self.source}/{self.path}"

    @property
    def problem(self) -> str:
        if self.status == "being written":
            return f"still being written, not read yet ({self.error})"
        if self.status == "gone":
            return (
                "no longer in landing/, under this name or another; its rows still count "
                "(removing a file withdraws nothing)"
            )
        if self.status == "failed":
            return f"could not be read: {self.error or 'no reason recorded'}"
        if self.status == "held":
            reason = self.error.removeprefix("held: ")
            return f"held back whole ({counted(self.rows_read, 'row')}): {reason or 'no reason recorded'}"
        due = (
            f"; a rebuild would now count {self.rows_due:,} of them, the nights do not: they were set aside "
            "for a date that has passed since, or against versions of their case that changed since"
            if self.rows_due
            else ""
        )
        totals = due + (
            f"; {self.totals_disagreeing:,} figure(s) of its total rows are not the sum of their rows"
            if self.totals_disagreeing
            else ""
        )
        if not self.rows_set_aside:
            return f"loaded{totals}"
        if self.rows_set_aside >= self.rows_read:
            return (
                f"every row ({self.rows_read:,}) set aside (they break a row rule or do not parse); "
                f"nothing loaded{totals}"
            )
        return (
            f"{self.rows_set_aside:,} of {counted(self.rows_read, 'row')} set aside (they break a row rule or do not "
            f"parse); the rest loaded{totals}"
        )

    @property
    def action(self) -> str:
        if self.status == "being written":
            return (
                "nothing while it is being copied: the first run after it is complete reads it whole; "
                "if it is complete, make sure it ends with a line break (CSV, JSON Lines)"
            )
        if self.status == "gone":
            return (
                f"put it back as landing/{shlex.quote(self.name)} (a backup made by `hrp backup` holds it): "
                "`hrp rebuild` reads landing/ as it is, and would drop its rows"
            )
        if self.status == "failed":
            return (
                "deliver a corrected file under the same name, or move it away and run "
                f"`hrp acknowledge {shlex.quote(self.name)} --reason …`"
            )
        if self.status == "held":
            acknowledge = f"`hrp acknowledge {shlex.quote(self.name)} --reason …`"
            if rebuild_decides(self.source, self.error):  # a rebuild counts it: set aside, figures differ
                return (
                    "`hrp rebuild` to judge it with every other file at once and count what a clean night counts; "
                    "or, to leave it out, remove it from landing/ and `hrp rebuild`"
                )
            instead = f"accept it as it is with `hrp release {self.source} {shlex.quote(self.path)} --reason …`, or "
            if unreleasable_in(self.source, self.error):  # accepted, its rows would be counted twice
                instead = ""
            if any(rule in self.error for rule in rules_reading_others(self.source)):
                # judged once, on the night it came: the file it overlaps may have changed since
                instead = "`hrp rebuild` if the file it overlaps has changed since, or "
            return f"deliver a corrected file under the same name, or {instead}{acknowledge}"
        totals = (
            "compare its total rows with their rows: "
            f"`hrp check {shlex.quote('landing/' + self.name)}` (from the data root) gives both numbers"
        )
        if not self.rows_set_aside:
            return totals
        rows = f"see which rows were set aside, and why, with `hrp rows --file {shlex.quote(self.name)}`"
        if self.rows_due:  # not to be accepted without them: a rebuild counts them
            rows = f"`hrp rebuild` to count those rows; {rows}"
        elif load_contract(self.source).tally:
            # a tally's figures say "incomplete" until the rows come again or the figures are accepted
            accept = f"`hrp acknowledge {shlex.quote(self.name)} --reason …`"
            rows = f"{rows}; deliver them again, or accept the figures without them: {accept}"
        return f"{rows}; {totals}" if self.totals_disagreeing else rows

    def line(self) -> str:
        """One line for the end of ``hrp run``: path, what is wrong, what to do (a name's control
        characters escaped, so it stays one line; commands quoted, so pasting one runs nothing else)."""
        mark = "NEEDS ATTENTION" if self.needs_attention else "note"
        problem = self.problem if self.problem.endswith((".", "?", "!")) else f"{self.problem}."
        return shown(f"{mark}: {self.name}: {problem} To do: {self.action}.")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "problem": self.problem, "action": self.action}


def deliveries_to_report(con: duckdb.DuckDBPyConnection, run_id: str | None = "") -> list[Delivery]:
    """Every delivery needing attention, and the run's loaded deliveries that had rows set aside or
    total rows that disagree with their rows (``None``: every loaded one that did, whichever run
    loaded it)."""
    rows = con.execute(
        sql.render("audit/needs_attention.sql"),
        {"run_id": run_id, **rows_due_parameters(today_from_env())},
    ).fetchall()
    return [
        Delivery(
            source=source,
            path=path,
            version=int(version),
            sha256=sha256,
            status=status,
            error=error,
            rows_read=int(rows_read),
            rows_set_aside=int(set_aside),
            new=run_id in (staged_by, settled_by),
            needs_attention=bool(attention),
            totals_disagreeing=int(totals),
            rows_due=int(due),
        )
        for (
            source,
            path,
            version,
            sha256,
            status,
            error,
            rows_read,
            set_aside,
            staged_by,
            settled_by,
            attention,
            totals,
            due,
        ) in rows
    ]


def needing_attention(con: duckdb.DuckDBPyConnection) -> list[Delivery]:
    return [d for d in deliveries_to_report(con) if d.needs_attention]


class UnknownDeliveryError(LookupError):
    """No failed or held delivery matches what the operator named."""


class NotToSetAsideError(UnknownDeliveryError):
    """A delivery a rebuild would count: set aside, the nights' figures would differ from it."""


def split_name(name: str, landing: Path) -> tuple[str, str]:
    """``source/path`` (as ``hrp status`` prints it) or a file path under the landing folder."""
    candidate = Path(name)
    if candidate.is_absolute() or candidate.exists():
        try:
            name = candidate.resolve().relative_to(landing.resolve()).as_posix()
        except ValueError:
            raise UnknownDeliveryError(f"{name} is not under the landing folder {landing}") from None
    source, _, path = name.strip("/").partition("/")
    if source not in SOURCES or not path:
        raise UnknownDeliveryError(
            f"name a delivery as SOURCE/PATH (SOURCE one of {', '.join(SOURCES)}), as `hrp status` lists it; "
            f"not {name!r}"
        )
    return source, path


def acknowledge(con: duckdb.DuckDBPyConnection, source: str, path: str, reason: str) -> Delivery:
    """Record that an operator has dealt with a failed or held delivery (it stops needing attention),
    or with a loaded one's rows set aside: the figures they leave short are then accepted as they are
    ("accepted as incomplete", ``metrics.incomplete``). Who, when and why are kept."""
    if not reason.strip():
        raise ValueError("an acknowledgement needs a reason, for the audit trail")
    listed = [d for d in deliveries_to_report(con, None) if d.source == source and d.path == path]
    match = [d for d in listed if d.status in ("failed", "held", "loaded")]
    if listed and not match:  # still being written, or gone: nothing was decided about its bytes yet
        raise UnknownDeliveryError(
            f"{source}/{path} is {listed[0].problem}: nothing to acknowledge; {listed[0].action}"
        )
    if not match:
        raise UnknownDeliveryError(
            f"no failed or held delivery, nor one with rows set aside, is {source}/{path}; see `hrp status`"
        )
    if rebuild_decides(source, match[0].error) or match[0].rows_due:  # a rebuild counts it: figures differ
        raise NotToSetAsideError(f"{source}/{path} is not one to set aside, for a rebuild counts it: {match[0].action}")
    con.begin()
    try:
        decision = {"source": source, "path": path, "reason": reason.strip()}
        con.execute(
            sql.render("audit/record_acknowledgement.sql"),
            {**decision, "now": datetime.now(UTC).replace(tzinfo=None), "who": getpass.getuser()},
        )
        con.execute(sql.render("audit/acknowledge_delivery.sql"), decision)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return match[0]


@dataclass(frozen=True)
class Question:
    """A name a run set rows aside for, asked once however many rows and files hold it (``ingest.spellings``)."""

    waiting: Waiting
    needs_attention: bool = True

    @property
    def source(self) -> str:
        return self.waiting.source

    def line(self) -> str:
        return shown(f"NEEDS ATTENTION: {self.waiting.source}: country {self.waiting.question}.")

    def as_dict(self) -> dict[str, Any]:
        return self.waiting.as_dict()


def questions(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Question]:
    """The spellings this run set rows aside for, one line each, with the candidates and the answer."""
    return [Question(w) for w in waiting_spellings(con) if run_id in w.runs]


def still_to_answer(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """What ``hrp status`` asks for besides failed and held deliveries, each with its next command:
    every country spelling waiting for an answer, and every delivery whose rows set aside leave a
    tally's figures published as "incomplete" (until delivered again or accepted). Both keep the
    figures short, so both keep the status from being healthy, however many nights ago they began."""
    asked = [
        {"kind": "country", "source": w.source, "path": None, "problem": f"country {w.problem}", "action": w.action}
        for w in waiting_spellings(con)
    ]
    for source, path, rows in deliveries_short(con):
        name = shlex.quote(f"{source}/{path}")
        asked.append(
            {
                "kind": "incomplete",
                "source": source,
                "path": path,
                "problem": f"{counted(rows, 'row')} set aside: the figures "
                f"{'it belongs' if rows == 1 else 'they belong'} in are published as incomplete",
                "action": f"see them with `hrp rows --file {name}`; deliver them again, or accept the figures "
                f"without them with `hrp acknowledge {name} --reason …`",
            }
        )
    return asked
