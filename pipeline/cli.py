"""``hrp``: the operators' console. Human-readable by default, ``--json`` for scripts; the exit status
is non-zero whenever what was asked did not fully succeed."""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline import operations
from pipeline.lib.common.settings import DevelopmentKeyWarning, allow_development_key

console = Console(stderr=True)
out = Console()


def _emit(as_json: bool, payload: dict[str, Any], render: Any) -> None:
    if as_json:
        click.echo(json.dumps(payload, indent=2, default=str))
    else:
        render()


@click.group()
def cli() -> None:
    """Accountability reporting for the human-rights policy."""
    warnings.simplefilter("once", DevelopmentKeyWarning)
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")  # Dagster's notes on its own API


@cli.command()
@click.option("--seed", default=20211208, show_default=True, help="Random seed: the same seed gives the same files.")
@click.option("--scale", default=1, show_default=True, help="Multiply the volume (1 = about 700 people).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Landing folder to write into (default: the data root's landing/).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def sample(seed: int, scale: int, out: Path | None, as_json: bool) -> None:
    """Write deterministic sample landing files for the four sources."""
    from pipeline.sample import SampleSpec

    paths = operations.prepare_environment()
    report = _generate(SampleSpec(seed=seed, scale=scale), out or paths.landing)
    _emit(
        as_json,
        {"rows": report.rows, "files": report.files, "total_rows": report.total_rows},
        lambda: out_table(
            "Sample data",
            ["source", "files", "rows"],
            [(s, report.files[s], f"{report.rows[s]:,}") for s in report.rows],
        ),
    )


def _generate(spec: Any, landing: Path) -> Any:
    from pipeline.sample import generate

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, Any] = {}

        def tick(source: str, done: int, total: int) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(f"generating {source}", total=total)
            progress.update(tasks[source], completed=done)

        return generate(spec, landing, tick)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def run(as_json: bool) -> None:
    """Run the nightly job now (ingest, validate, measure, publish)."""
    operations.prepare_environment()
    outcome = _run_with_spinner("nightly")
    _emit(as_json, outcome.as_dict(), lambda: _print_outcome(outcome))
    sys.exit(0 if outcome.success else 1)


def _run_with_spinner(job: str) -> operations.RunOutcome:
    with console.status(f"running {job} through Dagster…"):
        return operations.run_job(job)


def _print_outcome(outcome: operations.RunOutcome) -> None:
    state = "[green]succeeded[/]" if outcome.success else "[red]did not fully succeed[/]"
    out.print(f"Run {outcome.run_id} {state} in {outcome.seconds:.1f} s.")
    for step in outcome.failed_steps:
        out.print(f"  failed step: {step}")
    for check in outcome.failed_checks:
        out.print(f"  blocking check failed: {check}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def status(as_json: bool) -> None:
    """The last nightly run, each source's freshness, held deliveries and what is published.
    Exits non-zero unless all is well (for monitoring)."""
    paths = operations.prepare_environment()
    state = operations.status(paths)

    def show() -> None:
        run = state.last_run
        if run is None:
            out.print("No nightly run yet.")
        else:
            colour = "green" if run["status"] == "SUCCESS" else "red"
            out.print(
                f"Last nightly run {run['run_id'][:8]}: [{colour}]{run['status']}[/] "
                f"(started {run['started']}, ended {run['ended']})"
            )
            for check in run["failed_checks"]:
                out.print(f"  failed check: {check}")
        out.print(f"Runs in progress: {state.runs_in_progress}; queued: {state.runs_queued}")
        if state.warehouse_busy:
            out.print(f"[yellow]{state.warehouse_busy}[/]")
        for source in state.sources:
            mark = "[green]✓[/]" if source["on_time"] else "[red]✗[/]"
            out.print(f"{mark} {source['describe']}")
        out.print(f"Held deliveries: {state.held}" + (" (see `hrp held`)" if state.held else ""))
        pub = state.publication
        out.print(f"Published: {pub['id']} built {pub['built_at']}" if pub else "Nothing published yet.")

    _emit(as_json, state.as_dict(), show)
    sys.exit(0 if state.healthy else 1)


@cli.command()
def demo() -> None:
    """Generate sample data if the landing area is empty, run everything once, show what came out."""
    started = time.monotonic()
    allow_development_key()
    paths = operations.prepare_environment()
    if operations.landing_is_empty(paths):
        from pipeline.sample import SampleSpec

        report = _generate(SampleSpec(), paths.landing)
        console.print(f"Generated {report.total_rows:,} sample rows in {sum(report.files.values())} files.")
    outcome = _run_with_spinner("nightly")
    _print_outcome(outcome)
    from pipeline.lib.ops.summary import source_summaries

    with operations.warehouse(paths, "hrp demo summary") as con:
        summaries = source_summaries(con)
    out_table(
        "What was loaded",
        ["source", "files", "held", "failed", "rows read", "loaded", "quarantined", "core table", "core rows"],
        [
            (
                s.source,
                s.files_loaded,
                s.files_held,
                s.files_failed,
                f"{s.rows_read:,}",
                f"{s.rows_loaded:,}",
                f"{s.rows_quarantined:,}",
                s.core_table,
                f"{s.core_rows:,}",
            )
            for s in summaries
        ],
    )
    out.print("\nOpen:")
    for label, path in operations.outputs(paths, outcome.run_id):
        out.print(f"  {label:<30} {path}")
    out.print(f"\nDemo finished in {time.monotonic() - started:.1f} s.")
    sys.exit(0 if outcome.success else 1)


@cli.command()
@click.option("--fiscal-year", "fiscal_year", required=True, help="The fiscal year, e.g. FY2025.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def report(fiscal_year: str, as_json: bool) -> None:
    """Recompute one fiscal year's metrics and rebuild its board report (HTML and PDF)."""
    from pipeline.lib.common.fiscal import year_of_key

    year_of_key(fiscal_year)  # a clear error for anything but FYnnnn
    paths = operations.prepare_environment()
    with console.status(f"recomputing {fiscal_year} and building its board report…"):
        outcome = operations.run_job(
            "fiscal_year_report",
            partition_key=fiscal_year,
            run_config={
                "ops": {
                    "reports__board_report": {"config": {"fiscal_years": [fiscal_year]}},
                    "marts__metric_values": {"config": {"recompute_all": True}},
                }
            },
        )
    html = paths.builds / "board" / fiscal_year / "board-report.html"

    def show() -> None:
        _print_outcome(outcome)
        out.print(f"  HTML {html}\n  PDF  {html.with_suffix('.pdf')}")

    _emit(as_json, {**outcome.as_dict(), "html": str(html), "pdf": str(html.with_suffix(".pdf"))}, show)
    sys.exit(0 if outcome.success else 1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def held(as_json: bool) -> None:
    """List deliveries held back whole, and why."""
    from pipeline.lib.ingest.held import held_deliveries

    paths = operations.prepare_environment()
    with operations.warehouse(paths, "hrp held") as con:
        rows = held_deliveries(con)
    _emit(
        as_json,
        {"held": rows},
        lambda: (
            out_table(
                "Held deliveries",
                ["source", "file", "version", "sha256", "rows", "why"],
                [(r["source"], r["path"], r["version"], r["sha256"][:12], r["rows_read"], r["error"]) for r in rows],
            )
            if rows
            else out.print("No delivery is held.")
        ),
    )


@cli.command()
@click.argument("source")
@click.argument("delivery")
@click.option("--reason", required=True, help="Why the delivery may be accepted despite its blocking rule.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def release(source: str, delivery: str, reason: str, as_json: bool) -> None:
    """Accept a held DELIVERY (its file path or the start of its sha256) of SOURCE.

    A corrected file delivered again under the same name replaces a held version by itself; release
    is for accepting a delivery as it is. The next run merges it (row-level rules still apply).
    """
    from pipeline.lib.ingest.held import held_deliveries
    from pipeline.lib.ingest.held import release as release_delivery
    from pipeline.lib.quality.contracts import load_contract

    paths = operations.prepare_environment()
    with operations.warehouse(paths, "hrp release") as con:
        matches = [
            r
            for r in held_deliveries(con)
            if r["source"] == source and (r["path"] == delivery or r["sha256"].startswith(delivery))
        ]
        if len(matches) != 1:
            console.print(f"[red]{len(matches)} held deliveries of {source} match {delivery!r}; see `hrp held`.[/]")
            sys.exit(1)
        released = release_delivery(con, load_contract(source), matches[0]["sha256"], reason)
    _emit(
        as_json,
        {"released": released, **matches[0]},
        lambda: out.print(f"Released {source}/{matches[0]['path']}; the next run (`hrp run`) merges it."),
    )
    sys.exit(0 if released else 1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def publications(as_json: bool) -> None:
    """List the kept publications, newest first; the published one is marked."""
    from pipeline.lib.publish import publication

    paths = operations.prepare_environment()
    live = publication.current(paths)
    kept = publication.history(paths)
    rows: list[dict[str, Any]] = [
        {
            "id": p.id,
            "published": live is not None and p.id == live.id,
            "run_id": p.manifest.get("run_id"),
            "built_at": p.manifest.get("built_at"),
            "code_version": p.manifest.get("code_version"),
        }
        for p in kept
    ]
    _emit(
        as_json,
        {"publications": rows},
        lambda: out_table(
            "Publications",
            ["id", "published", "built at", "run", "code version"],
            [
                (r["id"], "←" if r["published"] else "", r["built_at"], str(r["run_id"] or "")[:8], r["code_version"])
                for r in rows
            ],
        ),
    )


@cli.command()
@click.argument("publication_id")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def restore(publication_id: str, as_json: bool) -> None:
    """Make an earlier publication (its id, or the start of it) the published one again."""
    from pipeline.lib.publish import publication
    from pipeline.lib.warehouse.connection import writer_lock

    paths = operations.prepare_environment()
    try:
        with writer_lock(paths.warehouse_lock, 60, "hrp restore"):
            restored = publication.restore(paths, publication_id)
    except LookupError as problem:
        console.print(f"[red]{problem}[/]")
        sys.exit(1)
    _emit(
        as_json,
        {"restored": restored.id, "path": str(paths.published)},
        lambda: out.print(f"Published is now {restored.id} ({paths.published})."),
    )


@cli.command()
@click.option("--port", default=3000, show_default=True)
def dev(port: int) -> None:
    """The Dagster UI and daemon on the same instance as `hrp run` and the demo (schedules fire)."""
    import os

    paths = operations.prepare_environment()
    out.print(f"Dagster home: {os.environ['DAGSTER_HOME']}\nData root:    {paths.root}\nOpen http://127.0.0.1:{port}")
    from pipeline.lib.ops.supervise import run_until_signalled

    dagster = str(Path(sys.executable).with_name("dagster"))
    sys.exit(run_until_signalled([dagster, "dev", "-m", "pipeline.definitions", "-h", "127.0.0.1", "-p", str(port)]))


@cli.command()
def i18n() -> None:
    """Extract every message of the site into reports/locale/messages.pot and merge it into each .po."""
    from pipeline.lib.publish.i18n import update_catalogues

    for path in update_catalogues():
        out.print(f"wrote {path}")


@cli.command()
def docs() -> None:
    """Regenerate the generated pages of docs/ (data contracts, metrics, validation rules)."""
    from pipeline.lib.ops.docs import write_all

    for path in write_all():
        out.print(f"wrote {path}")


def out_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, title_justify="left")
    for h in headers:
        table.add_column(h, justify="right" if h not in ("source", "core table", "file") else "left")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    out.print(table)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="hrp")
