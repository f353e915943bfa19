"""Acknowledgements and releases outlive a rebuild when what they accepted is unchanged.

An acknowledgement (``hrp acknowledge``) is an operator's decision about one file's bytes: a failed or
held delivery dealt with otherwise, or the figures a delivery's rows set aside leave short accepted as
they are. No landing file gives it again, so ``hrp rebuild`` carries it from the warehouse it replaces:
before the night, when the landing path still holds the same bytes (so the night's figures already say
"accepted as incomplete"), and after it, only if the night made the same of them (the same status and
the same number of rows set aside: a country alias or a profile changed since may set aside other
rows, and accepting those is a new decision). An acknowledgement follows its bytes: when the rebuild
reads them under another name (a copy under an earlier-sorting name is read first, and the acknowledged
name is then the copy), it is carried to that name, and said so; keeping it on a name the night did not
read would drop a decision the night's figures already counted, and ask the operator to acknowledge a
copy, which ``hrp acknowledge`` refuses. Every acknowledgement not carried is named with why.

A release (``hrp release``) is the same kind of decision: a held delivery's bytes accepted despite a
blocking rule. The nights counted them from the night after it; ``hrp rebuild`` carries each release
that stands (by its bytes, wherever landing/ holds them), and its night records those bytes as
released when it reads them, so that it judges them as the night after the release did: a rule no
release may override still holds them, and the rebuild says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.words import counted
from pipeline.lib.landing.discover import describe
from pipeline.lib.quality.rules import unreleasable_in
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import run_script
from pipeline.lib.warehouse.transaction import transaction


@dataclass
class Carrying:
    """Acknowledgements on their way into a rebuilt warehouse, and those left behind (with why)."""

    carried: list[dict[str, Any]] = field(default_factory=list)
    not_carried: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # carried under the name the night read the bytes by

    def lines(self) -> list[str]:
        kept = f"{counted(len(self.carried), 'acknowledgement')} carried over from the previous warehouse."
        return [
            kept,
            *(f"Carried to {line}" for line in self.moved),
            *(f"Not carried: {line}" for line in self.not_carried),
        ]


def carry_acknowledgements(con: duckdb.DuckDBPyConnection, previous: Path, landing: Path) -> Carrying:
    """Before the rebuild night: copy into ``con``'s warehouse each acknowledgement of the warehouse at
    ``previous`` made on bytes landing/ still holds, at its path or at another the nights saw them
    under (a copy, or the file moved to an earlier name)."""
    run_script(con, "warehouse/create_schemas.sql")
    carrying = Carrying()
    try:
        earlier = sql.records(con, "audit/previous_acknowledgements.sql", previous=str(previous))
    except duckdb.Error as problem:  # a damaged warehouse, rebuilt without its release record as asked
        carrying.not_carried.append(f"none: the previous warehouse cannot be read ({str(problem).splitlines()[0]})")
        earlier = []
    finally:
        run_script(con, "audit/detach_previous.sql")
    with transaction(con):
        for ack in earlier:
            name = f"{ack['source']}/{ack['path']}"
            file = landing / ack["source"] / ack["path"]
            if ack["sha256"] != ack["latest_sha256"]:
                carrying.not_carried.append(f"{name}: it was made on a version of the file replaced since")
            elif not _holds(landing / ack["source"], [ack["path"], *ack["other_paths"]], ack["sha256"]):
                carrying.not_carried.append(
                    f"{name}: the file is no longer in landing/"
                    if not file.is_file() or file.is_symlink()
                    else f"{name}: the file in landing/ has changed since (other bytes)"
                )
            else:  # at its path, or under another name (the night reads it there, and it follows its bytes)
                fields = ("source", "path", "sha256", "version", "status", "reason", "acknowledged_at")
                con.execute(
                    sql.render("audit/carry_acknowledgement.sql"),
                    {**{k: ack[k] for k in fields}, "acknowledged_by": ack.get("acknowledged_by")},
                )
                carrying.carried.append(ack)
    return carrying


def confirm_acknowledgements(con: duckdb.DuckDBPyConnection, carrying: Carrying) -> Carrying:
    """After the rebuild night: keep each carried acknowledgement whose delivery the night made the same
    of as before (a failed or held one marked acknowledged again), under the name the night read its
    bytes by; forget the others, saying why."""
    confirmed = Carrying(not_carried=list(carrying.not_carried))
    with transaction(con):
        for ack in carrying.carried:
            where = {k: ack[k] for k in ("source", "path", "sha256")}
            name = f"{ack['source']}/{ack['path']}"
            read_as = _read_as(con, ack)
            now = sql.records(con, "audit/latest_version.sql", {"source": ack["source"], "path": read_as})
            again = name if read_as in (None, ack["path"]) else f"{ack['source']}/{read_as}"  # what acknowledge takes
            if read_as is None or not now:
                why = "the night did not read the file"
            elif now[0]["status"] != ack["status"]:  # what it was when acknowledged: failed, held or loaded
                why = f"it was {ack['status']}, the night made it {now[0]['status']}"
            elif now[0]["rows_set_aside"] != ack["rows_set_aside"]:
                why = f"its rows set aside changed ({ack['rows_set_aside']:,} before, {now[0]['rows_set_aside']:,} now)"
            else:
                if read_as != ack["path"]:
                    con.execute(sql.render("audit/move_acknowledgement.sql"), {**where, "new_path": read_as})
                    confirmed.moved.append(
                        f"{ack['source']}/{read_as}: the acknowledgement of {name}, whose bytes the rebuild read "
                        "under that name (the other is their copy)"
                    )
                kept = {**where, "path": read_as}
                con.execute(sql.render("audit/renumber_acknowledgement.sql"), {**kept, "version": now[0]["version"]})
                if now[0]["status"] in ("failed", "held"):
                    con.execute(
                        sql.render("audit/acknowledge_delivery.sql"),
                        {"source": ack["source"], "path": read_as, "reason": ack["reason"]},
                    )
                confirmed.carried.append({**ack, "path": read_as})
                continue
            con.execute(sql.render("audit/forget_acknowledgement.sql"), where)
            confirmed.not_carried.append(
                f"{name}: {why}; acknowledge it again if it still stands"
                if again == name
                else f"{name}: {why}; its bytes are read as {again} now: acknowledge that again if it still stands"
            )
    return confirmed


def carry_releases(con: duckdb.DuckDBPyConnection, previous: Path) -> list[str]:
    """Before the rebuild night: the releases of the warehouse at ``previous`` that stand there (the
    bytes counted, or waiting for the night after), for the night to record those bytes as released
    wherever it reads them (``audit/record_delivery.sql``). Returns a line if none could be read."""
    run_script(con, "warehouse/create_schemas.sql")
    try:
        earlier = sql.records(con, "audit/previous_releases.sql", previous=str(previous))
    except duckdb.Error as problem:  # a damaged warehouse, rebuilt as asked: nothing to carry
        return [f"Releases not carried: the previous warehouse cannot be read ({str(problem).splitlines()[0]})"]
    finally:
        run_script(con, "audit/detach_previous.sql")
    with transaction(con):
        for made in earlier:
            con.execute(sql.render("audit/carry_release.sql"), made)
    return []


def confirm_releases(con: duckdb.DuckDBPyConnection) -> list[str]:
    """After the rebuild night: a line for each release carried whose bytes the night read, released
    again or held for a rule no release overrides (a file sorting before it, counted by the rebuild,
    overlaps it); the carried releases are then done with. Bytes it did not read need no line here:
    ``dropped_by_rebuild`` names them if their rows counted."""
    lines = []
    with transaction(con):
        for made in sql.records(con, "audit/releases_read.sql"):
            name, now = f"{made['source']}/{made['path']}", f"{made['source']}/{made['now_path']}"
            read_as = "" if now == name else f" (its bytes, read under {now} now)"
            if made["status"] == "held":
                rules = ", ".join(unreleasable_in(made["source"], made["error"] or "")) or "a blocking rule"
                lines.append(f"Not released again: {name}{read_as}: held for {rules}, which no release may override")
            elif made["status"] == "loaded":  # else failed: the night's own lines say why
                lines.append(f"Released again: {name}{read_as}, released before, with its reason")
        run_script(con, "audit/forget_carried_releases.sql")
    return lines


def _holds(folder: Path, paths: list[str], sha256: str) -> bool:
    """Whether one of these landing paths (the acknowledged one first) still holds the acknowledged
    bytes: a regular file, hashed as streamed, never through a link."""
    return any(
        (folder / path).is_file()
        and not (folder / path).is_symlink()
        and describe(folder / path, path).sha256 == sha256
        for path in paths
    )


def _read_as(con: duckdb.DuckDBPyConnection, ack: dict[str, Any]) -> str | None:
    """The name the night read the acknowledged bytes by: the acknowledged one if it did, else the
    earliest name whose latest version they are (None: the night read them under no name)."""
    holding = [
        row["path"]
        for row in sql.records(con, "audit/paths_holding.sql", {"source": ack["source"], "sha256": ack["sha256"]})
    ]
    return ack["path"] if ack["path"] in holding else (holding[0] if holding else None)
