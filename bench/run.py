"""``make bench``: the pipeline against bare DuckDB, at growing scale, in one run.

For each scale: generate the sample data (kept under ``bench/.work`` between runs), run the bare
DuckDB baseline and the full pipeline in fresh processes, then an *incremental night* — the same
night's deliveries, the month after the history's last, added on top of one year of history and on
top of four, each run three times from the same state (the median reported) — and measure the
public index page's weight in Chromium. Prints the table; writes the
figures to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.sample import SampleSpec, generate

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
RESULTS = HERE / "results"
NIGHT_MONTH = "2026-06"  # the last month of the sample's history: its files, new keys, a month later, are the night
# Each incremental night runs this many times, alternating one year and four, each from the same
# state of its root; the median is reported. One run of each moved the 4 y / 1 y ratio by up to ±0.07
# between two runs of the same code, as much as the differences it is read for.
NIGHT_REPEATS = 3
NIGHT_DATES = {
    "training_records": ("assigned_on", "due_on", "completed_on"),
    "case_outcomes": ("updated_at", "opened_on", "closed_on"),
}


def _python(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def landing_for(scale: int) -> tuple[Path, dict[str, int], float]:
    """The sample data at ``scale``, generated once and kept."""
    landing = WORK / f"scale-{scale}" / "landing"
    summary = landing.parent / "generated.json"
    if not summary.exists():
        shutil.rmtree(landing, ignore_errors=True)
        started = time.perf_counter()
        report = generate(SampleSpec(scale=scale), landing)
        summary.write_text(json.dumps({"rows": report.rows, "seconds": time.perf_counter() - started}))
    data = json.loads(summary.read_text())
    return landing, data["rows"], data["seconds"]


def fresh_root(name: str, landing: Path, only_fiscal_year: int | None = None) -> Path:
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    (root / "landing").mkdir(parents=True)
    for source_dir in landing.iterdir():
        target = root / "landing" / source_dir.name
        for file in source_dir.rglob("*"):
            if file.is_file() and (only_fiscal_year is None or _in_fiscal_year(file, only_fiscal_year)):
                (target / file.relative_to(source_dir)).parent.mkdir(parents=True, exist_ok=True)
                os.link(file, target / file.relative_to(source_dir))  # no copying: same bytes, same hashes
    return root


def keep_state(root: Path, name: str) -> Path:
    """A copy of everything a night writes under ``root``: all but landing/, which a night only reads.
    (Landing is never copied or linked again: a new link changes a file's inode change time, and a
    night reads a file whose change time moved again, by content, as it must a restamped correction.)"""
    kept = WORK / name
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(root, kept, ignore=lambda folder, names: ["landing"] if Path(folder) == root else [])
    return kept


def restore_state(root: Path, kept: Path) -> None:
    """``root`` as it was when ``kept`` was taken, landing/ left as it is."""
    for entry in root.iterdir():
        if entry.name != "landing":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in kept.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, root / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, root / entry.name, follow_symlinks=False)


def median_night(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median length, with every run's length beside it."""
    ordered = sorted(runs, key=lambda run: float(run["process_seconds"]))
    return {**ordered[len(ordered) // 2], "repeats_seconds": [round(float(r["process_seconds"]), 2) for r in runs]}


def _in_fiscal_year(file: Path, fiscal_year: int) -> bool:
    """Whether a sample file's name (its month, quarter end or half) falls in the fiscal year."""
    import re

    found = re.search(r"(\d{4})-(\d{2}|H[12])", file.name)
    if not found:
        return True
    year, part = int(found.group(1)), found.group(2)
    month = 1 if part == "H1" else 7 if part == "H2" else int(part)
    return (year + (month >= 7)) == fiscal_year


def add_night(landing: Path, night_from: Path) -> int:
    """One night's deliveries: the history's last month of training delta and case export, as new
    records dated a month later. A night delivers days the history does not cover yet, as a real
    one does: repeating the last month's dates, it would never grow the covered span, and would
    not measure what a growing span makes a night recompute."""
    rows = 0
    for source, pattern, key, prefix in (
        ("training_records", f"*/{NIGHT_MONTH}.*", "record_id", "NIGHT-"),
        ("case_outcomes", f"export-{NIGHT_MONTH}.*", "case_id", "NIGHT-"),
    ):
        for file in (night_from / source).glob(pattern):
            frame = _a_month_later(_read(file), NIGHT_DATES[source])
            frame = frame.with_columns((prefix + pl.col(key).cast(pl.String)).alias(key))
            target = landing / source / "night" / f"night-{file.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(frame, target)
            rows += frame.height
    return rows


def _a_month_later(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """The dates of these columns a month later, in the type and text shape they were delivered in."""
    shifted = []
    for name in [c for c in columns if c in frame.columns]:
        column, dtype = pl.col(name), frame.schema[name]
        if dtype == pl.Null:  # blank in every row
            continue
        if dtype in (pl.Date, pl.Datetime):  # a Datetime of any unit or zone compares equal
            shifted.append(column.dt.offset_by("1mo"))
        else:  # ISO text: a day, or a day and a time
            later = column.str.to_datetime(strict=False).dt.offset_by("1mo")
            shape = pl.when(column.str.len_chars() <= 10).then(later.dt.strftime("%Y-%m-%d"))
            shifted.append(shape.otherwise(later.dt.strftime("%Y-%m-%d %H:%M:%S")).alias(name))
    return frame.with_columns(shifted)


def _read(path: Path) -> pl.DataFrame:
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    if path.suffix == ".jsonl":
        return pl.read_ndjson(path, infer_schema_length=None)
    return pl.read_csv(path, infer_schema=False)


def _write(frame: pl.DataFrame, path: Path) -> None:
    if path.suffix == ".parquet":
        frame.write_parquet(path)
    elif path.suffix == ".jsonl":
        frame.write_ndjson(path)
    else:
        frame.write_csv(path)


def page_weight(site: Path) -> int:
    """Bytes transferred for the first view of the English index, as Chromium loads it."""
    from pipeline.lib.render.browser import chromium
    from tests.static_server import serve

    with serve(site) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{url}/en/index.html", wait_until="networkidle")
        sizes = page.evaluate(
            "performance.getEntriesByType('navigation').concat(performance."
            "getEntriesByType('resource')).map(e => e.transferSize)"
        )
    return int(sum(sizes))


@dataclass
class ScaleResult:
    scale: int
    rows: int
    generate_seconds: float
    baseline: dict[str, Any]
    pipeline: dict[str, Any]
    night_one_year: dict[str, Any]
    night_four_years: dict[str, Any]
    night_rows: int
    index_bytes: int

    @property
    def load_transform(self) -> float:
        stages = self.pipeline["stages"]
        return float(sum(stages[s]["seconds"] for s in ("ingest", "validate + merge", "metrics") if s in stages))


def measure(scale: int) -> ScaleResult:
    landing, rows, generate_seconds = landing_for(scale)
    print(f"scale {scale}: {sum(rows.values()):,} rows; baseline…", file=sys.stderr, flush=True)
    baseline_db = WORK / f"baseline-{scale}.duckdb"
    baseline_db.unlink(missing_ok=True)
    baseline = _python("bench.baseline", str(landing), str(baseline_db))
    baseline_db.unlink(missing_ok=True)
    print(f"scale {scale}: pipeline…", file=sys.stderr, flush=True)
    # both roots linked before either runs: a link made later changes the files' inode change time
    four = fresh_root(f"run-{scale}", landing)
    one = fresh_root(f"one-year-{scale}", landing, only_fiscal_year=2026)
    pipeline = _python("bench.pipeline_run", str(four))
    index_bytes = page_weight(four / "published" / "site")
    print(f"scale {scale}: incremental nights…", file=sys.stderr, flush=True)
    _python("bench.pipeline_run", str(one))  # the year of history, loaded (not measured)
    night_rows = add_night(one / "landing", landing)
    add_night(four / "landing", landing)
    nights: dict[Path, list[dict[str, Any]]] = {one: [], four: []}
    before = {history: keep_state(history, f"before-night-{history.name}") for history in nights}
    for _ in range(NIGHT_REPEATS):
        for history, runs in nights.items():
            runs.append(_python("bench.pipeline_run", str(history)))
            restore_state(history, before[history])
    night_one, night_four = median_night(nights[one]), median_night(nights[four])
    return ScaleResult(
        scale, sum(rows.values()), generate_seconds, baseline, pipeline, night_one, night_four, night_rows, index_bytes
    )


def table(results: list[ScaleResult]) -> str:
    def row(label: str, values: list[str]) -> str:
        return f"| {label} | " + " | ".join(values) + " |"

    lines = [row("", [f"scale {r.scale}" for r in results]), "|---|" + "---|" * len(results)]
    lines.append(row("rows delivered", [f"{r.rows:,}" for r in results]))
    lines.append(row("baseline: load (s)", [f"{r.baseline['load_seconds']:.1f}" for r in results]))
    lines.append(row("baseline: metric SQL (s)", [f"{r.baseline['transform_seconds']:.1f}" for r in results]))
    lines.append(row("baseline: load + transform (s)", [f"{r.baseline['total_seconds']:.1f}" for r in results]))
    lines.append(row("baseline: peak RSS (MB)", [f"{r.baseline.get('peak_rss_mb', 0):.0f}" for r in results]))
    for stage in ("ingest", "validate + merge", "metrics", "privacy", "board report", "site", "publish"):
        lines.append(
            row(
                f"pipeline: {stage} (s / peak MB)",
                [
                    f"{r.pipeline['stages'].get(stage, {}).get('seconds', 0):.1f} / "
                    f"{r.pipeline['stages'].get(stage, {}).get('peak_rss_mb', 0):.0f}"
                    for r in results
                ],
            )
        )
    lines.append(row("pipeline: load + transform (s)", [f"{r.load_transform:.1f}" for r in results]))
    lines.append(
        row(
            "**ratio pipeline / baseline, load + transform**",
            [f"**{r.load_transform / r.baseline['total_seconds']:.2f}×**" for r in results],
        )
    )
    lines.append(
        row(
            "validate + merge, share of load + transform",
            [f"{_stage(r.pipeline, 'validate + merge') / r.load_transform:.0%}" for r in results],
        )
    )
    lines.append(
        row(
            "fixed overhead: imports, definitions, run start (s)",
            [
                f"{sum(r.pipeline['overhead'].values()):.1f} ("
                + ", ".join(f"{k} {v:.1f}" for k, v in r.pipeline["overhead"].items())
                + ")"
                for r in results
            ],
        )
    )
    lines.append(row("pipeline: whole run, end to end (s)", [f"{r.pipeline['process_seconds']:.1f}" for r in results]))
    lines.append(row("pipeline: peak RSS (MB)", [f"{r.pipeline['peak_rss_mb']:.0f}" for r in results]))
    lines.append(row("night: rows delivered", [f"{r.night_rows:,}" for r in results]))
    for label, history in (("1 year", "night_one_year"), ("4 years", "night_four_years")):
        lines.append(
            row(
                f"night on {label} of history, median of {NIGHT_REPEATS} (s)",
                [
                    f"{getattr(r, history)['process_seconds']:.1f} ("
                    + ", ".join(f"{s:.1f}" for s in getattr(r, history)["repeats_seconds"])
                    + ")"
                    for r in results
                ],
            )
        )
    lines.append(
        row(
            "**night: 4 years / 1 year**",
            [
                f"**{r.night_four_years['process_seconds'] / r.night_one_year['process_seconds']:.2f}×**"
                for r in results
            ],
        )
    )
    for stage in ("ingest", "validate + merge", "metrics", "privacy", "board report", "site"):
        lines.append(
            row(
                f"night: {stage}, 1 year → 4 years (s)",
                [f"{_stage(r.night_one_year, stage):.1f} → {_stage(r.night_four_years, stage):.1f}" for r in results],
            )
        )
    lines.append(
        row(
            "board report build (s)",
            [f"{r.pipeline['stages'].get('board report', {}).get('seconds', 0):.1f}" for r in results],
        )
    )
    lines.append(row("public index, first view (KB transferred)", [f"{r.index_bytes / 1024:.0f}" for r in results]))
    return "\n".join(lines)


def _stage(run: dict[str, Any], stage: str) -> float:
    return float(run["stages"].get(stage, {}).get("seconds", 0.0))


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.platform()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", "--scale", nargs="+", type=int, default=[1, 100, 1000])
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    results = [measure(scale) for scale in args.scales]
    rendered = table(results)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\nMachine: {machine()}\nDate: {stamp}\n\n{rendered}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json").write_text(
        json.dumps(
            {"machine": machine(), "date": stamp, "results": [r.__dict__ for r in results], "table": rendered},
            indent=1,
            default=str,
        )
    )


if __name__ == "__main__":
    main()
