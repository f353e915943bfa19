"""The validation page says which rules set rows aside and lists those rows per file, by row, column
and rule: a rule only parsing applies never reaches the expectations' results, so the page once
showed every rule passed while rows were being set aside. What the rows held is never shown."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from pipeline.lib.ingest.quarantine import Quarantine, write_quarantine
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.ops import validation_page
from pipeline.lib.warehouse.connection import connect

CANARY = "1987-06-05"


def test_the_page_counts_rows_set_aside_per_rule_and_lists_them_per_file(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        initialise(con)
        con.execute(
            "INSERT INTO audit.validation_results VALUES ('run-1', 'request_counts', 'requests_in_range', "
            "'expect_column_values_to_be_between', 'requests', 'row', true, 10, 0, 1, "
            "TIMESTAMP '2026-11-25 02:00:00', NULL)"
        )
        quarantine = Quarantine("request_counts", "run-1")
        for row in (3, 7):
            quarantine.add("c" * 64, "2025/h2.csv", row, "requests", "requests_type", "requests is -", None)
        quarantine.add("c" * 64, "2025/h2.csv", 7, "period_end", "period_end_type", f"is {CANARY}", CANARY)
        write_quarantine(con, quarantine)
        page = validation_page.write(con, tmp_path / "out", datetime(2026, 11, 25, 2, 5))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    assert "Rows set aside: 2 " in text, "row 7 broke two rules: one row"
    assert "requests_type 2 " in text and "period_end_type 1 " in text
    assert "2025/h2.csv (2 row(s)" in text
    assert "3 requests requests_type run-1" in text and "7 period_end period_end_type run-1" in text
    assert CANARY not in text and "requests is -" not in text
