"""A count that its exact bound gives away: no withholding protects it, so it is held back.

Found loading a company's export with many small countries (``tests/data/exports/small_countries``):
New Zealand sent 9 user-data requests naming 9 accounts in one half-year, and none in the other.
Requests are published exactly, and each names an account, so the withheld accounts are at least 9;
to a reader who learns which withheld counts are the small ones (1 to 9: the audit's margin) they
are exactly 9, in the half and in the year. Hiding more figures changes neither fact: the protection
hid partner after partner, then every figure of the year, and the release audit still refused it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.lib.disclosure.protect import protect_publication
from pipeline.lib.inference import audit
from pipeline.lib.inference.relations import load_relations
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.release import revise

K = 10
CATALOGUE = load_catalogue()
ACCOUNTS = "user_data_accounts_specified"
HALVES = {"FY2019": ("FY2019-H1", "FY2019-H2")}
KINDS = {"FY2019": "year", "FY2019-H1": "half", "FY2019-H2": "half"}
# (accounts, the user-data requests published exactly beside them) per country and half-year
Half = tuple[int, int] | None
COUNTRIES: dict[str, tuple[Half, Half]] = {
    "US": ((60, 48), (70, 55)),
    "GB": ((35, 30), (41, 33)),
    "NZ": (None, (9, 9)),
    "KG": ((22, 20), (3, 2)),
}


def _row(period: str, accounts: float, bound: float, country: str | None = None) -> dict[str, Any]:
    return {
        "metric_id": ACCOUNTS, "fiscal_year": 2019, "period_id": period, "period_kind": KINDS[period],
        "period_start": date(2018, 7, 1), "breakdown": "country" if country else "",
        "dimension_1": "country" if country else None, "member_1": country, "dimension_2": None,
        "member_2": None, "value": accounts, "numerator": accounts, "denominator": None, "units": int(accounts),
        "not_reported": 0, "reported_for_year": 0, "at_least": bound,
    }  # fmt: skip


def _accounts() -> list[dict[str, Any]]:
    """The accounts cells with their bounds, as ``disclosure.bounds.with_bounds`` gives them."""
    rows = []
    for i, period in enumerate(("FY2019-H1", "FY2019-H2")):
        cells = {c: half for c, halves in COUNTRIES.items() if (half := halves[i]) is not None}
        rows.append(_row(period, sum(a for a, _ in cells.values()), sum(b for _, b in cells.values())))
        rows += [_row(period, a, b, c) for c, (a, b) in cells.items()]
    for country, halves in COUNTRIES.items():
        present = [h for h in halves if h is not None]
        rows.append(_row("FY2019", sum(a for a, _ in present), sum(b for _, b in present), country))
    year = [r for r in rows if r["period_id"] == "FY2019"]
    return [*rows, _row("FY2019", sum(r["value"] for r in year), sum(r["at_least"] for r in year))]


def _unsafe(rows: list[dict[str, Any]], statuses: dict[Any, Any]) -> list[Any]:
    """What the release audit finds in the year's publication (``release.record.audit_release``)."""
    published = revise.published(
        [CATALOGUE.metric(ACCOUNTS)], (rows, []), HALVES, load_relations(), K, statuses or None
    )
    return [t.item for t in audit.unsafe(published.problem, published.counts, published.shares, K)]


def test_withholding_alone_cannot_protect_a_count_its_exact_bound_gives_away() -> None:
    rows = _accounts()
    statuses = protect_publication([CATALOGUE.metric(ACCOUNTS)], rows, HALVES, K, load_relations())
    hidden = [view for view, s in statuses.items() if s != "published"]
    assert len(hidden) == len(rows)  # no partner helped: every figure of the year was withheld
    assert set(_unsafe(rows, statuses)) == {
        (ACCOUNTS, "FY2019", "country", "NZ", None),
        (ACCOUNTS, "FY2019-H2", "country", "NZ", None),
    }
    assert revise.beyond_withholding(rows, K) == {(ACCOUNTS, "FY2019-H2"), (ACCOUNTS, "FY2019")}


def test_a_count_its_exact_bound_gives_away_is_held_back_with_its_year() -> None:
    protected = revise.protect_release(CATALOGUE, _accounts(), [], HALVES, K, None)
    assert protected.held_back == [(ACCOUNTS, "FY2019"), (ACCOUNTS, "FY2019-H2")]
    assert {r["period_id"] for r in protected.released} == {"FY2019-H1"}  # the other half comes out
    assert _unsafe(protected.released, {}) == []  # and the release audit finds nothing
    # KG's first half (20 requests, 22 accounts) is not given away: only a bound of k-1 on k-1 is
    assert revise.beyond_withholding([r for r in _accounts() if r["member_1"] == "KG"], K) == set()
