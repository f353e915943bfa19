"""Resources: the warehouse, the pseudonymisation key and reporting settings, from the environment.

Each setting is read from its environment variable when it is set (shown as an EnvVar in the
Dagster UI, so secrets never appear there) and otherwise takes the documented default.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipeline.lib.common.keys import check_key_length
from pipeline.lib.common.settings import DataPaths, pseudonym_key_from
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.warehouse.connection import connect


def _env_str(name: str, default: str) -> str:
    return dg.EnvVar(name) if name in os.environ else default  # type: ignore[return-value]


def _env_int(name: str, default: int) -> int:
    return dg.EnvVar.int(name) if name in os.environ else default  # type: ignore[return-value]


class Warehouse(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The DuckDB warehouse under the data root. One writer at a time: a connection waits for the
    writer lock up to ``lock_timeout_seconds`` and then fails with a message naming the holder.
    DuckDB's memory is capped at ``memory_limit`` (it spills to disk beyond it), so that a night's
    peak stays bounded whatever the size of the history."""

    data_root: str
    lock_timeout_seconds: int = 900
    memory_limit: str = "1280MB"

    @property
    def paths(self) -> DataPaths:
        return DataPaths(Path(self.data_root).resolve()).ensure()

    @contextmanager
    def connect(self, holder: str, pseudonym_key: bytes | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(
            self.paths.warehouse,
            holder=holder,
            timeout_seconds=self.lock_timeout_seconds,
            pseudonym_key=pseudonym_key,
            memory_limit=self.memory_limit,
        ) as con:
            initialise(con)
            yield con


class Pseudonymiser(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The secret key person ids are hashed with (HMAC-SHA256). Empty or the public development key
    is refused, except in the demonstration (``hrp demo`` sets HRP_DEMO=1); so is a key shorter than
    32 characters, and one other than the warehouse's (checked when the warehouse is opened)."""

    key: str = ""

    def key_bytes(self) -> bytes:
        if self.key:
            check_key_length(self.key)
        return pseudonym_key_from(self.key)


class ReportingSettings(dg.ConfigurableResource):  # type: ignore[type-arg]
    """How results are reported: the small-count threshold and how many publications are kept.
    (The fiscal calendar is set by HRP_FISCAL_YEAR_START_MONTH, which the partitions need at load.)"""

    suppression_k: int = 10
    publications_kept: int = 5


def resources_from_env() -> dict[str, dg.ConfigurableResource]:  # type: ignore[type-arg]
    return {
        "warehouse": Warehouse(
            data_root=_env_str("HRP_DATA_ROOT", "data"),
            lock_timeout_seconds=_env_int("HRP_LOCK_TIMEOUT_SECONDS", 900),
            memory_limit=_env_str("HRP_DUCKDB_MEMORY_LIMIT", "1280MB"),
        ),
        "pseudonymiser": Pseudonymiser(key=_env_str("HRP_PSEUDONYM_KEY", "")),
        "reporting": ReportingSettings(
            suppression_k=_env_int("HRP_SUPPRESSION_K", 10),
            publications_kept=_env_int("HRP_PUBLICATIONS_KEPT", 5),
        ),
    }


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=resources_from_env())
