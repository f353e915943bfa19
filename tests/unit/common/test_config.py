"""Every configuration loader rejects a misspelled key, a wrong value and a missing field, naming all three.

Each test starts from the real file, breaks one thing, and checks the one-line message: the file, the
dotted key and the reason. The real files must load (otherwise nothing else would work either).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.lib.common import paths
from pipeline.lib.common.config import ConfigError, Strict, load_csv, load_yaml
from pipeline.lib.metrics.catalogue import load_catalogue, parse_catalogue, parse_targets
from pipeline.lib.quality.contracts import parse_contract
from pipeline.lib.quality.rules import parse_suite_file

CONTRACT = "pipeline/contracts/training_records.yaml"
CATALOGUE = "pipeline/catalogue/metrics.yaml"
TARGETS = "pipeline/catalogue/targets/FY2024.yaml"
SUITE = "expectations/case_outcomes.json"


def _yaml(relative: str) -> Any:
    return yaml.safe_load((paths.REPOSITORY / relative).read_text(encoding="utf-8"))


def _suite() -> Any:
    return json.loads((paths.EXPECTATIONS / "case_outcomes.json").read_text(encoding="utf-8"))


def _rejected(load: Any, raw: Any, where: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load(raw, where)
    return str(caught.value)


def test_the_real_files_load() -> None:
    assert parse_contract(_yaml(CONTRACT), CONTRACT).source == "training_records"
    assert parse_catalogue(_yaml(CATALOGUE), CATALOGUE).metrics
    assert parse_targets(_yaml(TARGETS), TARGETS, load_catalogue())
    assert parse_suite_file(_suite(), SUITE)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["columns"][3].update(requried=True), "columns.3.requried: extra key not permitted"),
        (lambda c: c["columns"][0].update(type="text"), "columns.0.type: Input should be 'string', 'date'"),
        (lambda c: c["columns"][5].update(sensitivity="secret"), "columns.5.sensitivity: Input should be 'none'"),
        (lambda c: c["columns"][2].pop("sensitivity"), "columns.2.sensitivity: required key missing"),
        (lambda c: c["core"].update(tabel="x"), "core.tabel: extra key not permitted"),
        (lambda c: c.update(key=["nobody"]), "key column 'nobody' is not a column"),
        (lambda c: c["columns"][3].update(reference="planets"), "columns.3.reference: unknown reference 'planets'"),
    ],
)
def test_a_broken_contract_fails_with_file_key_and_reason(change: Any, message: str) -> None:
    raw = copy.deepcopy(_yaml(CONTRACT))
    change(raw)
    assert _rejected(parse_contract, raw, CONTRACT).startswith(f"{CONTRACT}: ")
    assert message in _rejected(parse_contract, raw, CONTRACT)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["metrics"][0].update(targte=0.9), "metrics.0.targte: extra key not permitted"),
        (lambda c: c["metrics"][1].update(unit="percent"), "metrics.1.unit: Input should be 'share', 'count' or"),
        (lambda c: c["metrics"][2].pop("about"), "metrics.2.about: required key missing"),
        (lambda c: c["metrics"][0].update(source="payroll"), "metrics.0.source: Input should be 'training_records'"),
        (lambda c: c["metrics"][0].update(commitment="fun"), "unknown commitment 'fun'"),
        (lambda c: c["commitments"][0].update(lable="x"), "commitments.0.lable: extra key not permitted"),
    ],
)
def test_a_broken_catalogue_fails_with_file_key_and_reason(change: Any, message: str) -> None:
    raw = copy.deepcopy(_yaml(CATALOGUE))
    change(raw)
    assert _rejected(parse_catalogue, raw, CATALOGUE).startswith(f"{CATALOGUE}: ")
    assert message in _rejected(parse_catalogue, raw, CATALOGUE)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"target": {"training_completion_rate": 0.9}}, "target: extra key not permitted"),
        ({"targets": {"training_completion_rate": "most"}}, "targets.training_completion_rate: Input should be"),
        ({"targets": {"no_such_metric": 0.5}}, "targets.no_such_metric: not a metric with a target"),
    ],
)
def test_a_broken_targets_file_fails_with_file_key_and_reason(raw: Any, message: str) -> None:
    error = _rejected(lambda r, w: parse_targets(r, w, load_catalogue()), raw, TARGETS)
    assert error.startswith(f"{TARGETS}: ")
    assert message in error


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["expectations"][0]["meta"].update(mesage="x"), "expectations.0.meta.mesage: extra key not"),
        (lambda s: s["expectations"][1]["meta"].update(level="fatal"), "expectations.1.meta.level: Input should be"),
        (lambda s: s["expectations"][2].pop("kwargs"), "expectations.2.kwargs: required key missing"),
        (lambda s: s["meta"].pop("description"), "meta.description: required key missing"),
    ],
)
def test_a_broken_expectation_file_fails_with_file_key_and_reason(change: Any, message: str) -> None:
    raw = _suite()
    change(raw)
    assert _rejected(parse_suite_file, raw, SUITE).startswith(f"{SUITE}: ")
    assert message in _rejected(parse_suite_file, raw, SUITE)


def test_what_a_number_is_about_decides_its_protection_unless_the_catalogue_says_otherwise() -> None:
    from pipeline.lib.metrics.catalogue import Metric, load_catalogue

    accounts = load_catalogue().metric("user_data_accounts_specified").model_dump()
    accounts.pop("disclosure")
    assert Metric.model_validate(accounts).disclosure == "people"
    assert Metric.model_validate({**accounts, "about": "demands"}).disclosure == "exact"
    assert Metric.model_validate({**accounts, "disclosure": "exact"}).disclosure == "exact"
    assert all(m.disclosure_reason for m in load_catalogue().metrics)
    requests = [m for m in load_catalogue().metrics if m.source == "request_counts" and "accounts" not in m.id]
    assert requests and all(m.disclosure == "exact" and m.about == "demands" for m in requests)


class Row(Strict):
    code: str
    hours: float


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,hours,colour\nA,1,red\n", "rows.csv: colour: unknown column"),
        ("code\nA\n", "rows.csv: hours: required column missing"),
        ("code,hours,code\nA,1,B\n", "rows.csv: code: column named twice"),
        ("code,hours\nA,1\nB,two\n", "rows.csv row 3: hours: Input should be a valid number"),
        ("code,hours\nA,1,3\n", "rows.csv row 2: 3 values under 2 columns"),
        ("", "rows.csv: code: required column missing"),
    ],
)
def test_a_csv_with_a_stray_or_missing_column_or_a_bad_value_is_one_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_csv(path, Row)
    assert f"/{message}" in str(caught.value).splitlines()[0]
    assert str(caught.value).startswith(str(path))


def test_a_csv_that_matches_its_model_gives_typed_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("hours,code\n1.5,A\n\n2,B\n", encoding="utf-8")
    assert load_csv(path, Row) == (Row(code="A", hours=1.5), Row(code="B", hours=2.0))


def test_broken_yaml_is_one_line_with_the_line_it_breaks_on(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("code: A\nhours: [1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_yaml(path, Row)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"{path}: line 3: not valid YAML")
