"""``transaction(con)`` keeps a block's writes on success and none of them on failure."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.lib.warehouse.transaction import transaction


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple[int]]:
    return con.execute("SELECT n FROM t ORDER BY n").fetchall()


def test_a_block_that_ends_normally_is_committed() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n INTEGER)")
    with transaction(con):
        con.execute("INSERT INTO t VALUES (1), (2)")
    with transaction(con):
        con.execute("INSERT INTO t VALUES (3)")
    assert _rows(con) == [(1,), (2,), (3,)]


@pytest.mark.parametrize("error", [RuntimeError("disk"), KeyboardInterrupt()])
def test_a_block_that_raises_is_rolled_back_and_the_error_propagates(error: BaseException) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n INTEGER)")
    con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(type(error)), transaction(con):
        con.execute("INSERT INTO t VALUES (2)")
        con.execute("DELETE FROM t WHERE n = 1")
        raise error
    assert _rows(con) == [(1,)]
    with transaction(con):  # the connection is usable again
        con.execute("INSERT INTO t VALUES (4)")
    assert _rows(con) == [(1,), (4,)]
