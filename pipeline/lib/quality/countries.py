"""Countries as transparency reports write them: ISO codes, names and their common variants.

Legal teams copy their figures from published transparency reports, which print country names
("United States", "Russia", "South Korea", "Unknown"), not ISO codes. A delivered country is
resolved to its ISO 3166-1 alpha-2 code by name, alpha-2 or alpha-3 code, from pycountry plus the
aliases kept as data in ``pipeline/reference/country_aliases.csv`` (the base) and the organisation's own,
in the data root (``reference/country_aliases.csv``, added with ``hrp countries add``). A name that
means more than one country as printed ("Korea": KR or KP; ``ambiguous_country_names.csv``) resolves to
none: its rows are set aside as ambiguous and the operator is asked once, with the candidates. Two codes that every
transparency report lists are added to ISO's: ``XK`` (Kosovo, user-assigned) and ``XX`` (the
reports' own "Unknown" row). The resolving itself happens in SQL at staging
(``sql/staging/type_rows.sql``) by the same key as :func:`name_key`; this module provides the
tables, and the closest matches a message names when a spelling cannot be resolved.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path

import pycountry
from pydantic import Field

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, Strict, load_csv, shown_path
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import settings

ALIASES = paths.REFERENCE / "country_aliases.csv"
AMBIGUOUS = paths.REFERENCE / "ambiguous_country_names.csv"
RESOLVED_REFERENCES = frozenset({"report_countries"})  # references whose columns are resolved by name
EXTRA_CODES = {"XK": "Kosovo", "XX": "Unknown country"}
UNKNOWN = "XX"


class CountryAlias(Strict):
    """A spelling transparency reports use and the ISO 3166-1 alpha-2 code it means."""

    alias: str = Field(min_length=1)
    code: str = Field(pattern=r"^[A-Z]{2}$")


class AmbiguousName(Strict):
    """A name printed for more than one country: the codes it may mean, space-separated."""

    name: str = Field(min_length=1)
    codes: str = Field(pattern=r"^[A-Z]{2}( [A-Z]{2})+$")


def organisation_aliases() -> Path:
    """The organisation's own aliases, in the data root: the shipped table stays the base."""
    return DataPaths(settings().data_root).country_aliases


def ambiguous_names() -> dict[str, tuple[str, ...]]:
    """Each ambiguous spelling's key and the codes it may mean."""
    return {name_key(row.name): tuple(row.codes.split()) for row in load_csv(AMBIGUOUS, AmbiguousName)}


def name_key(text: str) -> str:
    """How a spelling is compared: case, accents and punctuation ignored (``sql/warehouse/session.sql``
    has the same rule as the macro ``name_key``)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def report_country_rows() -> tuple[dict[str, str], ...]:
    """The codes a request count may carry: ISO 3166-1 alpha-2, Kosovo and the unknown country."""
    rows = [{"code": c.alpha_2, "name": c.name} for c in pycountry.countries]
    rows += [{"code": code, "name": name} for code, name in EXTRA_CODES.items()]
    return tuple(rows)


def country_name_rows() -> tuple[dict[str, str], ...]:
    """Every spelling that resolves, with its code: codes, ISO names, common names, the base aliases
    and the organisation's (read again whenever its file changes).

    Raises when two codes would share one spelling: an ambiguous alias is a mistake in the data.
    """
    own = organisation_aliases()
    stat = own.stat() if own.exists() else None
    return _country_name_rows(own, None if stat is None else (stat.st_mtime_ns, stat.st_size))


@cache
def _country_name_rows(own: Path, stamp: tuple[int, int] | None) -> tuple[dict[str, str], ...]:
    spellings: dict[str, tuple[str, str]] = {}

    def add(name: str | None, code: str) -> None:
        if not name:
            return
        key = name_key(name)
        known = spellings.get(key)
        if known and known[1] != code:
            raise ValueError(f"country spelling {name!r} would mean both {known[1]} and {code}")
        spellings.setdefault(key, (name, code))

    for c in pycountry.countries:
        for name in (c.alpha_2, c.alpha_3, c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            add(name, c.alpha_2)
    for code, name in EXTRA_CODES.items():
        add(code, code)
        add(name, code)
    codes = {r["code"] for r in report_country_rows()}
    for table in (ALIASES, *([own] if stamp is not None else [])):
        for row in load_csv(table, CountryAlias):
            if row.code not in codes:
                raise ConfigError(f"{shown_path(table)}: alias {row.alias!r} names unknown code {row.code!r}")
            try:
                add(row.alias, row.code)
            except ValueError as e:
                raise ConfigError(f"{shown_path(table)}: {e}") from None
    return tuple({"code": code, "name": name} for name, code in spellings.values())


def add_alias(spelling: str, code: str) -> Path:
    """Add an organisation's alias to the data root's table, checked like the base: the code must be
    one a request count may carry, and the spelling must not already mean another country. Raises
    ``ValueError`` with the one line to show."""
    code = code.strip().upper()
    spelling = " ".join(spelling.split())
    label = {r["code"]: r["name"] for r in report_country_rows()}
    if code not in label:
        raise ValueError(f"{code!r} is not a country code a request count may carry (ISO 3166-1 alpha-2, XK, XX)")
    if not name_key(spelling):
        raise ValueError("a spelling needs a letter or a digit")
    means = {name_key(r["name"]): r["code"] for r in country_name_rows()}.get(name_key(spelling))
    if means is not None and means != code:
        raise ValueError(f"{spelling!r} already means {label[means]} ({means}), not {code}")
    if means == code:
        raise ValueError(f"{spelling!r} already means {label[code]} ({code}): nothing to add")
    own = organisation_aliases()
    own.parent.mkdir(parents=True, exist_ok=True)
    known = own.read_text(encoding="utf-8") if own.exists() else "alias,code\n"
    quoted = f'"{spelling.replace(chr(34), chr(34) * 2)}"' if any(c in spelling for c in ',"') else spelling
    written = own.with_name(own.name + ".tmp")  # written whole, then renamed: a kill never empties the table
    written.write_text(known + f"{quoted},{code}\n", encoding="utf-8")
    written.replace(own)
    country_name_rows()  # the new table is checked whole before anyone relies on it
    return own


def own_aliases() -> list[CountryAlias]:
    """The organisation's aliases, as its file lists them."""
    own = organisation_aliases()
    return list(load_csv(own, CountryAlias)) if own.exists() else []


def candidates(spelling: str) -> list[str]:
    """The countries an ambiguous spelling may mean, as "Name (CODE)"; empty for any other spelling."""
    label = {r["code"]: r["name"] for r in report_country_rows()}
    return [f"{label[code]} ({code})" for code in ambiguous_names().get(name_key(spelling), ())]


def closest(spelling: str, n: int = 3) -> list[str]:
    """The known countries nearest to a spelling, as "Name (CODE)", best first."""
    names = {name_key(r["name"]): r for r in country_name_rows() if len(r["name"]) > 3}
    keys = difflib.get_close_matches(name_key(spelling), list(names), n=n * 3, cutoff=0.5)
    label = {r["code"]: r["name"] for r in report_country_rows()}
    found: list[str] = []
    for key in keys:
        code = names[key]["code"]
        shown = f"{label[code]} ({code})"
        if shown not in found:
            found.append(shown)
    return found[:n]


def unresolved_message(column: str, spelling: str, rule: str) -> str:
    """What a person reads when a country cannot be resolved: the closest names we know (or, for an
    ambiguous name, the countries it may mean), never the spelling delivered (a shifted column could
    put anything there)."""
    may_mean = candidates(spelling)
    if may_mean:
        return (
            f"{column} names more than one country (rule {rule}): {' or '.join(may_mean)}; "
            "answer once for every row with `hrp countries add SPELLING CODE` (`hrp countries` lists them)"
        )
    matches = closest(spelling)
    nearest = f"closest known: {', '.join(matches)}" if matches else "no close match"
    return (
        f"{column} is not a country code or name we know (rule {rule}); {nearest}. "
        "If the spelling is right, add it with `hrp countries add SPELLING CODE` (`hrp countries` lists them)"
    )
