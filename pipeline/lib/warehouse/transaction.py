"""One way to write to the warehouse atomically: ``with transaction(con): ...``.

Every multi-statement write (staging a file, settling a chunk's verdicts, releasing a delivery,
recomputing the marts) must change the warehouse completely or not at all. Anything raised inside
the block, including ``KeyboardInterrupt`` and a simulated crash, rolls back and propagates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Begin; commit when the block ends normally, roll back when it raises (then re-raise)."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()
