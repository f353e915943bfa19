"""The published site, attacked: every table about people is read back from its JSON download and
solved for its hidden cells, as a reader could, with an independent solver (SciPy)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from pipeline.lib.common.settings import DataPaths
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.warehouse.connection import connect
from tests.attack import bounds_of_hidden

K = 10
PEOPLE_COUNTS = [m for m in load_catalogue().public_metrics if m.about_people and m.aggregate == "sum"]


def published_values(site: Path, metric: str) -> list[dict[str, Any]]:
    return json.loads((site / "data" / f"{metric}.json").read_text(encoding="utf-8"))["values"]


def reader_equations(values: list[dict[str, Any]], breakdowns: list[str], halves_add_up: bool) -> list[tuple]:
    """What a reader knows from the table's structure: members add up to the total, a two-way
    table's rows and columns add up to the one-way margins, and the halves add up to the year."""
    cells = {(v["period"], v["breakdown"], v["member_1"], v["member_2"]) for v in values}
    periods = {v["period"] for v in values}
    equations = []
    for period in periods:
        for name in breakdowns:
            members = [c for c in cells if c[0] == period and c[1] == name]
            if name and "," not in name:
                equations.append(((period, "", None, None), members))
            if "," in name:
                first, second = name.split(",")
                for margin in (c for c in cells if c[0] == period and c[1] in (first, second)):
                    position = 2 if margin[1] == first else 3
                    equations.append((margin, [m for m in members if m[position] == margin[2]]))
    if halves_add_up:
        for cell in (c for c in cells if "-H" not in c[0]):
            equations.append(
                (cell, [c for c in ((f"{cell[0]}-H1", *cell[1:]), (f"{cell[0]}-H2", *cell[1:])) if c in cells])
            )
    return equations


@pytest.mark.parametrize("metric", PEOPLE_COUNTS, ids=lambda m: m.id)
def test_no_hidden_count_is_pinned_down_to_within_k(sample_site: Path, metric: Any) -> None:
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for value in published_values(sample_site, metric.id):
        by_year[value["fiscal_year"]].append(value)
    breakdowns = [",".join(b) for b in metric.public_breakdowns]
    attacked = 0
    for values in by_year.values():
        # a period nothing was delivered for is not a hidden count: a reader knows it adds nothing
        published = {
            (v["period"], v["breakdown"], v["member_1"], v["member_2"]): v["value"] if v["status"] == "published" else 0
            for v in values
            if v["status"] in ("published", "no data")
        }
        hidden = {
            (v["period"], v["breakdown"], v["member_1"], v["member_2"]): v["status"]
            for v in values
            if v["status"] not in ("published", "no data")
        }
        assert all(v["value"] is None for v in values if v["status"] != "published"), "hidden means absent"
        if not hidden:
            continue
        equations = reader_equations(values, breakdowns, metric.periods_add_up)
        blind = bounds_of_hidden(published, dict.fromkeys(hidden, (0, None)), equations)
        labelled = bounds_of_hidden(
            published, {cell: (1, K - 1) if s == "small" else (K, None) for cell, s in hidden.items()}, equations
        )
        for cell, (low, high) in blind.items():
            assert high - low >= K, f"{metric.id} {cell}: pinned down to {low}..{high}"
            assert labelled[cell][1] > labelled[cell][0], f"{metric.id} {cell}: worked out exactly"
            attacked += 1
    # nothing to attack: crisis activations are all "fewer than 10"; overdue training assignments are
    # published by department group, none of which is small in the demo (test_department_groups_published)
    assert attacked or metric.id in ("crisis_protocol_activations", "training_overdue_assignments")


def test_small_counts_are_never_published(sample_site: Path, sample_world: DataPaths) -> None:
    for metric in PEOPLE_COUNTS:
        for value in published_values(sample_site, metric.id):
            if value["status"] == "published":
                assert value["value"] == 0 or value["value"] >= K, (metric.id, value)


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
                assert denominator >= K and not 1 <= numerator < K and not 1 <= denominator - numerator < K
            else:
                assert units >= K
    assert checked > 50


def test_exact_metrics_are_published_exactly(sample_site: Path) -> None:
    for metric in load_catalogue().public_metrics:
        if not metric.about_people:
            statuses = {v["status"] for v in published_values(sample_site, metric.id)}
            assert "published" in statuses and statuses <= {"published", "no data"}, metric.id
