"""The data contracts: the one place that says which columns, types and values a source has.

Parsing, the column-level Great Expectations rules and ``docs/data-contracts.md`` are all derived
from the YAML files in ``pipeline/contracts/`` and the reference tables in ``pipeline/reference/``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import pycountry
import yaml
from pydantic import field_validator, model_validator

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, Strict, parse, shown_path
from pipeline.lib.common.settings import SOURCES, Source
from pipeline.lib.quality import countries

CONTRACTS_DIR = paths.CONTRACTS
REFERENCE_DIR = paths.REFERENCE

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
    contract = parse_contract(yaml.safe_load(path.read_text(encoding="utf-8")), shown_path(path))
    if contract.source != source:
        raise ConfigError(f"{shown_path(path)}: source: {contract.source!r} is not the file's source {source!r}")
    return contract


def all_contracts() -> tuple[Contract, ...]:
    return tuple(load_contract(s) for s in SOURCES)


@dataclass(frozen=True)
class ReferenceTable:
    """Allowed codes with their English labels (labels are msgids for translation)."""

    name: str
    origin: str
    rows: tuple[dict[str, str], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r["code"] for r in self.rows)

    def label(self, code: str) -> str:
        for r in self.rows:
            if r["code"] == code:
                return r["name"]
        return code


class DepartmentGroup(Strict):
    """A coarser grouping of departments, published where department cells would mostly be withheld."""

    code: str
    name: str  # an English msgid


class Department(Strict):
    code: str
    name: str  # an English msgid
    group: str  # a code in department_groups.csv


def _read_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _csv_table(name: str, code_column: str = "code") -> ReferenceTable:
    rows = tuple({**r, "code": r[code_column]} for r in _read_csv(name))
    return ReferenceTable(name, f"pipeline/reference/{name}.csv", rows)


def _typed_table(name: str, model: type[Strict]) -> ReferenceTable:
    """A reference table whose every row is checked against its model (unknown or missing columns fail)."""
    where = f"pipeline/reference/{name}.csv"
    rows = tuple(parse(model, row, f"{where} row {i}").model_dump() for i, row in enumerate(_read_csv(name), 2))
    return ReferenceTable(name, where, rows)


def _departments() -> ReferenceTable:
    table = _typed_table("departments", Department)
    groups = set(reference("department_groups").codes)
    for row in table.rows:
        if row["group"] not in groups:
            problem = f"group {row['group']!r} is not in department_groups"
            raise ConfigError(f"{table.origin}: department {row['code']}: {problem}")
    return table


def _countries() -> ReferenceTable:
    rows = tuple({"code": c.alpha_2, "name": c.name} for c in pycountry.countries)
    return ReferenceTable("countries", f"ISO 3166-1 alpha-2 from pycountry {_pycountry_version()}", rows)


def _report_countries() -> ReferenceTable:
    origin = f"ISO 3166-1 alpha-2 from pycountry {_pycountry_version()}, with XK (Kosovo) and XX (unknown country)"
    return ReferenceTable("report_countries", origin, countries.report_country_rows())


def _country_names() -> ReferenceTable:
    origin = (
        f"country names and ISO codes from pycountry {_pycountry_version()}, and pipeline/reference/country_aliases.csv"
    )
    return ReferenceTable("country_names", origin, countries.country_name_rows())


def _languages() -> ReferenceTable:
    rows: list[dict[str, str]] = []
    for lang in pycountry.languages:
        alpha_2 = getattr(lang, "alpha_2", "")
        for attr in ("alpha_2", "alpha_3"):
            code = getattr(lang, attr, None)
            if code:
                rows.append({"code": code, "name": lang.name, "alpha_2": alpha_2})
    return ReferenceTable("languages", f"ISO 639-1 and 639-3 from pycountry {_pycountry_version()}", tuple(rows))


def _pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


REFERENCE_TABLES: dict[str, Any] = {
    "department_groups": lambda: _typed_table("department_groups", DepartmentGroup),
    "departments": _departments,
    "courses": lambda: _csv_table("courses", code_column="course_id"),
    "case_categories": lambda: _csv_table("case_categories"),
    "channels": lambda: _csv_table("channels"),
    "countries": _countries,
    "report_countries": _report_countries,
    "country_names": _country_names,
    "languages": _languages,
}


@cache
def reference(name: str) -> ReferenceTable:
    return REFERENCE_TABLES[name]()  # type: ignore[no-any-return]


def department_groups() -> dict[str, str]:
    """Each department's group code (the marts' ``department_group`` is computed from the same table)."""
    return {row["code"]: row["group"] for row in reference("departments").rows}


def required_course_ids() -> tuple[str, ...]:
    return tuple(r["code"] for r in reference("courses").rows if r["required"] == "true")
