"""Connections to the DuckDB warehouse: one writer at a time, short-lived, always closed.

DuckDB allows one read-write process per file; a second process cannot even open it read-only.
Rather than let two runs collide on DuckDB's lock (an opaque "Conflicting lock" error after a
long retry), every connection first takes an advisory lock on ``warehouse.lock`` and waits for it
with a deadline. The lock file names its holder, so the message says who is writing and since when.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.lib.common.fiscal import calendar_from_env
from pipeline.lib.common.permissions import PRIVATE_FILE, set_mode
from pipeline.lib.warehouse import sql


class WarehouseBusyError(RuntimeError):
    """Another process held the warehouse for longer than we were willing to wait."""


class WarehouseDamagedError(RuntimeError):
    """The warehouse file cannot be opened as a DuckDB database: damaged, truncated or overwritten."""

    def __init__(self, database: Path) -> None:
        super().__init__(
            f"the warehouse {database} cannot be read (it is damaged or not a DuckDB file). To do: `hrp rebuild` "
            "rebuilds it from the landing archive (everything under landing/)."  # as ops.health words it
        )


DAMAGE_SIGNS = ("not a valid duckdb database", "corrupt database file", "does not match stored checksum")


def is_damage(problem: BaseException | None) -> bool:
    """Whether DuckDB's error says the file itself is damaged (not a query or a lock problem)."""
    return isinstance(problem, duckdb.Error) and any(sign in str(problem).lower() for sign in DAMAGE_SIGNS)


@contextmanager
def writer_lock(lock_path: Path, timeout_seconds: float, holder: str) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as fh:
        set_mode(lock_path, PRIVATE_FILE)  # it names the run writing
        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    current = fh.read().strip() or "an unknown process"
                    raise WarehouseBusyError(
                        f"The warehouse {lock_path.with_suffix('.duckdb')} is being written by {current}; "
                        f"gave up after waiting {timeout_seconds:.0f} s. Runs queue one at a time; "
                        "try again when it finishes (see `hrp status`)."
                    ) from None
                time.sleep(0.2)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(
                json.dumps(
                    {"holder": holder, "pid": os.getpid(), "since": datetime.now(UTC).isoformat(timespec="seconds")}
                )
            )
            fh.flush()
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def connect(
    database: Path,
    *,
    holder: str = "a pipeline step",
    timeout_seconds: float = 600.0,
    pseudonym_key: bytes | None = None,
    memory_limit: str | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse, holding the writer lock for as long as it is open.

    ``memory_limit`` caps DuckDB's own memory (it spills to disk beyond it); without it DuckDB may
    take 80% of the machine, which a nightly job sharing the host should not.
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(database.with_suffix(".lock"), timeout_seconds, holder):
        try:
            con = duckdb.connect(str(database), config={"memory_limit": memory_limit} if memory_limit else {})
        except duckdb.Error as problem:
            if is_damage(problem):
                raise WarehouseDamagedError(database) from None
            raise
        set_mode(database, PRIVATE_FILE)  # pseudonymised people and exact counts: the service user's only
        try:
            run_script(con, "warehouse/session.sql", start_month=calendar_from_env().start_month)
            if pseudonym_key is not None:
                install_pseudonymiser(con, pseudonym_key)
            yield con
        finally:
            con.close()


@contextmanager
def scratch(pseudonym_key: bytes) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse in memory, set up as :func:`connect` sets one up, for a dry run (``hrp check``):
    the same code as a night, and nothing of it left behind (no file, no lock)."""
    con = duckdb.connect(":memory:")
    try:
        run_script(con, "warehouse/session.sql", start_month=calendar_from_env().start_month)
        install_pseudonymiser(con, pseudonym_key)
        yield con
    finally:
        con.close()


def run_script(con: duckdb.DuckDBPyConnection, script: str, **context: object) -> None:
    """Run every statement of ``sql/<name>``."""
    con.execute(sql.render(script, **context))


def scalar(con: duckdb.DuckDBPyConnection, statement: str, parameters: dict[str, object] | None = None) -> Any:
    """The first value of the first row. (DuckDB 2 keeps a result open after fetchone(), which
    blocks the next statement, so every read here fetches all of its rows.)"""
    rows = con.execute(statement, parameters or {}).fetchall()
    return rows[0][0] if rows else None


def count_rows(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    return int(scalar(con, sql.render("warehouse/count_rows.sql", schema=schema, table=table)))


def install_pseudonymiser(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """``pseudonymise(v)``: HMAC-SHA256 of v under ``key``, computed inside DuckDB.

    HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)). The key's pads live only in this
    connection's temporary macro, never in the database file; a key other than the warehouse's own
    (its fingerprint) is refused before anything is hashed with it.
    """
    from pipeline.lib.warehouse.pseudonymise import bind_key, hmac_pads

    bind_key(con, key)
    inner, outer = hmac_pads(key)
    run_script(con, "warehouse/pseudonymise_macro.sql", inner=inner, outer=outer)
