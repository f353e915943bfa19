"""Nothing delivered is quoted anywhere: a planted person id and a planted case summary, pushed through
a file without its header row, a header that is a data row, shifted rows and a symbolic link, appear
nowhere outside the landing area — not in the warehouse (staging included: text delivered in the wrong
column, a name where a yes/no belongs, an e-mail address as a department, is kept nowhere once its
row is set aside; the landing file stays the record of what arrived), the manifest, the quarantine, the logs,
the validation results and pages, the Dagster event log, the board report (HTML, PDF, attachments)
or the public site."""

from __future__ import annotations

import logging
from pathlib import Path

import dagster as dg
import pytest
from pypdf import PdfReader

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.warehouse.connection import connect
from tests.builders import run_nightly, small_world
from tests.conftest import Ingest

PERSON = "E99CANARY1"
SUMMARY = "CanarySummaryQx7 told us about Zed Canary"
SWAPPED = "E99CANARY2"  # a person id delivered in a text column that is not personal (columns swapped)
SHIFTED_NAME = "Qx7 Canarova Zhyldyz"  # a name from a summary shifted into crisis_protocol (does not parse)
SHIFTED_EMAIL = "qx7.canary@example.org"  # an e-mail address shifted into department (breaks a row rule)


def training_row(person: str, record: str = "TR2025-CANARY01") -> str:
    return f"{record},{person},staff,FIN,HR-101,2025-01-06,2025-03-01,,assigned,,"


def plant(landing: Path, outside: Path) -> None:
    training = landing / "training_records"
    cases = landing / "case_outcomes"
    training.mkdir(parents=True, exist_ok=True)
    cases.mkdir(parents=True, exist_ok=True)
    header = ",".join(load_contract("training_records").column_names)
    good = training_row("E00000001", "TR2025-GOOD0001")
    # no header row: the first data row (with the planted id) stands where the header should be
    (training / "no-header.csv").write_text(f"{training_row(PERSON)}\n{good}\n", encoding="utf-8")
    # shifted rows: an unquoted comma adds a field; a missing field takes one away
    shifted = f"{training_row(PERSON)},{SUMMARY}\n{training_row(PERSON).rsplit(',', 2)[0]}\n"
    (training / "shifted.csv").write_text(f"{header}\n{good}\n{shifted}", encoding="utf-8")
    # a case file whose header line is a data row carrying a summary
    case_columns = load_contract("case_outcomes").column_names
    data_row = ",".join(SUMMARY if c == "summary" else "x" for c in case_columns)
    (cases / "header-is-data.csv").write_text(f"{data_row}\n{data_row}\n", encoding="utf-8")
    # a link to a file elsewhere on the machine
    outside.mkdir()
    (outside / "elsewhere.csv").write_text(f"{header}\n{training_row(PERSON)}\n", encoding="utf-8")
    (training / "link.csv").symlink_to(outside / "elsewhere.csv")
    # well-formed rows with text in the wrong column: a person id in person_type, an e-mail address in
    # department (both break a row rule), a name in crisis_protocol (does not parse as true/false)
    swapped = training_row("E00000002", "TR2025-SWAP0001").replace(",staff,", f",{SWAPPED},")
    emailed = training_row("E00000003", "TR2025-MAIL0001").replace(",FIN,", f",{SHIFTED_EMAIL},")
    more = "\n".join(training_row(f"E0000001{i}", f"TR2025-GOOD001{i}") for i in range(3))  # not mostly bad: loaded
    (training / "swapped.csv").write_text(f"{header}\n{more}\n{swapped}\n{emailed}\n", encoding="utf-8")
    case_values = {"case_id": "CASE-SHIFT-1", "updated_at": "2025-01-06T10:00:00Z", "opened_on": "2025-01-06"}
    case_values |= {"channel": "email", "category": "harassment", "affected_group": "volunteer", "severity": "low"}
    case_values |= {"status": "open", "crisis_protocol": "false"}
    good_case = ",".join(case_values.get(c, "") for c in case_columns)
    shifted_case = ",".join(
        {**case_values, "case_id": "CASE-SHIFT-2", "crisis_protocol": SHIFTED_NAME}.get(c, "") for c in case_columns
    )
    (cases / "shifted-values.csv").write_text(
        f"{','.join(case_columns)}\n{good_case}\n{shifted_case}\n", encoding="utf-8"
    )


def everything_in_the_warehouse(paths: DataPaths, schemas: tuple[str, ...] | None = None) -> str:
    with connect(paths.warehouse) as con:
        tables = [
            (schema, table)
            for schema, table in con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()
            if schemas is None or schema in schemas
        ]
        return "\n".join(
            str(row)
            for schema, table in tables
            for row in con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
        )


def test_planted_values_appear_nowhere_outside_the_landing_area(
    paths: DataPaths, ingest: Ingest, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    plant(paths.landing, tmp_path / "outside")
    with caplog.at_level(logging.DEBUG):
        ingest("training_records")
        ingest("case_outcomes")
    manifest = ingest.query("SELECT path, status, coalesce(error, '') FROM audit.file_manifest")
    by_file = {name: (status, error) for name, status, error in manifest}
    assert by_file["no-header.csv"][0] == "failed", by_file
    assert "header" in by_file["no-header.csv"][1]
    assert by_file["header-is-data.csv"][0] == "failed", by_file
    assert "link.csv" not in by_file, "a link is never read"
    quarantined = ingest.query("SELECT row_number, rule FROM audit.quarantine WHERE path = 'shifted.csv'")
    assert sorted(quarantined) == [(2, "row_well_formed"), (3, "row_well_formed")], "shifted rows rejected whole"
    quarantined = ingest.query(
        "SELECT path, row_number, rule FROM audit.quarantine WHERE path IN ('swapped.csv', 'shifted-values.csv')"
    )
    assert sorted(quarantined) == [
        ("shifted-values.csv", 2, "crisis_protocol_type"),
        ("swapped.csv", 4, "person_type_allowed"),
        ("swapped.csv", 5, "department_in_departments"),
    ], "the rows with text in the wrong column are set aside, the good rows of the same files loaded"
    places = {
        "warehouse": everything_in_the_warehouse(paths),
        "logs": caplog.text,
        "validation": "\n".join(
            p.read_text(encoding="utf-8", errors="replace") for p in paths.validation.rglob("*") if p.is_file()
        ),
        "log files": "\n".join(p.read_text(errors="replace") for p in paths.logs.rglob("*") if p.is_file()),
    }
    assert_no_canary(places)


def assert_no_canary(places: dict[str, str]) -> None:
    for place, text in places.items():
        for canary in (PERSON, "CanarySummaryQx7", "Zed Canary", SWAPPED, SHIFTED_NAME, SHIFTED_EMAIL):
            assert canary not in text, f"{canary} found in the {place}"


def readable(path: Path) -> str:
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.mark.slow
def test_planted_values_reach_no_output_of_a_whole_night(
    paths: DataPaths, definitions: dg.Definitions, tmp_path: Path
) -> None:
    """The whole nightly job, with its event log kept in a real instance: every file it writes under
    the data root (reports, PDFs, attachments, site pages and downloads, validation pages, alert log,
    Dagster's own storage) is searched, the warehouse through SQL (its file is compressed)."""
    small_world(paths.landing)
    plant(paths.landing, tmp_path / "outside")
    with dg.instance_for_test(temp_dir=str(paths.dagster_home)) as instance:
        result = run_nightly(definitions, instance)
        assert result.success, "bad files never stop the night"
        events = "\n".join(repr(entry) for entry in instance.all_logs(result.run_id))
    written = [
        p
        for p in paths.root.rglob("*")
        if p.is_file() and paths.landing not in p.parents and not p.name.startswith("warehouse.duckdb")
    ]
    assert any(p.suffix == ".pdf" for p in written) and any(p.name == "index.html" for p in written)
    assert "board-report" in events, "the event log was read"
    places = {str(p.relative_to(paths.root)): readable(p) for p in written} | {"Dagster event log": events}
    assert_no_canary({"warehouse": everything_in_the_warehouse(paths)} | places)
