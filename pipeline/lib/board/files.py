"""The board report on disk: the HTML (printed to PDF beside it) and the full tables it attaches.

The report's appendices are summaries a Board member reads in a minute; the full tables behind
them (every check, every quarantine rule, every row set aside with its file, row, column and rule,
every delivered file with its SHA-256, every breakdown row) are written beside the report as CSV and
one JSON file, and the report links to them. Writing happens here and only here, atomically, file by
file.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from pipeline.lib.board.breakdowns import small_base
from pipeline.lib.board.views import MARKING, REPORT_NAME, STATUS_ORDER, BoardReport
from pipeline.lib.ingest.quarantine import SetAside, by_file, rows_counted
from pipeline.lib.metrics import standing
from pipeline.lib.render import stamps
from pipeline.lib.render.downloads import csv_text
from pipeline.lib.render.templates import environment, static_text

SUMMARY_ROWS = 8  # rows of an appendix table shown in the report; the attachment has them all
FIRST_ROWS = 5  # row numbers named per file in the report; the attachment names every one
# Every attachment carries the marking. In a CSV it is the first column, ``classification``, of
# every row (and the header, so an empty table is marked too): a comment line before the header
# would break every CSV reader, and a row copied into another sheet keeps its marking. In the JSON
# it is a top-level field beside the tables.
CLASSIFICATION = "classification"


def attachments(report: BoardReport) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Each attached table: file name -> (what it holds, its rows)."""
    breakdowns = [
        {
            "commitment": c.commitment.id,
            "metric": m.metric.id,
            "dimension": m.dimension,
            "member": row.label,
            "value": row.raw,
            "shown_as": row.value,
            "based_on": row.basis,
            "small_base": row.small,
        }
        for c in report.commitments
        for m in c.metrics
        for row in m.members
    ]
    columns = ("user_data_requests", "some_data_produced", "accounts_specified", "content_alteration",
               "copyright_notices", "emergency_disclosure")  # fmt: skip
    transparency = [
        {"period": table.label, "country": country, **dict(zip(columns, values, strict=True))}
        for table in report.transparency
        for country, values in [*table.rows, ("Total", table.total)]
    ]
    quality = report.quality
    return {
        f"{REPORT_NAME}-transparency.csv": ("the transparency report per country, year and halves", transparency),
        f"{REPORT_NAME}-breakdowns.csv": ("every breakdown row of every metric", breakdowns),
        f"{REPORT_NAME}-deliveries.csv": ("deliveries by source and status", quality["deliveries_by_status"]),
        f"{REPORT_NAME}-unresolved.csv": (
            "deliveries held back or unreadable",
            report.quality["unresolved_deliveries"],
        ),
        f"{REPORT_NAME}-quarantine.csv": ("rows quarantined, by rule", quality["quarantine_by_rule"]),
        f"{REPORT_NAME}-rows-set-aside.csv": (
            "every row set aside: file, row, column and rule",
            quality["rows_set_aside"],
        ),
        f"{REPORT_NAME}-checks.csv": ("every check and its latest result", quality["latest_checks"]),
        f"{REPORT_NAME}-inputs.csv": ("every input file with its SHA-256", report.inputs),
    }


def quality_summary(report: BoardReport) -> dict[str, Any]:
    """The data-quality appendix in a few numbers: checks by suite, failures named, rules ranked."""
    checks: dict[str, Counter[str]] = defaultdict(Counter)
    for row in report.quality["latest_checks"]:
        checks[row["suite"]]["passed" if row["latest_success"] else "failed"] += 1
    failed = [r for r in report.quality["latest_checks"] if not r["latest_success"]]
    rules = sorted(report.quality["quarantine_by_rule"], key=lambda r: (-r["rows"], r["source"], r["rule"]))
    set_aside = [SetAside(**r) for r in report.quality["rows_set_aside"]]
    files = [
        {"source": f.source, "file": f.file, "rows": len(f.rows), "first": f.rows[:FIRST_ROWS], "rules": list(f.rules)}
        for f in sorted(by_file(set_aside), key=lambda f: (-len(f.rows), f.source, f.file))
    ]
    return {
        "checks": sorted(checks.items()),
        "checks_total": len(report.quality["latest_checks"]),
        "failed": failed[:SUMMARY_ROWS],
        "failed_more": max(0, len(failed) - SUMMARY_ROWS),
        "rules": rules[:SUMMARY_ROWS],
        "rules_more": max(0, len(rules) - SUMMARY_ROWS),
        "quarantined": rows_counted(set_aside),  # a row that broke two rules once, as the manifest counts it
        "set_aside_files": files[:SUMMARY_ROWS],
        "set_aside_files_count": len(files),
        "set_aside_files_more": max(0, len(files) - SUMMARY_ROWS),
        "unresolved": report.quality["unresolved_deliveries"][:SUMMARY_ROWS],
        "unresolved_more": max(0, len(report.quality["unresolved_deliveries"]) - SUMMARY_ROWS),
    }


def inputs_summary(report: BoardReport) -> list[dict[str, Any]]:
    """Input files by source: how many, how many rows, first and last processed."""
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in report.inputs:
        by_source[row["source"]].append(row)
    return [
        {
            "source": source,
            "files": len(rows),
            "rows": sum(r["rows_loaded"] or 0 for r in rows),
            "first": min(_processed(rows), default=None),  # None when no file says when it was processed
            "last": max(_processed(rows), default=None),
        }
        for source, rows in sorted(by_source.items())
    ]


def _processed(rows: list[dict[str, Any]]) -> list[Any]:
    return [r["processed_at"] for r in rows if r["processed_at"] is not None]


def breakable(name: str, separators: str = "_.") -> Markup:
    """A rule or check name that may wrap only after an underscore or dot, never inside a word (a file's
    path also after a slash or hyphen: ``separators``)."""
    return Markup("<wbr>").join(escape(part) for part in _split_after(name, separators))


def _split_after(text: str, separators: str) -> list[str]:
    parts, start = [], 0
    for i, char in enumerate(text):
        if char in separators:
            parts.append(text[start : i + 1])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p]


def render_html(report: BoardReport) -> str:
    env = environment()
    env.filters["breakable"] = breakable
    return env.get_template("board_report.html.j2").render(
        report=report,
        css=static_text("board.css"),
        status_labels=standing.LABELS,
        status_order=STATUS_ORDER,
        small_base=small_base(),
        attachments={name: about for name, (about, _) in attachments(report).items()},
        quality=quality_summary(report),
        inputs=inputs_summary(report),
    )


def _atomic(path: Path, text: str) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def write(report: BoardReport, folder: Path) -> Path:
    """Write the attachments, then the HTML that links to them; returns the HTML's path (the PDF is
    printed from it separately)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = attachments(report)
    for name, (_, rows) in tables.items():
        _atomic(folder / name, marked_csv(rows))
    document: dict[str, Any] = {CLASSIFICATION: MARKING}
    document.update({name.removesuffix(".csv"): rows for name, (_, rows) in tables.items()})
    _atomic(folder / f"{REPORT_NAME}-appendices.json", json.dumps(document, indent=1, default=str, sort_keys=True))
    return _atomic(folder / f"{REPORT_NAME}.html", render_html(report))


def marked_csv(rows: list[dict[str, Any]]) -> str:
    """An attachment's CSV with the marking as its first column (header only when there are no rows)."""
    columns = [CLASSIFICATION, *(rows[0] if rows else [])]
    return csv_text([{CLASSIFICATION: MARKING, **row} for row in rows], columns)


def board_report_key(report: BoardReport) -> str:
    """The key of a board report's inputs: the report as rendered, apart from the run that built it."""
    neutral = dataclasses.replace(report, run_id="", generated_at=datetime(2000, 1, 1))
    return stamps.inputs_key(render_html(neutral), attachments(neutral))
