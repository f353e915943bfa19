"""Where validation results are kept: a JSON document per validated batch under the data root, and
a row per expectation in ``audit.validation_results`` (for trends and the board report's appendix)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.lib.quality.runner import RuleOutcome
from pipeline.lib.warehouse.connection import run_script


def record_results(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    suite: str,
    outcomes: list[RuleOutcome],
    deliveries: int,
    result_path: str,
    now: datetime,
) -> None:
    rows = [
        {
            "run_id": run_id,
            "suite": suite,
            "expectation": o.rule.name,
            "expectation_type": o.rule.type,
            "column_name": o.rule.columns[0] if o.rule.columns else None,
            "level": o.level,
            "success": o.success,
            "element_count": o.element_count,
            "unexpected_count": o.unexpected_count,
            "deliveries": deliveries,
            "validated_at": now,
            "result_path": result_path,
        }
        for o in outcomes
    ]
    con.register("validation_rows", pa.Table.from_pylist(rows))
    try:
        run_script(con, "audit/record_validation.sql")
    finally:
        con.unregister("validation_rows")


def keep_result(results_dir: Path, run_id: str, source: str, index: int, document: dict[str, Any]) -> Path:
    folder = results_dir / run_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{source}-{index + 1:03d}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=1, default=str, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path
