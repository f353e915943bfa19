"""The transparency report's classic table: its columns and rows, shared by the board and the site.

Per country: requests for user data, the share where some data was produced, accounts specified
(where reported); then content-alteration requests, copyright notices and emergency disclosures.
The board fills it with exact cells, the site with protected ones; each renders it its own way.
Countries are sorted by their name in the reader's language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.lib.disclosure.values import PublicCell, PublicMetric

REQUESTS = "requests_received"
SHARE = "user_data_some_data_produced_share"
ACCOUNTS = "user_data_accounts_specified"
ACCOUNTS_COLUMN = 2  # its place in COLUMNS
METRICS = (REQUESTS, SHARE, ACCOUNTS)
OTHER_TYPES = ("content_alteration", "copyright_takedown", "emergency_disclosure")
COLUMNS = (
    ("user_data_requests", "Requests for user data", "count"),
    ("some_data_produced_share", "Share where some data was produced", "share"),
    ("accounts_specified", "Accounts specified", "count"),
    ("content_alteration_requests", "Content alteration requests", "count"),
    ("copyright_takedown_requests", "Copyright takedown notices", "count"),
    ("emergency_disclosure_requests", "Emergency disclosure requests", "count"),
)
# Kyrgyz letters in their alphabet's order; the others sort by code point after them
KYRGYZ_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"


@dataclass
class Row:
    country: str | None  # None for the total row
    cells: tuple[PublicCell | None, ...]  # in the order of COLUMNS


@dataclass
class Table:
    period_id: str
    rows: list[Row]  # countries, unsorted (sorting is per language)
    total: Row
    undelivered: bool = False  # nothing was delivered for the period: every empty cell is "no data"
    # cells of figures about people not out yet ((country or None for the total, column) -> the release
    # they wait for): beside user-data requests they read "not yet released", never "–" (none)
    waiting: dict[tuple[str | None, int], Any] = field(default_factory=dict)


def available(public: dict[str, PublicMetric]) -> bool:
    return all(m in public for m in METRICS)


def periods(public: dict[str, PublicMetric]) -> list[str]:
    """Every period with a requests total, newest first (a year before its halves)."""
    totals = public[REQUESTS].totals()
    ordered = sorted(totals, key=lambda c: (c.fiscal_year, c.period_kind == "year", c.period_start), reverse=True)
    return [c.period_id for c in ordered]


def table(public: dict[str, PublicMetric], period_id: str) -> Table:
    requests = {(c.member_1, c.member_2): c for c in public[REQUESTS].breakdown("request_type,country", period_id)}
    shares = {c.member_1: c for c in public[SHARE].breakdown("country", period_id)}
    accounts = {c.member_1: c for c in public[ACCOUNTS].breakdown("country", period_id)}
    countries = sorted({country for _, country in requests if country})
    accounts_total = public[ACCOUNTS].total(period_id)
    if accounts_total is not None and accounts_total.public_status != "published":
        # the parts of a withheld total are left out (disclosure.values): every country with
        # user-data requests (published exactly) has accounts, withheld with the total
        withheld = replace(accounts_total, breakdown="country", dimension_1="country")
        for country in countries:
            if requests.get(("user_data", country)) is not None:
                accounts.setdefault(country, replace(withheld, member_1=country))
    rows = [
        Row(
            country,
            (
                requests.get(("user_data", country)),
                shares.get(country),
                accounts.get(country),
                *(requests.get((kind, country)) for kind in OTHER_TYPES),
            ),
        )
        for country in countries
    ]
    by_type = {c.member_1: c for c in public[REQUESTS].breakdown("request_type", period_id)}
    total = Row(
        None,
        (
            by_type.get("user_data"),
            public[SHARE].total(period_id),
            public[ACCOUNTS].total(period_id),
            *(by_type.get(kind) for kind in OTHER_TYPES),
        ),
    )
    requests_total = public[REQUESTS].total(period_id)
    return Table(period_id, rows, total, requests_total is not None and requests_total.reporting == "no data")


def collation_key(text: str, locale: str) -> tuple[tuple[int, int, str], ...]:
    """A locale-aware sort key without ICU: letters compared without case and accents, and in
    Kyrgyz the alphabet's own order (ң after н, ө after о, ү after у), not code-point order."""
    key = []
    for char in text.casefold():
        if locale == "ky" and char in KYRGYZ_ALPHABET:
            key.append((0, KYRGYZ_ALPHABET.index(char), ""))
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if not base.isalnum():
            continue  # spaces and punctuation do not decide the order ("Côte d'Ivoire")
        key.append((1, 0, base))
    return tuple(key)


def sorted_rows(rows: list[Row], name: Any, locale: str) -> list[Row]:
    """Rows in the order of the countries' names in ``locale``; the unknown country last."""
    return sorted(rows, key=lambda r: (r.country == "XX", collation_key(name(r.country), locale), r.country or ""))
