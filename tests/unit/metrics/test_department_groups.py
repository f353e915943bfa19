"""Department groups: every department has one, a group's values are true aggregates of the rows
beneath it (a share of people, not an average of department shares), and the catalogue keeps a
metric from publishing a department and its group side by side."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.lib.common.config import ConfigError
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.ingest.setup import ensure_tables, initialise
from pipeline.lib.metrics.catalogue import Catalogue, load_catalogue, parse_catalogue
from pipeline.lib.metrics.marts import compute_fiscal_years, replace_periods
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.quality.references import department_groups, reference
from pipeline.lib.warehouse.connection import connect

TODAY = date(2026, 11, 25)
# A hand-built world, FY2025 (July 2024 to June 2025), one required course (HR-101) per person,
# assigned 1 August 2024, due 1 September 2024:
#   ENG (technology)  E1 on time, E2 on time, E3 late (1 October)   -> 3 of 3 completed, 1 overdue
#   PRD (technology)  P1 never                                       -> 0 of 1 completed, 1 overdue
#   LEG (trust)       L1 on time, L2 never                           -> 1 of 2 completed, 1 overdue
# Technology: 3 of 4 people = 0.75 (the mean of its department shares, 1.0 and 0.0, would be 0.5).
PEOPLE = [
    ("E1", "ENG", date(2024, 8, 15)),
    ("E2", "ENG", date(2024, 8, 20)),
    ("E3", "ENG", date(2024, 10, 1)),
    ("P1", "PRD", None),
    ("L1", "LEG", date(2024, 8, 10)),
    ("L2", "LEG", None),
]


def _world(database: Path) -> dict[tuple[str, str, str], float]:
    catalogue = load_catalogue()
    training = Catalogue(
        commitments=catalogue.commitments,
        metrics=(catalogue.metric("training_completion_rate"), catalogue.metric("training_overdue_assignments")),
    )
    calendar = FiscalCalendar(7)
    with connect(database) as con:
        initialise(con)
        ensure_tables(con, load_contract("training_records"))
        for number, (person, department, completed) in enumerate(PEOPLE):
            con.execute(
                "INSERT INTO core.training_records BY NAME SELECT $id AS record_id, $person AS person_pseudonym, "
                "'staff' AS person_type, $department AS department, 'HR-101' AS course_id, "
                "DATE '2024-08-01' AS assigned_on, DATE '2024-09-01' AS due_on, $completed AS completed_on, "
                "$status AS status, 2.0 AS hours, 'en' AS language, 'x' AS _file_sha256, "
                "$row AS _row_number, 'r' AS _run_id, 1 AS _delivery_id",
                {
                    "id": f"R{number}",
                    "person": person,
                    "department": department,
                    "completed": completed,
                    "status": "completed" if completed else "assigned",
                    "row": number,
                },
            )
        replace_periods(con, calendar, [2025], TODAY)
        compute_fiscal_years(con, training, calendar, [2025], "run", TODAY, datetime(2026, 11, 25, 1))
        rows = con.execute(
            "SELECT metric_id, breakdown, coalesce(member_1, ''), value FROM marts.metric_values "
            "WHERE period_id = 'FY2025' AND breakdown IN ('', 'department', 'department_group')"
        ).fetchall()
    return {(m, b, member): float(v) for m, b, member, v in rows}


def test_every_department_has_a_known_group() -> None:
    groups = department_groups()
    assert set(groups) == set(reference("departments").codes)
    assert set(groups.values()) == set(reference("department_groups").codes)
    assert 3 <= len(set(groups.values())) <= 5


def test_group_values_are_aggregates_of_their_rows(tmp_path: Path) -> None:
    values = _world(tmp_path / "warehouse.duckdb")
    share, overdue = "training_completion_rate", "training_overdue_assignments"
    assert values[(share, "department", "ENG")] == 1.0 and values[(share, "department", "PRD")] == 0.0
    assert values[(share, "department_group", "technology")] == pytest.approx(3 / 4)
    assert values[(share, "department_group", "trust")] == pytest.approx(1 / 2)
    assert values[(share, "", "")] == pytest.approx(4 / 6)
    assert values[(overdue, "department_group", "technology")] == 2  # E3 late, P1 never
    assert values[(overdue, "department_group", "trust")] == 1
    group_total = sum(v for (m, b, _), v in values.items() if m == overdue and b == "department_group")
    assert group_total == values[(overdue, "", "")] == 3


def test_training_metrics_publish_groups_not_departments() -> None:
    catalogue = load_catalogue()
    for metric_id in ("training_completion_rate", "training_overdue_assignments"):
        metric = catalogue.metric(metric_id)
        published = {d for b in metric.public_breakdowns for d in b}
        computed = {d for b in metric.breakdowns for d in b}
        assert "department_group" in published and "department" not in published
        assert "department" in computed  # the board report keeps departments


def test_a_metric_may_not_publish_a_department_and_its_group() -> None:
    raw = load_catalogue().model_dump(mode="json")
    metric = next(m for m in raw["metrics"] if m["id"] == "training_overdue_assignments")
    metric["public_dimensions"] = ["department", "department_group"]
    with pytest.raises(ConfigError, match="subtract"):
        parse_catalogue(raw, "metrics.yaml")


@pytest.mark.parametrize("order", [1, -1])
def test_two_assignments_on_one_day_give_one_department_whatever_the_storage_order(tmp_path: Path, order: int) -> None:
    """A person assigned two courses on the same day in two departments: the department of "their
    latest assignment" was whichever row DuckDB met last, so a night's history and a clean rebuild
    (rows stored in another order) published different departments (the sequence test's flake)."""
    catalogue = load_catalogue()
    training = Catalogue(commitments=catalogue.commitments, metrics=(catalogue.metric("training_completion_rate"),))
    with connect(tmp_path / "warehouse.duckdb") as con:
        initialise(con)
        ensure_tables(con, load_contract("training_records"))
        for number, (record, department) in enumerate([("T1", "LEG"), ("T5", "FIN")][::order]):
            con.execute(
                "INSERT INTO core.training_records BY NAME SELECT $id AS record_id, 'P' AS person_pseudonym, "
                "'staff' AS person_type, $department AS department, 'HR-101' AS course_id, "
                "DATE '2024-08-01' AS assigned_on, DATE '2024-09-01' AS due_on, NULL AS completed_on, "
                "'assigned' AS status, 2.0 AS hours, 'en' AS language, 'x' AS _file_sha256, "
                "$row AS _row_number, 'r' AS _run_id, 1 AS _delivery_id",
                {"id": record, "department": department, "row": number},
            )
        replace_periods(con, FiscalCalendar(7), [2025], TODAY)
        compute_fiscal_years(con, training, FiscalCalendar(7), [2025], "run", TODAY, datetime(2026, 11, 25, 1))
        departments = con.execute(
            "SELECT member_1 FROM marts.metric_values WHERE period_id = 'FY2025' AND breakdown = 'department'"
        ).fetchall()
    assert departments == [("FIN",)], "the same day's greater record id (T5) decides"
