"""Valid rows for each source and small delivery files, so each test plants exactly one problem."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import polars as pl

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
