"""A transparency export as its publisher distributes it, loaded through an import profile with no
hand edit of the file or the code (docs/importing.md's worked example).

The fixture (``tests/data/exports``) is shaped like a company's own CSV export: its own column names,
periods written four ways ("Jul-Dec 2018", "2019 H1", "7/1/19", "Jan–Jun 2020"), "-" for not
reported, "Total" and "All countries" rows, two columns the contract does not have, and country
names as printed. The published totals must be the export's own Total rows, exactly.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect
from tests.builders import run_nightly, transparency_table
from tests.conftest import night_settings

pytestmark = pytest.mark.slow
EXPORTS = Path(__file__).parents[1] / "data" / "exports"
# calendar halves as the export prints them -> fiscal periods (years start in July)
PERIODS = {
    "northwind-2018-H2.csv": "FY2019-H1",
    "northwind-2019-H1.csv": "FY2019-H2",
    "northwind-2019-H2.csv": "FY2020-H1",
    "northwind-2020-H1.csv": "FY2020-H2",
}
TOTAL_WORDS = {"Total", "All countries"}


def _export(name: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The export's Total row and its country rows, as the file has them."""
    with (EXPORTS / "northwind" / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    total = next(r for r in rows if r["Country"] in TOTAL_WORDS)
    return total, [r for r in rows if r["Country"] not in TOTAL_WORDS]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    root = tmp_path_factory.mktemp("export") / "data"
    with night_settings(root, "2020-11-25") as paths:  # FY2020 is the last complete year
        shutil.copytree(EXPORTS / "northwind", paths.landing_for("request_counts") / "northwind")
        paths.profiles_for("request_counts").mkdir(parents=True)
        shutil.copy(EXPORTS / "northwind.yaml", paths.profiles_for("request_counts") / "northwind.yaml")
        from pipeline.definitions import defs

        result = run_nightly(defs())
        assert result.success
    return paths


@pytest.mark.parametrize("name", sorted(PERIODS))
def test_published_totals_are_the_exports_own_total_rows(published: DataPaths, name: str) -> None:
    total, countries = _export(name)
    table = transparency_table(published, PERIODS[name])
    assert table["total"]["user_data_requests"] == int(total["Total Law Enforcement Requests"])
    # every country the export prints is a country of the table, and nothing else is
    assert len(table) - 1 == len(countries)


def test_every_row_loaded_and_no_total_is_a_country(published: DataPaths) -> None:
    printed = sum(len(_export(name)[1]) for name in PERIODS)
    with connect(published.warehouse) as con:
        loaded = con.execute("SELECT count(*), count(DISTINCT country) FROM core.request_counts").fetchall()[0]
        set_aside = con.execute("SELECT count(*) FROM audit.quarantine").fetchall()[0][0]
        findings = con.execute("SELECT count(*) FROM audit.total_checks").fetchall()[0][0]
        profiles = con.execute("SELECT DISTINCT profile FROM audit.file_manifest").fetchall()
    assert (loaded[0], set_aside, findings) == (printed, 0, 0)
    assert loaded[1] == 41  # the countries printed, under their codes; no "Total", no "All countries"
    assert [p for (p,) in profiles] == [profiles[0][0]] and profiles[0][0].startswith("northwind@")


def test_not_reported_cells_are_not_reported(published: DataPaths) -> None:
    """A "-" leaves that value not reported, never the row set aside, and never a 0."""
    dashes = sum(1 for name in PERIODS for r in _export(name)[1] if r["Disclosure of Content"] == "-")
    with connect(published.warehouse) as con:
        missing = con.execute("SELECT count(*) FROM core.request_counts WHERE complied IS NULL").fetchall()
    assert dashes > 0 and missing[0][0] == dashes


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _deliver(paths: DataPaths, profile: str) -> None:
    shutil.copytree(EXPORTS / "northwind", paths.landing_for("request_counts") / "northwind", dirs_exist_ok=True)
    paths.profiles_for("request_counts").mkdir(parents=True, exist_ok=True)
    (paths.profiles_for("request_counts") / "northwind.yaml").write_text(profile, encoding="utf-8")


def _core(paths: DataPaths) -> list[tuple[Any, ...]]:
    with connect(paths.warehouse) as con:
        return con.execute("SELECT * EXCLUDE (_run_id) FROM core.request_counts ORDER BY ALL").fetchall()


def test_a_changed_profile_leaves_the_warehouse_as_a_clean_rebuild_would(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Delivered through one profile, then the profile changed: the next night refuses, naming the
    next step, and after it the warehouse is the one a clean build from the same files and profile gives."""
    monkeypatch.setenv("HRP_TODAY", "2020-11-25")
    before = (EXPORTS / "northwind.yaml").read_text(encoding="utf-8")
    after = before.replace("  accounts_specified: Accounts/Users Specified in Requests\n", "")
    assert after != before
    _deliver(paths, before)
    assert _cli("run")[0] == 0
    (paths.profiles_for("request_counts") / "northwind.yaml").write_text(after, encoding="utf-8")
    code, output = _cli("run")
    assert code == 1 and "hrp rebuild" in output, output
    code, output = _cli("rebuild")
    assert code == 0, output
    rebuilt = _core(paths)
    assert all(row[6] is None for row in rebuilt), "accounts are no longer read"

    clean = DataPaths(tmp_path / "clean").ensure()
    monkeypatch.setenv("HRP_DATA_ROOT", str(clean.root))
    monkeypatch.setenv("DAGSTER_HOME", str(clean.dagster_home))
    _deliver(clean, after)
    assert _cli("run")[0] == 0
    assert _core(clean) == rebuilt


def _period(paths: DataPaths, period: str) -> tuple[Any, ...]:
    """The total of requests received in ``period`` as the published site gives it, with its mark."""
    data = json.loads((paths.published / "site" / "data" / "requests_received.json").read_text(encoding="utf-8"))
    value = next(v for v in data["values"] if v["period"] == period and v.get("member_1") is None)
    return value["value"], value.get("period_status"), value.get("rows_not_counted")


def test_the_korea_walk_through_and_a_rebuild_that_keeps_the_acknowledgement(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/importing.md §7: Northwind's file printing "Korea" leaves its figures incomplete; the figures
    accepted with `hrp acknowledge` stay accepted through `hrp rebuild` (same bytes), an acknowledgement of
    a file changed since is named as not carried; `hrp countries add Korea KR` then makes them exact in the
    marts, and on the site at a release where the accounts' revision can be published."""
    monkeypatch.setenv("HRP_TODAY", "2020-11-25")
    _deliver(paths, (EXPORTS / "northwind.yaml").read_text(encoding="utf-8"))
    korea = EXPORTS / "northwind-korea" / "northwind-2020-H1-korea.csv"
    shutil.copy(korea, paths.landing_for("request_counts") / "northwind" / korea.name)
    broken = paths.landing_for("request_counts") / "broken.csv"
    broken.write_text("", encoding="utf-8")
    assert _cli("run")[0] == 0
    export_total = int(_export("northwind-2020-H1.csv")[0]["Total Law Enforcement Requests"])
    assert _period(paths, "FY2020-H2") == (export_total, "incomplete", 1)
    for name in (f"request_counts/northwind/{korea.name}", "request_counts/broken.csv"):
        assert _cli("acknowledge", name, "--reason", "asked Northwind")[0] == 0
    broken.write_text("not,a,delivery\n", encoding="utf-8")  # other bytes: the decision was not about these

    code, output = _cli("rebuild")
    assert code == 0, output
    assert "1 acknowledgement carried over from the previous warehouse." in output
    assert "Not carried: request_counts/broken.csv: the file in landing/ has changed since" in output
    # request counts change on the site only at releases, with the accounts beside them: the figure
    # stays as the release of 29 August 2020 found it until the next release day
    assert _period(paths, "FY2020-H2") == (export_total, "incomplete", 1)
    monkeypatch.setenv("HRP_TODAY", "2021-03-01")
    assert _cli("run")[0] == 0
    assert _period(paths, "FY2020-H2") == (export_total, "accepted as incomplete", 1)
    with connect(paths.warehouse) as con:
        kept = con.execute("SELECT path, reason, status FROM audit.acknowledgements").fetchall()
    assert kept == [(f"northwind/{korea.name}", "asked Northwind", "loaded")]

    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    monkeypatch.setenv("HRP_TODAY", "2021-08-29")
    assert _cli("run")[0] == 0
    corrected = int(next(r for r in csv.DictReader(korea.open(encoding="utf-8")))["Total Law Enforcement Requests"])
    south = next(r for r in _export("northwind-2020-H1.csv")[1] if r["Country"] == "Korea, South")
    with connect(paths.warehouse) as con:  # exact in the marts (the board report's figures) at once
        exact = con.execute(
            "SELECT value FROM marts.metric_values WHERE metric_id = 'requests_received' "
            "AND period_id = 'FY2020-H2' AND breakdown = ''"
        ).fetchall()
    assert exact == [(export_total - int(south["Total Law Enforcement Requests"]) + corrected,)]  # the later KR wins
    # on the site, the answer revises FY2020's accounts by a few: unsafe to publish, the release keeps the
    # year as first shown, and the request counts beside them with it (they bound the accounts)
    assert _period(paths, "FY2020-H2") == (export_total, "accepted as incomplete", 1)
