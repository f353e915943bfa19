"""Reference tables: the codes a column may hold, with their English labels (msgids for translation).

The tables kept in ``pipeline/reference/*.csv`` are each read against a row model of their own
(:data:`REFERENCE_CSVS`): an unknown or missing column, an empty code or a value of the wrong type stops
the load with one line naming the file, the row and the column. Countries and languages come from
pycountry. Rows are kept as text (booleans ``true``/``false``, numbers without a needless ``.0``): the
warehouse's ``ref`` tables and ``docs/data-contracts.md`` take them as they are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

import duckdb
import pyarrow as pa
import pycountry
from pydantic import Field

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, Strict, load_csv, shown_path
from pipeline.lib.quality import countries
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.transaction import transaction

REFERENCE_DIR = paths.REFERENCE


@dataclass(frozen=True)
class ReferenceTable:
    """Allowed codes with their English labels (labels are msgids for translation)."""

    name: str
    origin: str
    rows: tuple[dict[str, str], ...]

    @cached_property
    def digest(self) -> str:
        """Its content's SHA-256: the warehouse's copy is replaced only when it changes."""
        return hashlib.sha256(json.dumps(self.rows, sort_keys=True).encode()).hexdigest()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r["code"] for r in self.rows)

    def label(self, code: str) -> str:
        for r in self.rows:
            if r["code"] == code:
                return r["name"]
        return code


class Label(Strict):
    """A code and its English label: department groups, case categories, reporting channels."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)  # an English msgid


class Department(Label):
    """A department, published where enough people are behind its cells, else through its group."""

    group: str = Field(min_length=1)  # a code in department_groups.csv


class Course(Strict):
    """A training course; the required ones make up the completion metric."""

    course_id: str = Field(min_length=1)
    title: str = Field(min_length=1)  # an English msgid
    required: bool
    hours: float = Field(gt=0)


# Every CSV in pipeline/reference/ and the model its rows are read with.
REFERENCE_CSVS: dict[str, type[Strict]] = {
    "department_groups": Label,
    "departments": Department,
    "courses": Course,
    "case_categories": Label,
    "channels": Label,
    "country_aliases": countries.CountryAlias,
    "ambiguous_country_names": countries.AmbiguousName,
}


def _cell(value: object) -> str:
    """A validated value as text, the same whatever spelling the file used (``TRUE``, ``1.50``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _text(row: Strict) -> dict[str, str]:
    return {column: _cell(value) for column, value in row.model_dump().items()}


def _csv_table(name: str, code_column: str = "code") -> ReferenceTable:
    path = REFERENCE_DIR / f"{name}.csv"
    rows = tuple(_text(row) for row in load_csv(path, REFERENCE_CSVS[name]))
    return ReferenceTable(name, shown_path(path), tuple({**row, "code": row[code_column]} for row in rows))


def _departments() -> ReferenceTable:
    table = _csv_table("departments")
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
        f"country names and ISO codes from pycountry {_pycountry_version()}, pipeline/reference/country_aliases.csv "
        "and the organisation's aliases (<data root>/reference/country_aliases.csv)"
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


REFERENCE_TABLES: dict[str, Callable[[], ReferenceTable]] = {
    "department_groups": lambda: _csv_table("department_groups"),
    "departments": _departments,
    "courses": lambda: _csv_table("courses", code_column="course_id"),
    "case_categories": lambda: _csv_table("case_categories"),
    "channels": lambda: _csv_table("channels"),
    "countries": _countries,
    "report_countries": _report_countries,
    "country_names": _country_names,
    "languages": _languages,
}


def reference(name: str) -> ReferenceTable:
    """A reference table; the country names are read again whenever the organisation's aliases change
    (``hrp countries add`` in this process), the rest once."""
    return _country_names() if name == "country_names" else _reference(name)


@cache
def _reference(name: str) -> ReferenceTable:
    return REFERENCE_TABLES[name]()


def refresh_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Load into the warehouse's ``ref`` schema each table whose content changed since the warehouse
    last loaded it (its digest is kept beside it). Every step of a night opens the warehouse (some
    thirty connections), and replacing all nine tables each time cost 30-40 ms a connection."""
    loaded = dict(con.execute(sql.render("warehouse/loaded_digests.sql")).fetchall())
    for name in REFERENCE_TABLES:
        table = reference(name)
        if loaded.get(name) == table.digest:
            continue
        columns = list(table.rows[0])
        con.register(
            "reference_rows", pa.table({c: pa.array([r[c] for r in table.rows], pa.string()) for c in columns})
        )
        try:
            with transaction(con):  # the table and its digest together, or neither
                loaded_now = {"name": name, "digest": table.digest}
                con.execute(sql.render("warehouse/load_reference.sql", table=name), loaded_now)
        finally:
            con.unregister("reference_rows")


def department_groups() -> dict[str, str]:
    """Each department's group code (the marts' ``department_group`` is computed from the same table)."""
    return {row["code"]: row["group"] for row in reference("departments").rows}


def required_course_ids() -> tuple[str, ...]:
    return tuple(r["code"] for r in reference("courses").rows if r["required"] == "true")
