"""Great Expectations' SQL datasource over DuckDB: the one compatibility fix it needs, in one place.

GX 1.24's ``SqlAlchemyExecutionEngine.execute_query`` runs a query inside ``with
self.get_connection()`` and returns the ``CursorResult`` after the connection went back to the
pool; a DuckDB result dies with its connection, so every metric comes back empty and every
expectation fails with "list index out of range" (GX issues #10738, #11579). The fix fetches the
rows (``Result.freeze()``) before the connection is released. It is written for exactly one GX
version: another version raises :class:`UnsupportedGreatExpectationsError` rather than patching
code it has not been checked against (``tests/unit/test_gx_duckdb.py`` also fails if the wrapped
method's source changes).

GX reads through the pipeline's own DuckDB connection (lent, never closed by GX), so it sees the
staged batch as a temporary table and validation runs inside DuckDB, in the writer's process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

GX_VERSION = "1.24.1"  # the version the fix below was written for and checked against
_installed = False


class UnsupportedGreatExpectationsError(RuntimeError):
    """The installed GX is not the version the DuckDB fix was written for."""


def check_version(version: str) -> None:
    if version != GX_VERSION:
        raise UnsupportedGreatExpectationsError(
            f"pipeline/lib/quality/gx_duckdb.py fixes Great Expectations {GX_VERSION}'s SQL engine for DuckDB; "
            f"great_expectations {version} is installed: check whether "
            "SqlAlchemyExecutionEngine.execute_query still returns its result after releasing the connection, "
            "then update the fix and GX_VERSION"
        )


def install() -> None:
    """Replace ``SqlAlchemyExecutionEngine.execute_query`` with one that fetches the rows while the
    connection is still held (once per process)."""
    global _installed
    if _installed:
        return
    import great_expectations
    from great_expectations.execution_engine.sqlalchemy_execution_engine import SqlAlchemyExecutionEngine

    check_version(great_expectations.__version__)

    def execute_query(self: SqlAlchemyExecutionEngine, query: Any) -> Any:
        with self.get_connection() as connection:
            return self._execute_query_with_recovery(connection, query).freeze()()

    execute_query.__doc__ = "GX's execute_query, with the rows fetched before the connection is released."
    SqlAlchemyExecutionEngine.execute_query = execute_query  # type: ignore[method-assign]
    _installed = True


def lent_connection_kwargs(current: Callable[[], duckdb.DuckDBPyConnection]) -> dict[str, Any]:
    """``create_engine`` arguments that make SQLAlchemy use the pipeline's open connection, never a new
    one: DuckDB allows one writer per file, and temporary tables live in one connection."""
    import duckdb_engine
    from sqlalchemy.pool import NullPool

    class LentConnection(duckdb_engine.ConnectionWrapper):  # type: ignore[misc]
        def close(self) -> None:
            """The connection belongs to the pipeline: SQLAlchemy returning it must not close it."""

    return {"creator": lambda: LentConnection(current()), "poolclass": NullPool}
