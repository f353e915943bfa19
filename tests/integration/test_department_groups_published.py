"""The public site shows department groups, not departments, for the training metrics the
catalogue says so: no department cell anywhere on the site (a reader could subtract the published
departments from a group), and the groups leave fewer cells withheld than departments would."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.disclosure.values import load_rows, protect
from pipeline.lib.metrics.catalogue import Catalogue, load_catalogue
from pipeline.lib.quality.references import reference
from pipeline.lib.render.i18n import available_locales, translation
from pipeline.lib.warehouse.connection import connect

K = 10
GROUPED = [m for m in load_catalogue().public_metrics if any("department_group" in b for b in m.public_breakdowns)]


def _withheld(values: list[dict[str, Any]], breakdown: str) -> tuple[int, int]:
    """Cells withheld by disclosure control, of the cells there was data for."""
    cells = [v for v in values if v["breakdown"] == breakdown and v["status"] != "no data"]
    return sum(v["status"] == "withheld" for v in cells), len(cells)


def _as_if_departments_were_public(catalogue: Catalogue) -> Catalogue:
    """The catalogue as it was: departments (and their two-way breakdowns) published, no groups."""
    metrics = []
    for metric in catalogue.metrics:
        if metric in GROUPED:
            public = tuple(d for d in metric.dimensions if d != "department_group")
            metric = metric.model_copy(update={"public_dimensions": public})
        metrics.append(metric)
    return catalogue.model_copy(update={"metrics": tuple(metrics)})


def test_the_training_metrics_are_grouped() -> None:
    assert {m.id for m in GROUPED} >= {"training_completion_rate", "training_overdue_assignments"}


@pytest.mark.slow
def test_no_department_cell_is_published(sample_site: Path) -> None:
    department_names = {row["name"] for row in reference("departments").rows}
    translated = {translation(locale).gettext(n) for locale in available_locales() for n in department_names}
    names = department_names | translated
    for metric in GROUPED:
        document = json.loads((sample_site / "data" / f"{metric.id}.json").read_text(encoding="utf-8"))
        assert not [v for v in document["values"] if "department" in (v["dimension_1"], v["dimension_2"])]
        assert [v for v in document["values"] if v["dimension_1"] == "department_group"]
        downloads = list((sample_site / "data").glob(f"*/{metric.id}.csv"))  # one per language
        assert len(downloads) == 2 and all(",department," not in p.read_text(encoding="utf-8-sig") for p in downloads)
        shown = [p for p in sample_site.rglob(f"{metric.id}*") if p.suffix in (".html", ".svg", ".js", ".json", ".csv")]
        assert len(shown) > 3, shown
        for path in shown:
            text = path.read_text(encoding="utf-8")
            # a department as a row, column or chart label (its name alone between tags)
            labels = [n for n in names if f">{html.escape(n)}<" in text or f'"{n}"' in text]
            assert not labels, f"{path.relative_to(sample_site)} shows departments {labels}"


@pytest.mark.slow
def test_groups_withhold_fewer_cells_than_departments(sample_site: Path, sample_world: DataPaths) -> None:
    catalogue = load_catalogue()
    with connect(sample_world.warehouse) as con:
        rows = load_rows(con, catalogue)
    before = protect(_as_if_departments_were_public(catalogue), rows, FiscalCalendar(7), K)
    for metric in GROUPED:
        site = json.loads((sample_site / "data" / f"{metric.id}.json").read_text(encoding="utf-8"))["values"]
        departments = [
            {"breakdown": c.breakdown, "status": "no data" if c.undelivered else c.public_status}
            for c in before[metric.id].cells
        ]
        withheld_before, cells_before = _withheld(departments, "department")
        withheld_after, cells_after = _withheld(site, "department_group")
        counts = f"departments {withheld_before}/{cells_before}, groups {withheld_after}/{cells_after}"
        print(f"{metric.id}: withheld {counts}")
        assert cells_before and cells_after
        assert withheld_after < withheld_before
        assert withheld_after / cells_after < withheld_before / cells_before
