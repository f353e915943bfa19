"""The published site, attacked as a whole: every figure about people is read back from the built
site (the CSV and JSON downloads, checked against the pages of both languages) and every hidden number
of people is bounded by an independent mixed-integer program holding every equation a reader can
write, across metrics, breakdowns and periods."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.lib.common import paths as repository
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.warehouse.connection import connect
from tests.attack import EXACT_LOWER_BOUNDS, attack_publication, by_fiscal_year, revealed

K = 10
PEOPLE = [m for m in load_catalogue().public_metrics if m.about_people and m.aggregate in ("sum", "ratio")]
RELATIONS = yaml.safe_load((repository.CATALOGUE / "disclosure_relations.yaml").read_text(encoding="utf-8"))


def published_values(site: Path, metric: str) -> list[dict[str, Any]]:
    return json.loads((site / "data" / f"{metric}.json").read_text(encoding="utf-8"))["values"]


def cell(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(row[k]) for k in ("period", "breakdown", "member_1", "member_2"))


def read_publication(site: Path) -> dict[str, list[dict[str, Any]]]:
    """Every figure a reader can download, checked to be the same in CSV and JSON."""
    values = {}
    for metric in PEOPLE:
        from_json = published_values(site, metric.id)
        for folder in sorted(p for p in (site / "data").iterdir() if p.is_dir()):  # a CSV per language
            with (folder / f"{metric.id}.csv").open(encoding="utf-8-sig") as f:
                from_csv = {cell(r): r for r in csv.DictReader(f)}  # in the page's order: matched by cell
            assert len(from_csv) == len(from_json)
            for b in from_json:
                a = from_csv[cell({k: v or "" for k, v in b.items()})]
                for field in ("value", "based_on"):
                    assert (a[field] or None) == (None if b[field] is None else str(b[field])), (metric.id, a, b)
                assert a["status"] == b["status"]
        values[metric.id] = from_json
    for _, requests in EXACT_LOWER_BOUNDS:  # the exact figures a reader bounds accounts with
        values[requests] = published_values(site, requests)
    return values


@pytest.mark.slow
def test_no_hidden_number_of_people_is_pinned_down_to_within_k(sample_site: Path) -> None:
    attacked = 0
    years = by_fiscal_year(read_publication(sample_site))
    for year, values in years.items():
        for cell, (low, high, status) in attack_publication(values, PEOPLE, RELATIONS, K, years.get(year - 1)).items():
            assert not revealed(low, high, status, K), f"FY{year} {cell} ({status}): pinned down to {low}..{high}"
            attacked += 1
    assert attacked > 100


@pytest.mark.slow
def test_shares_are_published_with_the_precision_the_pages_show(sample_site: Path) -> None:
    for metric in load_catalogue().public_metrics:
        if metric.unit != "share":
            continue
        for v in published_values(sample_site, metric.id):
            if v["value"] is not None:
                assert round(v["value"], 3) == v["value"], (metric.id, v)
    percent = re.compile(r"\d+[.,](\d+)\s*%")
    for page in sample_site.glob("*/*.html"):
        for decimals in percent.findall(page.read_text(encoding="utf-8")):
            assert len(decimals) <= 1, page
    for svg in sample_site.glob("*/charts/*.svg"):
        for decimals in percent.findall(svg.read_text(encoding="utf-8")):
            assert len(decimals) <= 1, svg


def test_small_counts_are_never_published(sample_site: Path) -> None:
    for metric in PEOPLE:
        if metric.aggregate == "sum":
            for value in published_values(sample_site, metric.id):
                if value["status"] == "published" and value["reporting"] in ("", "partly reported"):
                    assert value["value"] == 0 or value["value"] >= K, (metric.id, value)
                elif value["status"] == "published":  # not reported, for the whole year: a status, not a number
                    assert value["value"] is None, (metric.id, value)


def test_shares_and_medians_of_few_people_are_withheld(sample_site: Path, sample_world: DataPaths) -> None:
    with connect(sample_world.warehouse) as con:
        truth = {
            (m, p, b, m1, m2): (num, den, units)
            for m, p, b, m1, m2, num, den, units in con.execute(
                "SELECT metric_id, period_id, breakdown, member_1, member_2, numerator, denominator, units "
                "FROM marts.metric_values"
            ).fetchall()
        }
    checked = 0
    for metric in load_catalogue().public_metrics:
        if not metric.about_people or metric.aggregate == "sum":
            continue
        for v in published_values(sample_site, metric.id):
            numerator, denominator, units = truth[
                (metric.id, v["period"], v["breakdown"], v["member_1"], v["member_2"])
            ]
            if v["status"] != "published" or v["value"] is None:
                continue
            checked += 1
            if metric.aggregate == "ratio":
                assert numerator >= K and denominator - numerator >= K, "0 % and 100 % included"
            else:
                assert units >= K
    assert checked > 50


def test_a_median_is_never_shown_beside_its_withheld_count(sample_site: Path) -> None:
    """A median withheld only for small counts would tell a reader which withheld counts are small
    (found by a hostile reading: 40 withheld backlog cells split into "at least 10" and "1 to 9")."""
    compared = 0
    for pair in RELATIONS["medians"]:
        counts = {_cell(v): v["status"] for v in published_values(sample_site, pair["of"])}
        for v in published_values(sample_site, pair["median"]):
            if counts.get(_cell(v)) == "withheld":
                compared += 1
                assert v["status"] == "withheld" and v["value"] is None, (pair["median"], _cell(v))
    assert compared > 10


def _cell(value: dict[str, Any]) -> tuple[str, str, str | None, str | None]:
    return value["period"], value["breakdown"], value["member_1"], value["member_2"]


def test_exact_metrics_are_published_exactly(sample_site: Path) -> None:
    for metric in load_catalogue().public_metrics:
        if not metric.about_people:
            statuses = {v["status"] for v in published_values(sample_site, metric.id)}
            assert "published" in statuses and statuses <= {"published", "no data"}, metric.id
