"""Import profiles: periods as exports write them, profiles validated against the contract, total
rows checked (never loaded) with and without a profile, and a changed profile refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.lib.common.config import ConfigError
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ingest.profile_checks import ProfileChangedError
from pipeline.lib.landing.periods import PeriodError, parse_period
from pipeline.lib.landing.profiles import load_profile
from pipeline.lib.landing.shape import match_columns
from pipeline.lib.ops.attention import deliveries_to_report
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.warehouse.connection import connect
from tests.conftest import Ingest

JULY = FiscalCalendar(7)
H2_2018 = (date(2018, 7, 1), date(2018, 12, 31))
PROFILE = """\
columns: {country: Country, requests: Requests, accounts_specified: Accounts}
period: Period
dates: M/D/YY
sums: {complied: [Content, Non-content]}
constants: {request_type: user_data, requester_type: government}
totals: {column: country, values: [Total, All countries]}
"""
HEADER = "Period,Country,Requests,Accounts,Content,Non-content,Rejected\n"


@pytest.mark.parametrize(
    "text", ["2018 H2", "H2 2018", "Jul-Dec 2018", "Jul–Dec 2018", "July - December 2018", "7/1/18"]
)
def test_every_written_form_of_a_half_year_is_the_same_period(text: str) -> None:
    assert parse_period(text, "M/D/YY", JULY) == H2_2018


def test_a_whole_year_is_read_on_the_calendar_it_fits() -> None:
    assert parse_period("FY2019", "M/D/YY", JULY) == (date(2018, 7, 1), date(2019, 6, 30))
    assert parse_period("2018", "M/D/YY", FiscalCalendar(1)) == (date(2018, 1, 1), date(2018, 12, 31))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2018", "period_fiscal"),
        ("Mar-Aug 2018", "period_fiscal"),
        ("2/1/18", "period_fiscal"),
        ("soon", "period_recognised"),
    ],
)
def test_a_period_off_the_fiscal_calendar_is_a_row_error_naming_its_rule(text: str, rule: str) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(text, "M/D/YY", JULY)
    assert raised.value.rule == rule


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("columns: {contry: Country}\n", "columns.contry: not a column of the request_counts contract"),
        ("colums: {}\n", "colums: extra key not permitted"),
        ("columns: {country: C, requests: R}\nperiod: P\nconstants: {request_type: bribe}\n", "constants.request_type"),
        ("columns: {country: C}\nperiod: P\n", "required column(s) not given: request_type, requester_type, requests"),
        ("dates: YY/MM\n", "dates: Input should be"),
    ],
)
def test_a_profile_is_validated_like_the_rest_of_the_configuration(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"acme\.yaml") as raised:
        load_profile(path, load_contract("request_counts"))
    assert problem in str(raised.value)


def _deliver(paths: DataPaths, name: str, body: str, profile: str | None = PROFILE) -> None:
    folder = paths.landing_for("request_counts") / ("acme" if profile else "")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    if profile:
        paths.profiles_for("request_counts").mkdir(parents=True, exist_ok=True)
        (paths.profiles_for("request_counts") / "acme.yaml").write_text(profile, encoding="utf-8")


def _loaded(paths: DataPaths) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with connect(paths.warehouse) as con:
        core = con.execute(
            "SELECT country, requests, accounts_specified, complied FROM core.request_counts ORDER BY 1"
        ).fetchall()
        checks = con.execute("SELECT path, row_number, column_name, stated, summed FROM audit.total_checks").fetchall()
    return core, checks


def test_a_profiled_export_loads_with_not_reported_cells_and_a_matching_total(paths: DataPaths, ingest: Ingest) -> None:
    _deliver(
        paths, "h2.csv", HEADER + "2018 H2,Germany,4,-,1,2,1\n2018 H2,France,6,9,-,3,3\n2018 H2,Total,10,9,1,5,4\n"
    )
    staged, validated = ingest("request_counts")
    core, checks = _loaded(paths)
    assert core == [("DE", 4, None, 3), ("FR", 6, 9, None)]  # "-": not reported, the row kept
    assert checks == [] and validated.rows_quarantined == 0 and staged.rows_quarantined == 0
    assert "ignored 1 column(s) not in the contract: Rejected" in staged.files[0].notes
    assert "1 total row(s) checked, not loaded: every figure compared agrees" in staged.files[0].notes[-1]


def test_a_total_that_disagrees_is_a_finding_with_both_numbers(paths: DataPaths, ingest: Ingest) -> None:
    total_first = "2018 H2,Total,12,9,1,5,4\n"  # some exports print the total above its rows
    _deliver(paths, "h2.csv", HEADER + total_first + "2018 H2,Germany,4,3,1,2,1\n2018 H2,France,6,6,0,3,3\n")
    staged, _ = ingest("request_counts")
    core, checks = _loaded(paths)
    assert [c[0] for c in core] == ["DE", "FR"]  # the total is not a country
    assert ("acme/h2.csv", 1, "requests", 12, 10) in checks
    assert "Total row 1: requests 12 stated, its rows add up to 10" in staged.files[0].notes
    with connect(paths.warehouse) as con:
        (note,) = [d.line() for d in deliveries_to_report(con, "test-run-1")]
    assert note.startswith("note: request_counts/acme/h2.csv: loaded; 1 figure(s) of its total rows are not the sum")
    assert "`hrp check landing/request_counts/acme/h2.csv`" in note


def test_without_a_profile_a_total_row_is_never_a_country(paths: DataPaths, ingest: Ingest) -> None:
    plain = "period_start,period_end,country,request_type,requester_type,requests\n"
    rows = "2024-01-01,2024-06-30,{},user_data,government,{}\n"
    body = plain + rows.format("Germany", 4) + rows.format("France", 6) + rows.format("Totals", 11)
    _deliver(paths, "plain.csv", body, profile=None)
    staged, validated = ingest("request_counts")
    core, checks = _loaded(paths)
    assert [c[0] for c in core] == ["DE", "FR"] and validated.rows_quarantined == 0 and staged.rows_quarantined == 0
    assert checks == [("plain.csv", 3, "requests", 11, 10)]


def test_a_bad_period_sets_the_row_aside_naming_the_rule(paths: DataPaths, ingest: Ingest) -> None:
    _deliver(paths, "h2.csv", HEADER + "2018 H2,Germany,4,3,1,2,1\nMar-Aug 2018,France,6,6,0,3,3\n")
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        aside = con.execute("SELECT path, row_number, column_name, rule FROM audit.quarantine").fetchall()
    assert aside == [("acme/h2.csv", 2, "period_start", "period_fiscal")]


def test_a_changed_profile_is_refused_with_the_next_step(paths: DataPaths, ingest: Ingest) -> None:
    _deliver(paths, "h2.csv", HEADER + "2018 H2,Germany,4,3,1,2,1\n")
    ingest("request_counts")
    ingest("request_counts")  # unchanged: nothing to say
    (paths.profiles_for("request_counts") / "acme.yaml").write_text(PROFILE + "not_reported: ['-', 'x']\n")
    with pytest.raises(ProfileChangedError, match="hrp rebuild") as refused:
        ingest("request_counts")
    assert "landing/request_counts/acme/" in str(refused.value) and "profiles/request_counts/acme.yaml" in str(
        refused.value
    )


def test_a_tallys_ignored_columns_are_named_a_register_s_only_counted() -> None:
    """Header names of request counts name nobody; a register's header row may be a data row."""
    header = ["period_start", "period_end", "country", "request_type", "requester_type", "requests", "Notes"]
    _, notes = match_columns(header, load_contract("request_counts"))
    assert notes == ["ignored 1 column(s) not in the contract: Notes"]
    training = load_contract("training_records")
    _, notes = match_columns([*training.required_columns, "Jane Doe"], training)
    assert notes == ["ignored 1 column(s) not in the contract"]
