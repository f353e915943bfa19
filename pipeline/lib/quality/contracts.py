"""The data contracts: the one place that says which columns, types and values a source has.

Parsing, the column-level Great Expectations rules and ``docs/data-contracts.md`` are all derived
from the YAML files in ``pipeline/contracts/`` and the reference tables (:mod:`.references`).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import field_validator, model_validator

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, Strict, load_yaml, parse, shown_path
from pipeline.lib.common.settings import SOURCES, Source
from pipeline.lib.quality.references import REFERENCE_TABLES

CONTRACTS_DIR = paths.CONTRACTS

ColumnType = Literal["string", "date", "timestamp", "integer", "decimal", "boolean"]
# What a column's values are, which decides what happens to them (never the column's name):
# none: codes, dates, counts: stored and shown; person_id: stored only as its keyed pseudonym;
# free_text: dropped at ingest (data minimisation); restricted: stored for computation, never shown.
Sensitivity = Literal["none", "person_id", "free_text", "restricted"]
SQL_TYPES = {
    "string": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "integer": "BIGINT",
    "decimal": "DOUBLE",
    "boolean": "BOOLEAN",
}
COLUMN_TYPES: tuple[str, ...] = tuple(SQL_TYPES)
PSEUDONYM_COLUMN = "person_pseudonym"


class Column(Strict):
    """One delivered column. ``sensitivity`` is required: every column says whether it may be shown."""

    name: str
    type: ColumnType
    required: bool
    description: str
    sensitivity: Sensitivity
    allowed: tuple[str, ...] = ()
    reference: str | None = None
    min: int | float | None = None
    max: int | float | None = None

    @field_validator("reference")
    @classmethod
    def _known_reference(cls, value: str | None) -> str | None:
        if value is not None and value not in REFERENCE_TABLES:
            raise ValueError(f"unknown reference {value!r}")
        return value

    @property
    def stored_name(self) -> str:
        """The column's name in the warehouse: a person id is only ever stored as its pseudonym."""
        return PSEUDONYM_COLUMN if self.sensitivity == "person_id" else self.name

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]

    @property
    def is_dropped(self) -> bool:
        """Free text is not kept at all (data minimisation): no metric needs it."""
        return self.sensitivity == "free_text"

    @property
    def may_be_shown(self) -> bool:
        """Whether a value of this column may appear in a message, a quarantine row or a report.

        Only values the pipeline itself rendered: a date, a number or true/false as it was parsed.
        Text is quoted from nowhere, whatever its sensitivity: an unknown code, or a column
        delivered shifted, can hold a person's name or id (messages name file, row, column, rule)."""
        return self.sensitivity == "none" and self.type != "string"


class CoreTables(Strict):
    """Where a source lands in ``core``: its table and, for versioned sources, the latest-version view."""

    table: str
    current: str | None = None  # the latest version per entity, where the source has versions
    latest_by: str | None = None  # the column that orders an entity's versions


class Contract(Strict):
    source: Source
    title: str
    description: str
    cadence_days: int
    key: tuple[str, ...]
    core: CoreTables
    columns: tuple[Column, ...]
    entity: str | None = None
    # a tally: its rows are summed into published figures, so a row set aside or held leaves a figure
    # short and it must say so (its rows set aside are kept typed, audit.set_aside_<source>)
    tally: bool = False

    @field_validator("description")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())

    @model_validator(mode="after")
    def _key_is_columns(self) -> Contract:
        for name in self.key:
            if name not in self.column_names:
                raise ValueError(f"key column {name!r} is not a column")
        return self

    @model_validator(mode="after")
    def _tally_keeps_nothing_personal(self) -> Contract:
        """A tally's rows set aside are kept as typed: only a source with nothing personal may be one."""
        if self.tally and any(c.sensitivity != "none" for c in self.columns):
            raise ValueError("a tally keeps its rows set aside: every column must have sensitivity none")
        return self

    @property
    def core_table(self) -> str:
        return self.core.table

    @property
    def current_table(self) -> str | None:
        return self.core.current

    @property
    def latest_by(self) -> str | None:
        return self.core.latest_by

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def kept_columns(self) -> tuple[Column, ...]:
        """Columns stored in the warehouse (dropped free text left out)."""
        return tuple(c for c in self.columns if not c.is_dropped)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Columns a file must have in its header (a column may be present and empty)."""
        return tuple(c.name for c in self.columns if c.required)

    def delivered_name(self, stored: str) -> str:
        """The name a delivery uses for a warehouse column (person_pseudonym was person_id)."""
        return next((c.name for c in self.columns if c.stored_name == stored), stored)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.source} has no column {name!r}")


def parse_contract(raw: Any, where: str) -> Contract:
    """A contract from parsed YAML; :class:`ConfigError` names the file, the key and the reason."""
    return parse(Contract, raw, where)


@cache
def load_contract(source: str) -> Contract:
    path = CONTRACTS_DIR / f"{source}.yaml"
    contract = load_yaml(path, Contract)
    if contract.source != source:
        raise ConfigError(f"{shown_path(path)}: source: {contract.source!r} is not the file's source {source!r}")
    return contract


def all_contracts() -> tuple[Contract, ...]:
    return tuple(load_contract(s) for s in SOURCES)
