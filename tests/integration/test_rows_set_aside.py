"""`hrp rows` finds every row the bad-input corpus had set aside — file, row, column and rule, as
expected.yaml says — filters by file, rule and run, counts the rows as `hrp status` does, and quotes
nothing delivered: neither a planted future date, which the quarantine table does keep (as a value
that may be shown), nor a planted department name, which it does not."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES
from tests.conftest import Ingest

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad"
CANARY_DATE = "2087-03-19"  # no run's timestamp, row number or SHA-256 can contain it
CANARY = "CanaryDeptQx9"


def _cli(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_hrp_rows_names_every_row_set_aside_and_nothing_delivered(paths: DataPaths, ingest: Ingest) -> None:
    shutil.rmtree(paths.landing)
    shutil.copytree(CORPUS, paths.landing, ignore=shutil.ignore_patterns("*.py", "*.yaml", "__pycache__"))
    training = CORPUS / "training_records"
    planted = (training / "unknown-department.csv").read_text().replace("DPT-X", CANARY)
    (paths.landing / "training_records" / "canary.csv").write_text(planted)
    dated = (training / "future-dates.csv").read_text().replace("2099-01-15", CANARY_DATE)
    (paths.landing / "training_records" / "canary-date.csv").write_text(dated)
    for source in SOURCES:
        ingest(source)
    kept = ingest.query("SELECT string_agg(concat(message, offending_value), ' ') FROM audit.quarantine")
    assert CANARY_DATE in str(kept), "the quarantine table keeps the date, so `hrp rows` must leave it out"

    code, output = _cli("rows", "--json")
    assert code == 0 and CANARY not in output and CANARY_DATE not in output
    listed = json.loads(output)
    found: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in listed["rows"]:
        assert set(row) == {"source", "file", "sha256", "row", "column", "rule", "run", "when"}
        found[(row["source"], row["file"])][row["row"]].append(row["rule"])
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text())
    wanted = {
        (source, name): outcome["quarantined"]
        for source in SOURCES
        for name, outcome in expected[source].items()
        if "quarantined" in outcome
    }
    wanted[("training_records", "canary.csv")] = {3: ["department_in_departments"]}
    wanted[("training_records", "canary-date.csv")] = {4: ["completed_not_in_future"]}
    assert {key: {r: sorted(rules) for r, rules in rows.items()} for key, rows in found.items()} == wanted
    (manifest,) = ingest.query("SELECT sum(rows_quarantined) FROM audit.file_manifest")
    assert listed["rows_set_aside"] == manifest[0] == sum(len(rows) for rows in wanted.values())
    assert listed["rows_set_aside"] < len(listed["rows"]), "rows breaking two rules are listed twice, counted once"

    code, output = _cli("rows", "--file", "training_records/wrong-types.parquet", "--json")
    one = json.loads(output)
    assert code == 0 and {r["file"] for r in one["rows"]} == {"wrong-types.parquet"}
    assert one["rows_set_aside"] == 3 and len(one["rows"]) == 5
    code, output = _cli("rows", "--rule", "row_well_formed", "--run", "test-run-1", "--json")
    assert code == 0 and {(r["rule"], r["run"]) for r in json.loads(output)["rows"]} == {
        ("row_well_formed", "test-run-1")
    }
    code, output = _cli("rows", "--file", "canary-date.csv")
    assert code == 0 and "completed_not_in_future" in output and CANARY_DATE not in output
    assert "1 row(s) set aside in 1 file(s)" in output
