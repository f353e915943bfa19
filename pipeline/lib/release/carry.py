"""The release record outlives the warehouse it is kept in.

Everything else in the warehouse can be made again from the landing archive, but what each release
published cannot: it was frozen on the night it was made, and every later release is protected
against it (``release.record``). A warehouse rebuilt without it would publish the next release as if
nothing had been published before, and a reader holding the old site could subtract. So ``hrp
rebuild`` and ``hrp rekey`` carry it from the warehouse they replace into the new one before its
first night. The periods a release held back (``public_release.held_back``) go with it, where the
warehouse being replaced kept them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import count_rows
from pipeline.lib.warehouse.transaction import transaction


class ReleaseRecordUnreadableError(Exception):
    """The warehouse being replaced could not give its release record (damaged, or not a warehouse)."""


def carry_release_record(con: duckdb.DuckDBPyConnection, previous: Path) -> int:
    """Copy the releases and their figures from the warehouse at ``previous`` into ``con``'s (which
    must hold none yet); returns how many releases were carried."""
    con.execute(sql.render("disclosure/create.sql"))
    if count_rows(con, "public_release", "releases"):
        raise ValueError("the new warehouse already holds releases: nothing is carried over them")
    try:
        with transaction(con):
            tables = {
                r["table_name"]
                for r in sql.records(con, "disclosure/previous_release_tables.sql", previous=str(previous))
            }
            con.execute(sql.render("disclosure/carry_release_record.sql", held_back="held_back" in tables))
    except duckdb.Error as problem:
        raise ReleaseRecordUnreadableError(f"{previous}: {str(problem).splitlines()[0]}") from problem
    return count_rows(con, "public_release", "releases")
