"""Countries as transparency reports write them: ISO codes, names and their common variants.

Legal teams copy their figures from published transparency reports, which print country names
("United States", "Russia", "South Korea", "Unknown"), not ISO codes. A delivered country is
resolved to its ISO 3166-1 alpha-2 code by name, alpha-2 or alpha-3 code, from pycountry plus the
aliases kept as data in ``pipeline/reference/country_aliases.csv``. Two codes that every
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

import pycountry
from pydantic import Field

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, Strict, load_csv, shown_path

ALIASES = paths.REFERENCE / "country_aliases.csv"
RESOLVED_REFERENCES = frozenset({"report_countries"})  # references whose columns are resolved by name
EXTRA_CODES = {"XK": "Kosovo", "XX": "Unknown country"}
UNKNOWN = "XX"


class CountryAlias(Strict):
    """A spelling transparency reports use and the ISO 3166-1 alpha-2 code it means."""

    alias: str = Field(min_length=1)
    code: str = Field(pattern=r"^[A-Z]{2}$")


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


@cache
def country_name_rows() -> tuple[dict[str, str], ...]:
    """Every spelling that resolves, with its code: codes, ISO names, common names, aliases.

    Raises when two codes would share one spelling: an ambiguous alias is a mistake in the data.
    """
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
    for row in load_csv(ALIASES, CountryAlias):
        if row.code not in codes:
            raise ConfigError(f"{shown_path(ALIASES)}: alias {row.alias!r} names unknown code {row.code!r}")
        add(row.alias, row.code)
    return tuple({"code": code, "name": name} for name, code in spellings.values())


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
    """What a person reads when a country cannot be resolved: the closest names we know, never the
    spelling delivered (a shifted column could put anything there)."""
    matches = closest(spelling)
    nearest = f"closest known: {', '.join(matches)}" if matches else "no close match"
    return (
        f"{column} is not a country code or name we know (rule {rule}); {nearest}. "
        f"If the spelling is right, add it to pipeline/reference/{ALIASES.name}"
    )
