"""Ingest: deliveries land in core once, bad rows go to quarantine, nothing personal is kept."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.ingest.verdicts import core_keys_unique
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.warehouse.connection import connect
from pipeline.sample.generator import CASES_PER_YEAR, SampleSpec
from tests.builders import VALID, rows, write
from tests.conftest import Ingest


def _manifest(ingest: Ingest, source: str) -> list[tuple]:
    return ingest.query(
        f"SELECT path, version, status, rows_read, rows_loaded, rows_quarantined, rows_held "
        f"FROM audit.file_manifest WHERE source = '{source}' ORDER BY delivery_id"
    )


def test_sample_data_loads_and_every_file_reconciles(with_sample: DataPaths, ingest: Ingest) -> None:
    for source in SOURCES:
        staged, validated = ingest(source)
        assert staged.count("failed") == 0
        assert not validated.held
    manifest = ingest.query(
        "SELECT source, status, rows_read, rows_loaded, rows_quarantined, rows_held FROM audit.file_manifest"
    )
    assert len(manifest) == sum(1 for p in with_sample.landing.rglob("*") if p.is_file())
    for source, status, read, loaded, quarantined, held in manifest:
        assert status == "loaded", source
        assert read == loaded + quarantined + held
    counts = dict(
        ingest.query(
            "SELECT 'cases', count(*) FROM core.cases UNION ALL SELECT 'history', count(*) FROM core.case_history"
        )
    )
    spec = SampleSpec()  # what the with_sample fixture generated
    assert counts["cases"] == CASES_PER_YEAR * spec.fiscal_years * spec.scale, "every generated case is in core"
    delivered = sum(read for source, _, read, *_ in manifest if source == "case_outcomes")
    assert 0 < counts["history"] < delivered, "re-exported versions are stored once"


@pytest.mark.parametrize(
    ("column", "bad_value", "rule"),
    [
        ("hours", "two", "hours_type"),
        ("hours", "1.5.2", "hours_type"),
        ("hours", "-1", "hours_in_range"),
        ("assigned_on", "25/07/2025", "assigned_on_type"),
        ("assigned_on", "2024-02-30", "assigned_on_type"),
        ("person_type", "", "person_type_required"),
        ("person_id", "", "person_id_required"),
        ("status", "done", "status_allowed"),
        ("department", "XYZ", "department_in_departments"),
        ("course_id", "HR-999", "course_id_in_courses"),
        ("language", "xx", "language_in_languages"),
    ],
)
def test_each_contract_rule_quarantines_the_row_and_loads_the_rest(
    paths: DataPaths, ingest: Ingest, column: str, bad_value: str, rule: str
) -> None:
    records = rows("training_records", 5)
    records[2][column] = bad_value
    write(paths.landing_for("training_records"), "2024-09.csv", records)
    ingest("training_records")
    quarantined = ingest.query(
        f"SELECT row_number, rule, column_name, message FROM audit.quarantine WHERE rule = '{rule}'"
    )
    assert [(r[0], r[1], r[2]) for r in quarantined] == [(3, rule, column)]
    assert column in quarantined[0][3]
    assert ingest.query("SELECT DISTINCT row_number FROM audit.quarantine") == [(3,)]
    assert _manifest(ingest, "training_records") == [("2024-09.csv", 1, "loaded", 5, 4, 1, 0)]
    loaded = {r[0] for r in ingest.query("SELECT record_id FROM core.training_records")}
    assert loaded == {r["record_id"] for i, r in enumerate(records) if i != 2}


def test_identical_redelivery_is_counted_once_and_reported(paths: DataPaths, ingest: Ingest) -> None:
    folder = paths.landing_for("training_records")
    write(folder, "2024-09.csv", rows("training_records", 4))
    ingest("training_records")
    (folder / "again").mkdir()
    shutil.copy(folder / "2024-09.csv", folder / "again" / "copy-of-2024-09.csv")
    staged, _ = ingest("training_records")
    # the untouched original is not even read again; the copy is read, recognised and said to be a copy
    assert [f.path for f in staged.files] == ["again/copy-of-2024-09.csv"]
    assert staged.count("duplicate") == 1 and staged.count("staged") == 0
    assert staged.notices() == [
        "training_records/again/copy-of-2024-09.csv: the same bytes as training_records/2024-09.csv: "
        "not loaded again, its rows count once"
    ]
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(4,)]
    assert len(_manifest(ingest, "training_records")) == 1
    staged, _ = ingest("training_records")
    assert staged.files == [], "a copy seen once is not read again"


def test_the_key_check_looks_at_the_keys_a_run_merged(paths: DataPaths, ingest: Ingest) -> None:
    """Core is unique after every run, so a run checks only the keys it merged: a duplicate that
    involves one of them is found; the years of history are not regrouped every night."""
    folder = paths.landing_for("training_records")
    write(folder, "2024-09.csv", rows("training_records", 4))
    ingest("training_records")
    write(folder, "2024-10.csv", [dict(rows("training_records", 1)[0], record_id="new-1")])
    ingest("training_records")
    contract = load_contract("training_records")
    with connect(paths.warehouse) as con:
        assert core_keys_unique(con, contract, "test-run-2").passed
        # a copy of a key merged by run 2, as a broken merge would leave it
        con.execute("INSERT INTO core.training_records SELECT * FROM core.training_records WHERE record_id = 'new-1'")
        found = core_keys_unique(con, contract, "test-run-2")
        assert not found.passed and found.description.startswith("1 key(s) occur more than once")
        assert core_keys_unique(con, contract, "test-run-1").passed, "run 1 merged no key that is now doubled"


def test_only_new_or_touched_files_are_read(paths: DataPaths, ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A night's cost follows what is new: files already processed and untouched are not hashed."""
    from pipeline.lib.landing import discover as landing

    folder = paths.landing_for("training_records")
    write(folder, "2024-09.csv", rows("training_records", 4))
    ingest("training_records")
    write(folder, "2024-10.csv", [{**r, "record_id": f"oct-{r['record_id']}"} for r in rows("training_records", 2)])
    read: list[str] = []
    describe = landing.describe
    monkeypatch.setattr(landing, "describe", lambda path, relative: read.append(relative) or describe(path, relative))
    ingest("training_records")
    assert read == ["2024-10.csv"]
    os.utime(folder / "2024-09.csv")  # touched, same bytes: read again, recognised, skipped
    staged, _ = ingest("training_records")
    assert read == ["2024-10.csv", "2024-09.csv"] and staged.count("skipped") == 1
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(6,)]


def test_changed_content_under_the_same_name_is_a_new_version(paths: DataPaths, ingest: Ingest) -> None:
    folder = paths.landing_for("training_records")
    first = rows("training_records", 3, status="assigned", completed_on="", hours="", language="")
    write(folder, "2024-09.csv", first)
    ingest("training_records")
    corrected = [dict(r) for r in first]
    corrected[0].update(status="completed", completed_on="2024-09-30", hours="2", language="ky")
    write(folder, "2024-09.csv", corrected)
    ingest("training_records")
    assert [m[:3] for m in _manifest(ingest, "training_records")] == [
        ("2024-09.csv", 1, "loaded"),
        ("2024-09.csv", 2, "loaded"),
    ]
    assert ingest.query("SELECT status, count(*) FROM core.training_records GROUP BY 1 ORDER BY 1") == [
        ("assigned", 2),
        ("completed", 1),
    ]


def test_case_history_across_three_nightly_exports(paths: DataPaths, ingest: Ingest) -> None:
    folder = paths.landing_for("case_outcomes")
    opened = dict(VALID["case_outcomes"], case_id="CASE-9", updated_at="2024-10-01T09:00:00Z")
    other = dict(opened, case_id="CASE-10")
    investigating = dict(opened, updated_at="2024-10-02T09:00:00Z", status="investigating")
    closed = dict(
        opened,
        updated_at="2024-10-20T16:30:00Z",
        status="closed",
        closed_on="2024-10-20",
        outcome="remedy_provided",
        remedy_type="security_support",
    )
    write(folder, "night-1.csv", [opened, other])
    write(folder, "night-2.jsonl", [opened, investigating, other])  # the open version is exported again
    write(folder, "night-3.parquet", [investigating, closed, other])
    for _ in range(3):
        ingest("case_outcomes")
    history = ingest.query("SELECT status FROM core.case_history WHERE case_id = 'CASE-9' ORDER BY updated_at")
    assert [h[0] for h in history] == ["open", "investigating", "closed"]
    assert ingest.query("SELECT case_id, status, outcome FROM core.cases ORDER BY case_id") == [
        ("CASE-10", "open", None),
        ("CASE-9", "closed", "remedy_provided"),
    ]


def test_status_going_backwards_is_quarantined(paths: DataPaths, ingest: Ingest) -> None:
    folder = paths.landing_for("case_outcomes")
    closed = dict(
        VALID["case_outcomes"],
        updated_at="2024-10-20T16:30:00Z",
        status="closed",
        closed_on="2024-10-20",
        outcome="withdrawn",
    )
    write(folder, "night-1.csv", [closed])
    ingest("case_outcomes")
    write(folder, "night-2.csv", [dict(VALID["case_outcomes"], updated_at="2024-10-21T08:00:00Z")])
    _, validated = ingest("case_outcomes")
    assert validated.problems == [
        "case_outcomes/night-2.csv row 1: status went back from 'closed' to 'open' "
        "(case [withheld], updated_at 2024-10-21 08:00:00)"
    ]
    assert ingest.query("SELECT status FROM core.cases") == [("closed",)]


CANARY_PERSON = "CANARY-PERSON-7319"
CANARY_SUMMARY = "CANARY SUMMARY Айгүл Өмүрбекова 4471"


def test_no_raw_person_id_or_summary_anywhere_in_the_warehouse(paths: DataPaths, ingest: Ingest) -> None:
    write(
        paths.landing_for("training_records"),
        "t.csv",
        rows("training_records", 3, person_id=CANARY_PERSON, record_id="CANARY-RECORD-5521"),
    )
    write(paths.landing_for("case_outcomes"), "c.jsonl", [dict(VALID["case_outcomes"], summary=CANARY_SUMMARY)])
    bad = rows("training_records", 1, person_id=CANARY_PERSON + "-B", department="NOPE")
    write(paths.landing_for("training_records"), "bad.csv", bad)
    ingest("training_records")
    ingest("case_outcomes")
    # the quarantined row is recorded, its person id is not
    assert ingest.query("SELECT count(*) FROM audit.quarantine") == [(1,)]
    files = [p for p in paths.root.glob("warehouse.duckdb*") if p.is_file()]
    data = b"".join(p.read_bytes() for p in files)
    assert b"CANARY-RECORD-5521" in data, "positive control: stored values are findable in the file's bytes"
    for canary in (CANARY_PERSON, CANARY_SUMMARY, "Айгүл Өмүрбекова"):
        for encoding in ("utf-8", "utf-16-le"):
            assert canary.encode(encoding) not in data
    strings = ingest.query(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'"
    )
    for schema, table, column in strings:
        found = ingest.query(
            f'SELECT count(*) FROM "{schema}"."{table}" '
            f"WHERE \"{column}\" LIKE '%CANARY-PERSON%' OR \"{column}\" LIKE '%CANARY SUMMARY%'"
        )
        assert found == [(0,)], f"{schema}.{table}.{column}"


def test_ignored_and_nested_files(paths: DataPaths, ingest: Ingest) -> None:
    folder = paths.landing_for("request_counts")
    write(folder, "2024/H1/counts.csv", rows("request_counts", 2))
    write(folder, "2024/H1/.hidden.csv", rows("request_counts", 2))
    write(folder, "2024/H1/incoming.csv.part", rows("request_counts", 2), fmt="csv")
    write(folder, "2024/H1/more.csv.tmp", rows("request_counts", 2), fmt="csv")
    staged, _ = ingest("request_counts")
    assert [f.path for f in staged.files] == ["2024/H1/counts.csv"]


def test_bom_and_crlf_are_tolerated(paths: DataPaths, ingest: Ingest) -> None:
    records = rows("request_counts", 2)
    text = ",".join(records[0]) + "\r\n" + "".join(",".join(r.values()) + "\r\n" for r in records)
    path = paths.landing_for("request_counts") / "excel-export.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    staged, validated = ingest("request_counts")
    assert staged.count("staged") == 1 and validated.rows_merged == 2


def test_the_definitions_load(definitions: dg.Definitions) -> None:
    graph = definitions.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {f"raw/{s}" for s in SOURCES} | {f"core/{s}" for s in SOURCES} <= keys
    assert definitions.resolve_job_def("nightly") is not None


def test_ingest_assets_materialize_with_metadata(with_sample: DataPaths, definitions: dg.Definitions) -> None:
    selection = [
        a
        for a in definitions.assets or []
        if isinstance(a, dg.AssetsDefinition) and a.key.path[0] in ("raw", "core") and a.key.path[1] == "request_counts"
    ]
    result = dg.materialize(selection, resources=definitions.resources)
    assert result.success
    raw = result.asset_materializations_for_node("raw__request_counts")[0].metadata
    assert raw["dagster/row_count"].value == 6400
    assert raw["files_new"].value == 8
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["reconciliation"] and checks["blocking_rules"] and checks["files_readable"]
    assert checks["row_rules"] is False, "the sample's arithmetic slips are quarantined and reported"


def test_ingest_twice_changes_nothing(with_sample: DataPaths, ingest: Ingest, tmp_path: Path) -> None:
    for source in SOURCES:
        ingest(source)
    before = ingest.query("SELECT count(*), sum(hash(record_id, status)) FROM core.training_records")
    for source in SOURCES:
        staged, validated = ingest(source)
        assert staged.count("staged") == 0 and validated.rows_validated == 0
    assert ingest.query("SELECT count(*), sum(hash(record_id, status)) FROM core.training_records") == before


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_file_name_with_pattern_characters_reads_only_itself(paths: DataPaths, ingest: Ingest, fmt: str) -> None:
    """DuckDB's readers expand ``*``, ``?`` and ``[`` in a path: ``2025-1*.csv`` must not also read
    ``2025-10.csv`` and ``2025-11.csv`` (which it would match), nor ``2025-[1].csv`` read ``2025-1.csv``."""
    landing = paths.landing_for("training_records")
    names = ["2025-1*", "2025-10", "2025-11", "2025-[1]", "2025-1", "2025-1?"]
    for i, name in enumerate(names):
        write(landing, f"{name}.{fmt}", rows("training_records", 1, record_id=f"TR-{i}"))
    staged, _ = ingest("training_records")
    assert staged.count("failed") == 0, staged.problems()
    assert sorted(_manifest(ingest, "training_records")) == sorted(
        (f"{name}.{fmt}", 1, "loaded", 1, 1, 0, 0) for name in names
    )
    assert ingest.query("SELECT count(*), count(DISTINCT record_id) FROM core.training_records") == [(6, 6)]


@pytest.mark.parametrize("whole_first", [True, False])
def test_parquet_files_whose_column_types_differ_are_each_read_as_written(
    paths: DataPaths, ingest: Ingest, whole_first: bool
) -> None:
    """Parquet files of one shape are read in one scan, and DuckDB reads every file of a scan with the
    first file's types: 5.5 hours beside a file whose hours are whole numbers became 6. Files are read
    together only when their column types agree too."""
    landing = paths.landing_for("training_records")
    whole = rows("training_records", 1, record_id="TR-WHOLE", hours=2)
    decimal = rows("training_records", 1, record_id="TR-DECIMAL", hours=5.5)
    first, second = (whole, decimal) if whole_first else (decimal, whole)
    write(landing, "2025-01.parquet", first)
    write(landing, "2025-02.parquet", second)
    staged, validated = ingest("training_records")
    assert staged.count("failed") == 0 and validated.rows_quarantined == 0, staged.problems()
    assert ingest.query("SELECT record_id, hours FROM core.training_records ORDER BY record_id") == [
        ("TR-DECIMAL", 5.5),
        ("TR-WHOLE", 2.0),
    ]


def test_a_file_gone_from_landing_still_counts_and_is_named_until_its_bytes_are_back(
    paths: DataPaths, ingest: Ingest
) -> None:
    """Removing a file withdraws nothing: its rows still count. But `hrp rebuild` reads landing/ as it
    is and would drop them, so a night that can no longer find the bytes, under their name or another,
    names the file, and it needs attention until they are back. A copy under another name holds them."""
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.lib.ingest.stage import GONE
    from pipeline.lib.ops.attention import needing_attention

    folder = paths.landing_for("training_records")
    january = write(folder, "2025-01.csv", rows("training_records", 3)).read_bytes()
    write(folder, "2025-02.csv", [{**r, "record_id": f"feb-{r['record_id']}"} for r in rows("training_records", 2)])
    ingest("training_records")
    (folder / "2025-01.csv").unlink()
    staged, _ = ingest("training_records")
    assert [(f.path, f.status) for f in staged.files] == [("2025-01.csv", "gone")]  # February, unchanged: unread
    assert staged.notices() == [f"training_records/2025-01.csv: {GONE}"]
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(5,)]
    with connect(paths.warehouse) as con:
        [gone] = needing_attention(con)
    assert gone.needs_attention and gone.line().startswith(
        "NEEDS ATTENTION: training_records/2025-01.csv: no longer in landing/, under this name or another; its rows "
        "still count"
    )
    assert gone.action.startswith("put it back as landing/training_records/2025-01.csv")
    status = CliRunner().invoke(cli, ["status", "--json"])
    listed = [i for i in json.loads(status.stdout)["needs_attention"] if i.get("status") == "gone"]
    assert status.exit_code == 1 and [i["path"] for i in listed] == ["2025-01.csv"]
    refused = CliRunner().invoke(cli, ["acknowledge", "training_records/2025-01.csv", "--reason", "gone"])
    assert refused.exit_code != 0 and "nothing to acknowledge; put it back" in " ".join(refused.output.split())

    (folder / "2025-01.csv").write_bytes(january)  # put back
    assert [(f.path, f.status) for f in ingest("training_records")[0].files] == [("2025-01.csv", "skipped")]
    with connect(paths.warehouse) as con:
        assert needing_attention(con) == []

    (folder / "2025-01.csv").unlink()
    (folder / "0-copy.csv").write_bytes(january)  # the bytes under an earlier name: nothing is gone
    staged, _ = ingest("training_records")
    assert [(f.path, f.status) for f in staged.files] == [("0-copy.csv", "duplicate")]
    with connect(paths.warehouse) as con:
        assert needing_attention(con) == []
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(5,)]


def test_a_file_still_being_written_is_named_and_read_whole_once_complete(
    paths: DataPaths, ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut mid-line, a file is not read at all (not its first rows, not a "quote never closed"):
    it is listed as still being written. Completed, the next night reads every row of it. Fresh
    from the copy, a complete-looking file waits for the settling time too."""
    from pipeline.lib.ops.attention import needing_attention

    folder = paths.landing_for("training_records")
    whole = write(folder, "2025-01.csv", rows("training_records", 6)).read_bytes()
    cut = whole.index(b"TR-1-5") + 3
    (folder / "2025-01.csv").write_bytes(whole[:cut])
    staged, _ = ingest("training_records")
    assert [(f.path, f.status) for f in staged.files] == [("2025-01.csv", "being written")]
    assert staged.notices() == [
        "training_records/2025-01.csv: still being written, not read yet: "
        "its last line has no line break yet (a complete file ends with one)"
    ]
    with connect(paths.warehouse) as con:
        [waiting] = needing_attention(con)
    assert waiting.line().startswith("NEEDS ATTENTION: training_records/2025-01.csv: still being written, not read yet")
    assert ingest.query("SELECT count(*) FROM audit.file_manifest") == [(0,)]
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(0,)]

    (folder / "2025-01.csv").write_bytes(whole)
    staged, _ = ingest("training_records")
    assert [(f.path, f.status, f.rows_read) for f in staged.files] == [("2025-01.csv", "staged", 6)]
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(6,)]
    with connect(paths.warehouse) as con:
        assert needing_attention(con) == []

    monkeypatch.setenv("HRP_LANDING_SETTLE_SECONDS", "300")
    write(folder, "2025-02.csv", [{**r, "record_id": f"feb-{r['record_id']}"} for r in rows("training_records", 2)])
    staged, _ = ingest("training_records")
    assert [(f.path, f.status) for f in staged.files] == [("2025-02.csv", "being written")]
    assert "a file is read once untouched for 300 s" in (staged.files[0].error or "")
    ten_minutes_ago = time.time() - 600
    os.utime(folder / "2025-02.csv", (ten_minutes_ago, ten_minutes_ago))
    staged, _ = ingest("training_records")
    assert [(f.path, f.status, f.rows_read) for f in staged.files] == [("2025-02.csv", "staged", 2)]
