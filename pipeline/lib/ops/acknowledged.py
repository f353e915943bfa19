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
blocking rule. The nights counted them from the night after it; a rebuild night holds them again, so
``hrp rebuild`` releases them again, through the same ``release`` (a rule no release may override
still refuses), and runs the night after, as the nights had it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.words import counted
from pipeline.lib.ingest.held import UnreleasableError, held_deliveries, release
from pipeline.lib.landing.discover import describe
from pipeline.lib.quality.contracts import load_contract
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


def release_again(con: duckdb.DuckDBPyConnection, previous: Path) -> tuple[int, list[str]]:
    """After the rebuild night: release again each content the warehouse at ``previous`` counted by
    an operator's release whose bytes the night held (under whatever name it read them by: the
    released name, the name they were put back under after a correction, a copy's). Returns how many were released,
    and a line for each release carried or refused. A released delivery the night counted without its
    release (its rule no longer breaks) needs nothing; one whose bytes it did not read is named by
    ``dropped_by_rebuild`` if its rows counted."""
    try:
        earlier = sql.records(con, "audit/previous_releases.sql", previous=str(previous))
    except duckdb.Error as problem:  # a damaged warehouse, rebuilt as asked: nothing to carry
        return 0, [f"Releases not carried: the previous warehouse cannot be read ({str(problem).splitlines()[0]})"]
    finally:
        run_script(con, "audit/detach_previous.sql")
    released, lines = 0, []
    for made in earlier:
        held = [h for h in held_deliveries(con) if (h["source"], h["sha256"]) == (made["source"], made["sha256"])]
        if not held:
            continue
        name, now = f"{made['source']}/{made['path']}", f"{made['source']}/{held[0]['path']}"
        try:
            release(con, load_contract(made["source"]), made["sha256"], made["released_reason"])
        except UnreleasableError as refusal:
            lines.append(f"Not released again: {name}, released before: {refusal}")
            continue
        released += 1
        read_as = "" if now == name else f" (its bytes, read under {now} now)"
        lines.append(f"Released again: {name}{read_as}, held by the rebuild night and released before, with its reason")
    return released, lines


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
