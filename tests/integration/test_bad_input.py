"""The bad-input corpus: each file gets exactly the outcome written in expected.yaml, every file
reconciles, and the good files delivered beside the bad ones still load."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.ingest.judge import ValidationReport
from pipeline.lib.ingest.merge import validate_and_merge
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.ingest.stage import stage_new_deliveries
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.quality.runner import runner
from pipeline.lib.warehouse.connection import connect
from tests.conftest import RUN_DATE, TEST_KEY
from tests.data.bad import make_corpus

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad"
EXPECTED: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())
CASES = [(source, name) for source in SOURCES for name in EXPECTED[source]]


@dataclass
class Delivered:
    manifest: dict[tuple[str, str], dict[str, Any]]
    quarantine: dict[tuple[str, str], dict[int, list[str]]]
    reports: dict[str, ValidationReport]
    core_keys: dict[str, set[str]]
    training_status: dict[str, str]
    being_written: dict[tuple[str, str], str]  # files not read, as incomplete, and why


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> Delivered:
    """The whole corpus delivered at once, one run per source, into a fresh warehouse."""
    paths = DataPaths(tmp_path_factory.mktemp("bad") / "data").ensure()
    shutil.rmtree(paths.landing)
    shutil.copytree(CORPUS, paths.landing, ignore=shutil.ignore_patterns("*.py", "*.yaml", "__pycache__"))
    reports = {}
    being_written = {}
    with connect(paths.warehouse, pseudonym_key=TEST_KEY) as con:
        initialise(con)
        for source in SOURCES:
            contract = load_contract(source)
            staged = stage_new_deliveries(con, contract, paths.landing_for(source), "bad-run")
            being_written |= {(source, f.path): f.error or "" for f in staged.files if f.status == "being written"}
            reports[source] = validate_and_merge(
                con,
                contract,
                "bad-run",
                lambda: runner(paths.validation / "docs"),
                paths.validation / "results",
                RUN_DATE,
            )
        columns = [
            "source",
            "path",
            "status",
            "rows_read",
            "rows_loaded",
            "rows_quarantined",
            "rows_held",
            "error",
            "notes",
        ]
        manifest = {
            (r[0], r[1]): dict(zip(columns, r, strict=True))
            for r in con.execute(f"SELECT {', '.join(columns)} FROM audit.file_manifest").fetchall()
        }
        quarantine: dict[tuple[str, str], dict[int, list[str]]] = {}
        for source, path, row, rules in con.execute(
            "SELECT source, path, row_number, list(rule ORDER BY rule) FROM audit.quarantine GROUP BY ALL"
        ).fetchall():
            quarantine.setdefault((source, path), {})[row] = rules
        core_keys = {
            "training_records": {r[0] for r in con.execute("SELECT record_id FROM core.training_records").fetchall()},
            "case_outcomes": {r[0] for r in con.execute("SELECT case_id FROM core.cases").fetchall()},
            "assessment_status": {r[0] for r in con.execute("SELECT assessment_id FROM core.assessments").fetchall()},
            "request_counts": {r[0] for r in con.execute("SELECT country FROM core.request_counts").fetchall()},
        }
        status = dict(con.execute("SELECT record_id, status FROM core.training_records").fetchall())
    return Delivered(manifest, quarantine, reports, core_keys, status, being_written)


def test_the_corpus_is_big_and_reproducible() -> None:
    built = make_corpus.build()
    assert len(built) >= 40
    for path, content in built.items():
        assert path.read_bytes() == content, f"{path.name} differs from what make_corpus.py makes"
    assert {(p.parent.name, p.name) for p in built} == set(CASES)


@pytest.mark.parametrize(("source", "name"), CASES)
def test_each_bad_file_gets_its_outcome(delivered: Delivered, source: str, name: str) -> None:
    expected = EXPECTED[source][name]
    if expected["status"] == "being written":  # not complete: not read at all
        assert (source, name) not in delivered.manifest
        assert expected["error"] in delivered.being_written[(source, name)]
        return
    got = delivered.manifest[(source, name)]
    assert got["status"] == expected["status"], got["error"]
    if "rows_read" in expected:
        assert got["rows_read"] == expected["rows_read"]
    if "error" in expected:
        assert expected["error"] in (got["error"] or "")
    if "notes" in expected:
        assert expected["notes"] in (got["notes"] or "")
    assert delivered.quarantine.get((source, name), {}) == expected.get("quarantined", {})
    if got["status"] != "failed":
        assert got["rows_read"] == got["rows_loaded"] + got["rows_quarantined"] + got["rows_held"]
    if got["status"] == "held":
        assert got["rows_loaded"] == 0 and got["rows_held"] == got["rows_read"]


@pytest.mark.parametrize("source", SOURCES)
def test_the_good_file_beside_them_loads_whole(delivered: Delivered, source: str) -> None:
    good = delivered.manifest[(source, "good.csv")]
    assert good["rows_loaded"] == good["rows_read"] > 0
    if source == "request_counts":
        assert "US" in delivered.core_keys[source]
    else:
        assert {f"good-{i}" for i in range(1, good["rows_read"] + 1)} <= delivered.core_keys[source]


def test_held_and_failed_files_reach_nothing(delivered: Delivered) -> None:
    for prefix in ("dup-", "quote-", "miss-", "renamed-", "cp1251-", "trunc-"):
        assert not any(k.startswith(prefix) for k in delivered.core_keys["training_records"]), prefix
    assert not any(k.startswith("dupv-") for k in delivered.core_keys["case_outcomes"])
    assert not {"IN", "KG"} & delivered.core_keys["request_counts"]


def test_a_record_delivered_twice_counts_once_with_its_latest_state(delivered: Delivered) -> None:
    across = {k: v for k, v in delivered.training_status.items() if k.startswith("across-")}
    assert across == {f"across-{i}": "completed" for i in range(1, 5)}


def test_every_problem_is_one_line_naming_file_row_and_rule(delivered: Delivered) -> None:
    lines = [p for r in delivered.reports.values() for p in r.problems]
    assert (
        "training_records/completed-before-assigned.csv row 2: completed_on 2024-08-01 is before assigned_on "
        "2024-09-02" in lines
    )
    assert (
        "request_counts/outcomes-do-not-add-up.csv row 2: complied_fully + complied_partly + refused + pending "
        "= 12, but requests = 10" in lines
    )
    assert all("\n" not in line and line.split("/")[0] in SOURCES for line in lines)


def test_personal_values_never_appear_in_problems_or_quarantine(delivered: Delivered) -> None:
    lines = " ".join(p for r in delivered.reports.values() for p in r.problems)
    assert "req-P" not in lines and "Пётр" not in lines
