"""A company's export with many small countries, loaded through its import profile: the night
publishes, its blocking check ``releases_safe`` passes, and the independent attacker finds no hidden
number of people pinned down to fewer than k values on the built site.

Before, New Zealand's 9 accounts beside its 9 user-data requests (at least 9, and "small" says at
most 9) left the protection without a partner: it withheld every figure of FY2019, the audit still
refused the release, and the site was never updated (``tests/unit/disclosure/test_beyond_withholding.py``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect
from tests.attack import attack_publication, by_fiscal_year, revealed
from tests.builders import run_nightly
from tests.conftest import night_settings
from tests.integration.test_disclosure_published import PEOPLE, RELATIONS, K, read_publication

pytestmark = pytest.mark.slow
EXPORTS = Path(__file__).parents[1] / "data" / "exports"
ACCOUNTS = "user_data_accounts_specified"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    root = tmp_path_factory.mktemp("small-countries") / "data"
    with night_settings(root, "2020-11-25") as paths:  # every half-year of the export is released
        export = EXPORTS / "small_countries"
        shutil.copytree(export / "northwind", paths.landing_for("request_counts") / "northwind")
        paths.profiles_for("request_counts").mkdir(parents=True)
        shutil.copy(export / "northwind.yaml", paths.profiles_for("request_counts") / "northwind.yaml")
        from pipeline.definitions import defs

        result = run_nightly(defs())
        checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
        assert checks["releases_safe"] and result.success
    return paths


def test_no_hidden_number_of_people_is_pinned_down_to_within_k(published: DataPaths) -> None:
    attacked = 0
    years = by_fiscal_year(read_publication(published.published / "site"))
    for year, values in years.items():
        for cell, (low, high, status) in attack_publication(values, PEOPLE, RELATIONS, K, years.get(year - 1)).items():
            assert not revealed(low, high, status, K), f"FY{year} {cell} ({status}): pinned down to {low}..{high}"
            attacked += 1
    assert attacked > 50


def test_only_the_period_no_withholding_protects_is_held_back(published: DataPaths) -> None:
    """New Zealand's half-year and its year are held back for the accounts; the other half-years of
    the accounts are published, with a country of fewer than k accounts withheld as usual."""
    with connect(published.warehouse) as con:
        held = con.execute("SELECT metric_id, period_id FROM public_release.held_back ORDER BY ALL").fetchall()
        shown = con.execute(
            "SELECT period_id, count(*) FILTER (status = 'published'), count(*) FILTER (status <> 'published') "
            "FROM public_release.public_values WHERE metric_id = ? GROUP BY ALL ORDER BY ALL",
            [ACCOUNTS],
        ).fetchall()
    assert held == [(ACCOUNTS, "FY2019"), (ACCOUNTS, "FY2019-H2")]
    downloaded = json.loads((published.published / "site" / "data" / f"{ACCOUNTS}.json").read_text(encoding="utf-8"))
    assert [(v["period"], v["status"]) for v in downloaded["values"] if v["period"] in ("FY2019", "FY2019-H2")] == [
        ("FY2019", "held back"),
        ("FY2019-H2", "held back"),
    ]  # said to be held back, never "no data"
    assert [p for p, _, _ in shown] == ["FY2019-H1", "FY2020", "FY2020-H1", "FY2020-H2"]
    assert all(published_ > 0 and withheld > 0 for _, published_, withheld in shown)
