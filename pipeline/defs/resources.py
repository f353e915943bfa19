"""Resources: the warehouse, the pseudonymisation key and reporting settings, from the settings model.

A setting whose variable is set is given as an ``EnvVar`` (the Dagster UI shows the variable's name,
so secrets never appear there); otherwise it takes the model's default. Names and defaults come from
:class:`~pipeline.lib.common.settings.Settings`, and reading the settings first checks every variable:
a bad value is one line when the code loads, not a failed step.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import env_name, pseudonym_key_from, settings
from pipeline.lib.disclosure.policy import checked_k
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.warehouse.connection import connect


def _from_settings(field: str, default: Any) -> Any:
    """The setting's variable as an ``EnvVar`` (typed as the model's field) when it is set, else ``default``."""
    if field not in settings().model_fields_set:
        return default
    return dg.EnvVar.int(env_name(field)) if isinstance(default, int) else dg.EnvVar(env_name(field))


class Warehouse(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The DuckDB warehouse under the data root. One writer at a time: a connection waits for the
    writer lock up to ``lock_timeout_seconds`` and then fails with a message naming the holder.
    DuckDB's memory is capped at ``memory_limit`` (it spills to disk beyond it), so that a night's
    peak stays bounded whatever the size of the history."""

    data_root: str
    lock_timeout_seconds: int
    memory_limit: str

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
    is refused, except in the demonstration (``hrp demo`` sets HRP_DEMO=1)."""

    key: str

    def key_bytes(self) -> bytes:
        return pseudonym_key_from(self.key)


class ReportingSettings(dg.ConfigurableResource):  # type: ignore[type-arg]
    """How results are reported: the small-count threshold and how many publications are kept.
    (The fiscal calendar is set by HRP_FISCAL_YEAR_START_MONTH, read from the settings when needed.)"""

    suppression_k: int
    publications_kept: int

    @property
    def k(self) -> int:
        """The threshold to protect with: below the disclosure policy's floor, the run fails (never clamped)."""
        return checked_k(self.suppression_k)


def resources_from_env() -> dict[str, dg.ConfigurableResource]:  # type: ignore[type-arg]
    """Called when the code location loads (pipeline/definitions.py), never at import."""
    current = settings()
    return {
        "warehouse": Warehouse(
            data_root=_from_settings("data_root", str(current.data_root)),
            lock_timeout_seconds=_from_settings("lock_timeout_seconds", current.lock_timeout_seconds),
            memory_limit=_from_settings("duckdb_memory_limit", current.duckdb_memory_limit),
        ),
        "pseudonymiser": Pseudonymiser(key=_from_settings("pseudonym_key", "")),
        "reporting": ReportingSettings(
            suppression_k=_from_settings("suppression_k", current.suppression_k),
            publications_kept=_from_settings("publications_kept", current.publications_kept),
        ),
    }
