"""Accounts beside user-data requests that are not out yet read "not yet released", never "–".

Requests are published exactly every night; the accounts they name are figures about people, out
only at releases. A new user read "–" (the legend: none, no request of this kind) beside 14 requests
from a country delivered after the last release."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pipeline.lib.disclosure.values import PublicCell
from pipeline.lib.render.i18n import translation
from pipeline.lib.render.transparency import ACCOUNTS_COLUMN, COLUMNS, Row, Table
from pipeline.lib.site.localised import Localised, Waiting
from pipeline.lib.site.transparency import NONE, _mark_waiting, cell_text, download_rows

NEXT = date(2027, 3, 1)


def _requests(country: str | None, value: float) -> PublicCell:
    breakdown = "request_type,country" if country else "request_type"
    cell = PublicCell(
        "FY2026-H2",
        "half",
        2026,
        date(2026, 1, 1),
        breakdown,
        "request_type",
        "user_data",
        None,
        None,
        value,
        "published",
    )
    return replace(cell, member_2=country)


def _table() -> Table:
    empty = (None,) * (len(COLUMNS) - 1)
    return Table(
        "FY2026-H2",
        [Row("CI", (_requests("CI", 14.0), *empty)), Row("NO", (_requests("NO", 0.0), *empty))],
        Row(None, (_requests(None, 14.0), *empty)),
    )


def test_accounts_after_the_release_read_not_yet_released_with_the_next_release() -> None:
    t = _table()
    _mark_waiting(t, {"due": lambda metric, period: None, "next_release_on": NEXT}, metric=None)  # type: ignore[arg-type]
    loc = Localised("en", translation("en"), 10, date(2026, 12, 4))
    assert cell_text(loc, t, None, "count", ACCOUNTS_COLUMN, "CI") == "not yet released (due 1 March 2027)"
    assert cell_text(loc, t, None, "count", ACCOUNTS_COLUMN, None) == "not yet released (due 1 March 2027)"
    assert cell_text(loc, t, None, "count", ACCOUNTS_COLUMN, "NO") == NONE, "no request: none to name accounts"
    statuses = {r["country"]: r["accounts_specified_status"] for r in download_rows(t)}
    assert statuses == {"CI": "not yet released", "NO": "none", "total": "not yet released"}


def test_accounts_held_back_say_so() -> None:
    t = _table()
    held = Waiting(NEXT, held_back=True)
    _mark_waiting(t, {"due": lambda metric, period: held, "next_release_on": NEXT}, metric=None)  # type: ignore[arg-type]
    assert {r["country"]: r["accounts_specified_status"] for r in download_rows(t)}["CI"] == "held back"
