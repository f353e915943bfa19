"""Valid rows for each source and small delivery files, so each test plants exactly one problem."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:  # the builders load no pipeline code until a night is run
    from pipeline.lib.common.layout import DataPaths

VALID: dict[str, dict[str, str]] = {
    "training_records": {
        "record_id": "TR-1",
        "person_id": "E00000001",
        "person_type": "staff",
        "department": "ENG",
        "course_id": "HR-101",
        "assigned_on": "2024-09-02",
        "due_on": "2024-11-01",
        "completed_on": "2024-09-20",
        "status": "completed",
        "hours": "2",
        "language": "en",
    },
    "case_outcomes": {
        "case_id": "CASE-1",
        "updated_at": "2024-10-01T10:00:00Z",
        "opened_on": "2024-09-28",
        "closed_on": "",
        "channel": "email",
        "category": "harassment",
        "affected_group": "volunteer",
        "country": "DE",
        "severity": "medium",
        "status": "open",
        "outcome": "",
        "remedy_type": "",
        "crisis_protocol": "false",
        "summary": "Editor reported harassment.",
    },
    "assessment_status": {
        "assessment_id": "HRA-1",
        "as_of": "2024-12-31",
        "subject_type": "feature",
        "subject_name": "Account recovery flow",
        "owner_department": "PRD",
        "kind": "impact_assessment",
        "status": "mitigations_open",
        "risk_level": "high",
        "started_on": "2024-10-01",
        "completed_on": "2024-12-01",
        "mitigations_total": "4",
        "mitigations_done": "1",
        "next_review_due": "2025-12-01",
    },
    "request_counts": {
        "period_start": "2024-01-01",
        "period_end": "2024-06-30",
        "country": "US",
        "request_type": "user_data",
        "requester_type": "government",
        "requests": "10",
        "accounts_specified": "12",
        "complied_fully": "1",
        "complied_partly": "1",
        "refused": "7",
        "pending": "1",
    },
}
KEY_FIELD = {
    "training_records": "record_id",
    "case_outcomes": "case_id",
    "assessment_status": "assessment_id",
    "request_counts": "country",
}
COUNTRIES = ["US", "DE", "FR", "GB", "IN", "BR", "JP", "KG", "KZ", "TR", "IT", "ES"]


def rows(source: str, n: int = 3, **overrides: str) -> list[dict[str, str]]:
    """``n`` valid rows with distinct keys, then ``overrides`` applied to all of them."""
    out = []
    for i in range(n):
        row = dict(VALID[source])
        field = KEY_FIELD[source]
        row[field] = COUNTRIES[i % len(COUNTRIES)] if source == "request_counts" else f"{row[field]}-{i + 1}"
        if source == "training_records":
            row["person_id"] = f"E{i + 1:08d}"
        row.update(overrides)
        out.append(row)
    return out


def write(folder: Path, name: str, records: list[dict[str, Any]], fmt: str | None = None) -> Path:
    """Write a delivery as CSV, JSON Lines or Parquet (by ``fmt`` or the name's extension)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = fmt or path.suffix.lstrip(".")
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    elif fmt == "parquet":
        pl.DataFrame(records).write_parquet(path)
    else:
        raise ValueError(fmt)
    return path


# ------------------------------------------------------------------------------ a small world
# A handful of people, cases, assessments and tallies whose every metric for FY2025 (July 2024 to
# June 2025) is worked out by hand in tests/integration/test_metrics.py. It also carries planted
# canaries (a person id and a case summary) and HTML-injection payloads, which must never be shown
# (or, where shown, only as escaped text).

CANARY_PERSON = "CANARY-PERSON-4242"
CANARY_SUMMARY = "CANARY-SUMMARY Айгүл Өмүрова 5150"
INJECTION_SUBJECT = '<script>document.title="pwned-subject"</script>'
INJECTION_DEPARTMENT = "<img src=x onerror=\"document.title='pwned-department'\">"


def _training(
    record: str,
    person: str,
    person_type: str,
    department: str,
    course: str,
    assigned: str,
    due: str,
    completed: str = "",
    status: str = "assigned",
    language: str = "",
) -> dict[str, str]:
    return {
        "record_id": record,
        "person_id": person,
        "person_type": person_type,
        "department": department,
        "course_id": course,
        "assigned_on": assigned,
        "due_on": due,
        "completed_on": completed,
        "status": status if not completed else "completed",
        "hours": "1.5" if completed else "",
        "language": language,
    }


def _case(
    case: str,
    updated: str,
    opened: str,
    category: str,
    group: str,
    severity: str,
    status: str = "open",
    closed: str = "",
    outcome: str = "",
    crisis: str = "false",
    summary: str = "",
) -> dict[str, str]:
    return {
        "case_id": case,
        "updated_at": updated,
        "opened_on": opened,
        "closed_on": closed,
        "channel": "email",
        "category": category,
        "affected_group": group,
        "country": "KG",
        "severity": severity,
        "status": status,
        "outcome": outcome,
        "remedy_type": "",
        "crisis_protocol": crisis,
        "summary": summary or "Nothing to see.",
    }


def _snapshot(
    assessment: str,
    as_of: str,
    subject_type: str,
    name: str,
    kind: str,
    status: str,
    risk: str,
    started: str = "",
    completed: str = "",
    total: int = 0,
    done: int = 0,
    review: str = "",
    department: str = "PRD",
) -> dict[str, str]:
    return {
        "assessment_id": assessment,
        "as_of": as_of,
        "subject_type": subject_type,
        "subject_name": name,
        "owner_department": department,
        "kind": kind,
        "status": status,
        "risk_level": risk,
        "started_on": started,
        "completed_on": completed,
        "mitigations_total": str(total),
        "mitigations_done": str(done),
        "next_review_due": review,
    }


def request_count(start: str, end: str, country: str, kind: str, requester: str, requests: str) -> dict[str, str]:
    """One request-count row with the contract's required columns only (outcomes not reported)."""
    return {
        "period_start": start,
        "period_end": end,
        "country": country,
        "request_type": kind,
        "requester_type": requester,
        "requests": requests,
    }


def _tally(start: str, end: str, country: str, kind: str, requester: str, counts: tuple[int, ...]) -> dict[str, str]:
    requests, accounts, full, partly, refused, pending = (str(c) for c in counts)
    return {
        **request_count(start, end, country, kind, requester, requests),
        "accounts_specified": accounts,
        "complied_fully": full,
        "complied_partly": partly,
        "refused": refused,
        "pending": pending,
    }


def small_world(landing: Path) -> None:
    t = "training_records"
    write(
        landing / t,
        "2024-fy2025.csv",
        [
            _training(
                "T1", CANARY_PERSON, "staff", "ENG", "HR-101", "2024-09-02", "2024-11-01", "2024-09-10", language="en"
            ),
            _training(
                "T2", CANARY_PERSON, "staff", "ENG", "HR-201", "2024-09-02", "2024-11-01", "2024-10-01", language="en"
            ),
            _training(
                "T3", CANARY_PERSON, "staff", "ENG", "HR-301", "2024-09-02", "2024-11-01", "2024-12-01", language="en"
            ),
            _training("T4", "P2", "staff", "ENG", "HR-101", "2024-09-02", "2024-11-01", "2024-09-05", language="en"),
            _training("T5", "P2", "staff", "ENG", "HR-201", "2024-09-02", "2024-11-01"),
            _training("T6", "P3", "contractor", "LEG", "HR-101", "2024-09-02", "2024-11-01", status="exempt"),
            _training(
                "T7", "P3", "contractor", "LEG", "HR-201", "2025-01-15", "2025-03-16", "2025-02-01", language="kir"
            ),
            _training(
                "T8", "P4", "contractor", "LEG", "HR-101", "2025-05-01", "2025-06-15", "2025-07-05", language="en"
            ),
            _training("T9", "P5", "staff", "FIN", "HR-410", "2024-10-01", "2024-11-30", "2024-10-10", language="ky"),
            _training("T10", "P6", "staff", INJECTION_DEPARTMENT, "HR-101", "2024-09-02", "2024-11-01"),  # quarantined
        ],
    )
    write(
        landing / t,
        "2023-fy2024.csv",
        [
            _training(
                "T0", CANARY_PERSON, "staff", "ENG", "HR-101", "2023-09-04", "2023-11-03", "2023-09-20", language="en"
            ),
            _training("T00", "P2", "staff", "ENG", "HR-101", "2023-09-04", "2023-11-03", "2023-09-08", language="en"),
        ],
    )
    c = "case_outcomes"
    write(
        landing / c,
        "export-1.csv",
        [
            _case("C4", "2024-05-01T09:00:00Z", "2024-05-01", "harassment", "staff", "high"),
            _case(
                "C1",
                "2024-08-01T09:00:00Z",
                "2024-08-01",
                "harassment",
                "volunteer",
                "high",
                crisis="true",
                summary=CANARY_SUMMARY,
            ),
            _case(
                "C4",
                "2024-07-15T10:00:00Z",
                "2024-05-01",
                "harassment",
                "staff",
                "high",
                "closed",
                "2024-07-15",
                "withdrawn",
            ),
        ],
    )
    write(
        landing / c,
        "export-2.jsonl",
        [
            _case(
                "C1",
                "2024-08-21T10:00:00Z",
                "2024-08-01",
                "harassment",
                "volunteer",
                "high",
                "closed",
                "2024-08-21",
                "remedy_provided",
                crisis="true",
                summary=CANARY_SUMMARY,
            ),
            _case("C2", "2024-10-01T08:00:00Z", "2024-10-01", "privacy", "reader", "low"),
            _case(
                "C2",
                "2025-02-28T17:00:00Z",
                "2024-10-01",
                "privacy",
                "reader",
                "low",
                "closed",
                "2025-02-28",
                "no_violation_found",
            ),
            _case("C3", "2025-03-01T12:00:00Z", "2025-03-01", "harm", "human_rights_defender", "medium", crisis="true"),
            _case("C5", "2025-06-20T12:00:00Z", "2025-06-20", "other", "volunteer", "low"),
        ],
    )
    a = "assessment_status"
    write(
        landing / a,
        "snapshots.csv",
        [
            _snapshot(
                "A4",
                "2023-12-31",
                "event",
                "Delta",
                "impact_assessment",
                "closed",
                "medium",
                "2023-08-01",
                "2023-10-01",
                2,
                2,
            ),
            _snapshot(
                "A1",
                "2024-09-30",
                "product",
                INJECTION_SUBJECT,
                "impact_assessment",
                "in_progress",
                "high",
                "2024-08-01",
                department="ENG",
            ),
            _snapshot(
                "A1",
                "2024-12-31",
                "product",
                INJECTION_SUBJECT,
                "impact_assessment",
                "mitigations_open",
                "high",
                "2024-08-01",
                "2024-11-15",
                4,
                1,
                "2025-11-15",
                department="ENG",
            ),
            _snapshot(
                "A1",
                "2025-06-30",
                "product",
                INJECTION_SUBJECT,
                "impact_assessment",
                "mitigations_open",
                "high",
                "2024-08-01",
                "2024-11-15",
                4,
                3,
                "2025-11-15",
                department="ENG",
            ),
            _snapshot(
                "A2",
                "2025-03-31",
                "feature",
                "Beta",
                "screening",
                "completed",
                "high",
                "2025-02-01",
                "2025-03-01",
                0,
                0,
                "2025-05-01",
            ),
            _snapshot("A3", "2024-09-30", "grant", "Gamma", "screening", "cancelled", "low", "2024-09-01", "", 2, 0),
        ],
    )
    r = "request_counts"
    write(
        landing / r,
        "tallies.csv",
        [
            _tally("2024-01-01", "2024-06-30", "US", "user_data", "government", (7, 9, 1, 0, 6, 0)),
            _tally("2024-07-01", "2024-12-31", "US", "user_data", "government", (10, 15, 1, 2, 6, 1)),
            _tally("2025-01-01", "2025-06-30", "US", "content_alteration", "court", (4, 4, 0, 0, 4, 0)),
            _tally("2025-01-01", "2025-06-30", "DE", "user_data", "private_party", (3, 3, 1, 0, 2, 0)),
        ],
    )


def run_nightly(definitions: Any, instance: Any | None = None) -> Any:
    """The nightly job in-process, asked for as the schedule asks for it (fiscal years registered first)."""
    import dagster as dg

    from pipeline.defs.automation import nightly_request

    instance = instance or dg.DagsterInstance.ephemeral()
    return definitions.resolve_job_def("nightly").execute_in_process(
        instance=instance,
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
        partition_key=nightly_request(instance).partition_key,
        raise_on_error=False,
    )


def transparency_table(paths: DataPaths, period: str) -> dict[str, dict[str, Any]]:
    """A period's published transparency table (the site's JSON download), by country code."""
    document = json.loads((paths.published / "site" / "data" / f"transparency-{period}.json").read_text())
    return {row["country"]: row for row in document["rows"]}
