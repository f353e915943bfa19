"""The benchmark's incremental night delivers the month after the history's last, in the types and
text shapes its files were delivered in: a night repeating the last month's dates never grew the
covered span, and so never measured what a growing span made a night recompute (every year of
history, until the coverage digests kept only each year's part)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from bench.run import NIGHT_MONTH, add_night


def test_the_night_is_the_next_month_with_new_keys(tmp_path: Path) -> None:
    history = tmp_path / "history"
    (history / "training_records" / "2026").mkdir(parents=True)
    (history / "case_outcomes").mkdir(parents=True)
    pl.DataFrame(
        {
            "record_id": ["T1", "T2"],
            "assigned_on": [date(2026, 5, 31), date(2026, 6, 2)],
            "due_on": [date(2026, 7, 1), date(2026, 8, 1)],
            "completed_on": [date(2026, 6, 30), None],
        }
    ).write_parquet(history / "training_records" / "2026" / f"{NIGHT_MONTH}.parquet")
    pl.DataFrame(
        {"case_id": ["C1"], "updated_at": ["2026-06-18 10:28:53"], "opened_on": ["2026-06-18"], "closed_on": [None]}
    ).write_ndjson(history / "case_outcomes" / f"export-{NIGHT_MONTH}.jsonl")

    assert add_night(tmp_path / "landing", history) == 3
    training = pl.read_parquet(tmp_path / "landing" / "training_records" / "night" / f"night-{NIGHT_MONTH}.parquet")
    assert training.rows() == [
        ("NIGHT-T1", date(2026, 6, 30), date(2026, 8, 1), date(2026, 7, 30)),
        ("NIGHT-T2", date(2026, 7, 2), date(2026, 9, 1), None),
    ]
    cases = (tmp_path / "landing" / "case_outcomes" / "night" / f"night-export-{NIGHT_MONTH}.jsonl").read_text()
    assert cases.strip() == (
        '{"case_id":"NIGHT-C1","updated_at":"2026-07-18 10:28:53","opened_on":"2026-07-18","closed_on":null}'
    )
