"""A transparency report as a legal team keeps it, through the nightly job, onto the public site.

The fixture (``tests/data/transparency``) is copied from a public report's tables: names as printed,
an Unknown row, Kosovo, blank accounts, a whole fiscal year and a half-year never delivered. Every
figure below was worked out by hand from those three files; the test reads the published
transparency-table downloads and compares.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect
from tests.builders import run_nightly, transparency_table
from tests.conftest import night_settings

pytestmark = pytest.mark.slow
FIXTURE = Path(__file__).parents[1] / "data" / "transparency"

# Worked out by hand. Fiscal years start in July: "2024-H1.csv" (Jan-Jun 2024) is FY2024-H2,
# "2024-H2.csv" (Jul-Dec 2024) is FY2025-H1, FY2025-H2 was never delivered, FY2026 came as a whole year.
# Per period: requests for user data, share where some data was produced (as a fraction),
# accounts specified (None: not reported at all), content alteration, copyright, emergency, all requests.
HAND = {
    # US 12 + 5, Germany 4, Unknown 2; produced: US 3+2 and 1+1, Germany 0+1, Unknown 0 -> 8 of 23;
    # accounts 20 + 7 + 4 + 2; UK 3 + Russia 9; US 40; Kosovo 1; 23 + 12 + 40 + 1
    "FY2024-H2": (23, (8, 23), 33, 12, 40, 1, 76),
    # US 15 + 6, South Korea 3, FRA 2, Unknown 4, Kosovo 1; complied 9 + 2 + 1 + 2 + 0 + 1 -> 15 of 31;
    # accounts stated for US government 25, France 3, Kosovo 1 only -> 29, partly reported;
    # Türkiye 11; br 7; no emergency rows; 31 + 11 + 7
    "FY2025-H1": (31, (15, 31), 29, 11, 7, None, 49),
    # US 30, Germany 8, "Korea, Republic of" 5; complied 18 + 5 + 2 -> 25 of 43; accounts 41 + 6 (Germany
    # blank); Russia 20; USA 55; Unknown 2; 43 + 20 + 55 + 2
    "FY2026": (43, (25, 43), 47, 20, 55, 2, 120),
}
PARTLY_REPORTED_ACCOUNTS = {"FY2025-H1", "FY2026"}
COUNTRIES = {  # as printed -> stored
    "FY2024-H2": {"US", "DE", "GB", "RU", "XX", "XK"},
    "FY2025-H1": {"US", "KR", "TR", "FR", "XX", "XK", "BR"},
    "FY2026": {"US", "DE", "RU", "XX", "KR"},
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    """The fixture (and one misspelt row beside it) through the whole nightly job."""
    root = tmp_path_factory.mktemp("transparency") / "data"
    with night_settings(root, "2026-11-25") as paths:  # FY2026 is the last complete year
        landing = paths.landing_for("request_counts")
        landing.mkdir(parents=True, exist_ok=True)
        for csv_file in FIXTURE.glob("*.csv"):
            shutil.copy(csv_file, landing / csv_file.name)
        (landing / "typo.csv").write_text(
            "period_start,period_end,country,request_type,requester_type,requests\n"
            "2024-01-01,2024-06-30,Untied States,user_data,private_party,3\n",
            encoding="utf-8",
        )
        from pipeline.definitions import defs

        result = run_nightly(defs())
        assert result.success
    return paths


@pytest.mark.parametrize("period", sorted(HAND))
def test_published_totals_are_the_ones_worked_out_by_hand(published: DataPaths, period: str) -> None:
    user_data, (produced, of), accounts, alteration, copyright, emergency, _ = HAND[period]
    total = transparency_table(published, period)["total"]
    assert total["user_data_requests"] == user_data
    # shares are published as shown: one decimal of a percent
    assert total["some_data_produced_share"] == pytest.approx(round(produced / of, 3), abs=1e-9)
    if total["accounts_specified_status"] in ("", "partly reported"):  # accounts keep the people rule
        assert total["accounts_specified"] == accounts
    else:
        assert total["accounts_specified"] is None and total["accounts_specified_status"] == "withheld"
    assert total["content_alteration_requests"] == alteration
    assert total["copyright_takedown_requests"] == copyright
    assert total["emergency_disclosure_requests"] == emergency


@pytest.mark.parametrize("period", sorted(HAND))
def test_accounts_computed_are_the_ones_worked_out_by_hand(published: DataPaths, period: str) -> None:
    with connect(published.warehouse) as con:
        rows = con.execute(
            "SELECT value, not_reported FROM marts.metric_values WHERE metric_id = 'user_data_accounts_specified' "
            "AND breakdown = '' AND period_id = $period",
            {"period": period},
        ).fetchall()
    value, not_reported = rows[0]
    assert value == HAND[period][2]
    assert (not_reported > 0) == (period in PARTLY_REPORTED_ACCOUNTS)


@pytest.mark.parametrize("period", sorted(HAND))
def test_every_request_total_is_published_exactly(published: DataPaths, period: str) -> None:
    document = json.loads((published.published / "site" / "data" / "requests_received.json").read_text())
    total = next(v for v in document["values"] if v["period"] == period and v["breakdown"] == "")
    assert (total["value"], total["status"]) == (HAND[period][-1], "published")


@pytest.mark.parametrize("period", sorted(HAND))
def test_countries_as_printed_are_counted_under_their_codes(published: DataPaths, period: str) -> None:
    assert set(transparency_table(published, period)) - {"total"} == COUNTRIES[period]


def test_request_counts_are_exact_and_accounts_keep_the_people_rule(published: DataPaths) -> None:
    table = transparency_table(published, "FY2024-H2")
    assert table["XK"]["emergency_disclosure_requests"] == 1, "one demand is published as 1"
    assert table["XX"]["user_data_requests"] == 2
    assert table["DE"]["accounts_specified"] is None and table["DE"]["accounts_specified_status"] == "withheld"
    assert table["XX"]["accounts_specified_status"] == "withheld"


def test_blank_accounts_are_not_reported_not_zero(published: DataPaths) -> None:
    korea = transparency_table(published, "FY2025-H1")["KR"]
    assert (korea["accounts_specified"], korea["accounts_specified_status"]) == (None, "not reported")
    assert korea["user_data_requests"] == 3


def test_a_whole_year_counts_in_its_year_only_and_halves_say_so(published: DataPaths) -> None:
    for half in ("FY2026-H1", "FY2026-H2"):
        total = transparency_table(published, half)["total"]
        assert total["user_data_requests"] is None
        assert total["user_data_requests_status"] == "reported for the whole year"
    with connect(published.warehouse) as con:
        rows = con.execute(
            "SELECT period_id, value FROM marts.metric_values WHERE metric_id = 'requests_received' "
            "AND breakdown = '' AND fiscal_year = 2026 ORDER BY period_id"
        ).fetchall()
    assert rows == [("FY2026", 120.0), ("FY2026-H1", None), ("FY2026-H2", None)]


def test_an_undelivered_half_year_reads_no_data(published: DataPaths) -> None:
    total = transparency_table(published, "FY2025-H2")["total"]
    assert total["user_data_requests"] is None and total["user_data_requests_status"] == "no data"
    page = (published.published / "site" / "en" / "transparency-FY2025-H2.html").read_text()
    assert "no data" in page
    series = json.loads((published.published / "site" / "data" / "requests_received.json").read_text())
    half = next(v for v in series["values"] if v["period"] == "FY2025-H2" and v["breakdown"] == "")
    assert (half["value"], half["reporting"]) == (None, "no data"), "the time series says it too, not 0"


def test_an_unresolvable_name_is_quarantined_with_the_closest_matches(published: DataPaths) -> None:
    with connect(published.warehouse) as con:
        rows = con.execute(
            "SELECT path, row_number, column_name, rule, message FROM audit.quarantine WHERE source = 'request_counts'"
        ).fetchall()
    assert len(rows) == 1
    path, row_number, column, rule, message = rows[0]
    assert (path, row_number, column, rule) == ("typo.csv", 1, "country", "country_recognised")
    assert "closest known: United States (US)" in message
    assert "Untied" not in message, "the spelling delivered is never quoted"


def test_the_table_is_on_the_site_in_both_languages_sorted_by_name(published: DataPaths) -> None:
    site = published.published / "site"
    english = (site / "en" / "transparency-FY2025-H1.html").read_text()
    order = [english.index(name) for name in ("Brazil", "France", "Kosovo", "South Korea", "Türkiye", "United States")]
    assert order == sorted(order)
    assert english.index("United States") < english.index("Unknown country"), "the unknown country comes last"
    kyrgyz = (site / "ky" / "transparency-FY2025-H1.html").read_text()
    assert "Белгисиз өлкө" in kyrgyz and "Косово" in kyrgyz
    order = [kyrgyz.index(name) for name in ("Бразилия", "Косово", "Кошмо Штаттар", "Түркия", "Франция")]
    assert order == sorted(order)
    download = (site / "data" / "ky" / "transparency-FY2025-H1.csv").read_text(encoding="utf-8-sig")
    assert download.startswith("period,country,country_name,user_data_requests") and "Косово" in download
    assert 'href="transparency-' in (site / "en" / "index.html").read_text()


def test_the_board_report_has_the_table_exactly(published: DataPaths) -> None:
    html = (published.confidential / "board" / "FY2026" / "board-report.html").read_text()
    section = html[html.index('id="transparency-report"') : html.index('id="quality"')]
    assert "Transparency report, FY2026" in section
    total = section[section.index("<tfoot>") : section.index("</tfoot>")]
    assert [cell.split("<")[0] for cell in total.split('<td class="num">')[1:]] == [
        "43",
        "58.1% of 43",  # the share with its base
        "47 (partly reported)",  # exact for the Board: no small-count protection
        "20",
        "55",
        "2",
    ]
    assert "reported for the whole year" in section
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    # the most requests of any type first: 30 + 55, 20, 8, 5
    assert body.index("United States") < body.index("Russia") < body.index("Germany") < body.index("South Korea")
    assert "40.0% of 5 (small base)" in body  # South Korea: 2 of 5, fewer than the policy's k
