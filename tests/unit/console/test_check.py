"""``hrp check FILE``: the dry run says what a night would make of a file, by the night's own code in a
warehouse in memory, so the two agree row for row and rule for rule; the warehouse is never touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ops.dry_run import check_file
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.warehouse.connection import connect
from tests.conftest import Ingest

BAD = Path(__file__).parents[2] / "data" / "bad"
EXPORTS = Path(__file__).parents[2] / "data" / "exports"


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("request_counts", "negative-counts.csv"),
        ("request_counts", "unknown-country.csv"),
        ("request_counts", "duplicate-keys.csv"),
        ("training_records", "numbers-as-text.csv"),
        ("training_records", "ragged-rows.csv"),
    ],
)
def test_the_check_and_the_night_agree_on_a_bad_file(
    paths: DataPaths, ingest: Ingest, tmp_path: Path, source: str, name: str
) -> None:
    contract = load_contract(source)
    checked = check_file(BAD / source / name, contract, None, paths.profiles_for(source), tmp_path / "work")
    assert not paths.warehouse.exists(), "the check never touches the warehouse"
    paths.landing_for(source).mkdir(parents=True)
    shutil.copy(BAD / source / name, paths.landing_for(source) / name)
    ingest(source)
    with connect(paths.warehouse) as con:
        night = con.execute("SELECT row_number, column_name, rule FROM audit.quarantine ORDER BY ALL").fetchall()
        status, loaded = con.execute("SELECT status, rows_loaded FROM audit.file_manifest").fetchall()[0]
    assert sorted((r["row"], r["column"], r["rule"]) for r in checked.set_aside) == night
    assert (checked.status, checked.rows_would_load) == (status, loaded)
    assert checked.exit_code == 1


def _hrp(*args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(cli, ["check", *args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_hrp_check_answers_in_json_with_the_exit_status_of_what_it_found(paths: DataPaths, tmp_path: Path) -> None:
    paths.profiles_for("request_counts").mkdir(parents=True)
    shutil.copy(EXPORTS / "northwind.yaml", paths.profiles_for("request_counts") / "northwind.yaml")
    export = EXPORTS / "northwind" / "northwind-2019-H2.csv"
    code, found = _hrp(str(export), "--source", "request_counts", "--profile", "northwind")
    assert code == 0 and found["set_aside"] == [] and found["rows_would_load"] == found["rows_read"]
    assert found["ignored"] == ["No Data Found", "Rejections"]
    assert ["complied", "Disclosure of Content + Disclosure of Non-Content Data (Subscriber/Transactional)"] in found[
        "mapped"
    ]  # type: ignore[operator]

    code, found = _hrp(str(BAD / "request_counts" / "negative-counts.csv"), "--source", "request_counts")
    assert code == 1
    assert found["set_aside"] == [
        {"row": 1, "column": "refused", "rule": "refused_in_range"},
        {"row": 1, "column": "requests", "rule": "requests_in_range"},
    ]

    empty = tmp_path / "empty.csv"
    empty.write_text("")
    code, found = _hrp(str(empty), "--source", "request_counts")
    assert code == 2 and found["status"] == "failed" and "empty" in str(found["error"])
    code, found = _hrp(str(export), "--source", "request_counts", "--profile", "nobody")
    assert code == 2 and "profiles/request_counts/nobody.yaml" in str(found["error"])
    year = paths.landing_for("request_counts") / "2024"  # a folder with no profile: read by the contract's names
    year.mkdir(parents=True)
    shutil.copy(BAD / "request_counts" / "good.csv", year / "good.csv")
    code, found = _hrp(str(year / "good.csv"))
    assert code == 0 and found["profile"] is None and found["rows_would_load"] == 3
    assert not paths.warehouse.exists()


def test_hrp_check_names_an_ambiguous_country_and_finds_a_file_under_the_data_root(
    paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/importing.md §7 checks the Korea file by its path under the data root, from anywhere."""
    paths.profiles_for("request_counts").mkdir(parents=True)
    shutil.copy(EXPORTS / "northwind.yaml", paths.profiles_for("request_counts") / "northwind.yaml")
    (paths.landing_for("request_counts") / "northwind").mkdir(parents=True)
    korea = EXPORTS / "northwind-korea" / "northwind-2020-H1-korea.csv"
    shutil.copy(korea, paths.landing_for("request_counts") / "northwind" / korea.name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    answer = "`hrp countries add Korea KR` (or the other code)"
    for given in (f"landing/request_counts/northwind/{korea.name}", f"request_counts/northwind/{korea.name}"):
        code, found = _hrp(given)
        assert code == 1 and found["profile"] is not None, found
        assert found["set_aside"] == [{"row": 1, "column": "country", "rule": "country_ambiguous"}]
        assert [c["action"] for c in found["countries"]] == [answer]  # type: ignore[union-attr]
        assert "Korea, Republic of (KR) or Korea, Democratic People's Republic of (KP)" in str(found["countries"])
    words = CliRunner().invoke(cli, ["check", f"landing/request_counts/northwind/{korea.name}"])
    assert words.exit_code == 1 and answer in words.stdout and "next run (`hrp run`)" in words.stdout
    code, found = _hrp("landing/request_counts/northwind/nothing.csv")
    assert code == 2 and "no file landing/request_counts/northwind/nothing.csv" in str(found["error"])


def test_hrp_check_shows_each_problem_of_a_profile_on_a_line_of_its_own(paths: DataPaths) -> None:
    """A profile with two mistakes: both are named, each on its own line, none joined by an escaped
    line break (``\\x0a``), which is how a delivered name with a line break in it is shown."""
    paths.profiles_for("request_counts").mkdir(parents=True)
    profile = (EXPORTS / "northwind.yaml").read_text(encoding="utf-8") + "colour: blue\nflavour: mint\n"
    (paths.profiles_for("request_counts") / "northwind.yaml").write_text(profile, encoding="utf-8")
    export = EXPORTS / "northwind" / "northwind-2019-H2.csv"
    result = CliRunner().invoke(cli, ["check", str(export), "--source", "request_counts", "--profile", "northwind"])
    lines = [line for line in result.output.splitlines() if "northwind.yaml" in line]
    assert result.exit_code == 2 and "\\x0a" not in result.output
    assert lines[0].startswith("error: ") and lines[0].endswith("colour: extra key not permitted")
    assert lines[1].startswith("  ") and lines[1].endswith("northwind.yaml: flavour: extra key not permitted")
