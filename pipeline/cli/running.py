"""Commands that run the pipeline: ``sample``, ``run``, ``demo``, ``report``.

A run ends with one line per delivery the operator has to deal with (path, what is wrong, what to
do); those deliveries do not make the run fail: the good data was merged and published.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from pipeline import operations, recovery
from pipeline.cli.common import console, data_paths, emit, json_option, out, out_table, parse_fiscal_year, print_lines
from pipeline.cli.group import cli
from pipeline.lib.common.keys import check_key_length
from pipeline.lib.common.settings import (
    DEVELOPMENT_PSEUDONYM_KEY,
    DevelopmentKeyWarning,
    allow_development_key,
    export,
    pseudonym_key_from,
    require_pseudonym_key,
    settings,
)
from pipeline.lib.common.words import counted


@cli.command()
@click.option("--seed", default=20211208, show_default=True, help="Random seed: the same seed gives the same files.")
@click.option("--scale", default=1, show_default=True, help="Multiply the volume (1 = about 700 people).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Landing folder to write into (default: the data root's landing/).",
)
@json_option
def sample(seed: int, scale: int, out: Path | None, as_json: bool) -> None:
    """Write deterministic sample landing files for the four sources."""
    from pipeline.sample import SampleSpec

    paths = operations.prepare_environment()
    report = _generate(SampleSpec(seed=seed, scale=scale), out or paths.landing)
    emit(
        as_json,
        {"rows": report.rows, "files": report.files, "total_rows": report.total_rows},
        lambda: out_table(
            "Sample data",
            ["source", "files", "rows"],
            [(s, report.files[s], f"{report.rows[s]:,}") for s in report.rows],
        ),
    )
    if not as_json:  # a night reads a file only once it has stayed untouched this long (docs/operations.md)
        wait = settings().landing_settle_seconds
        console.print(
            f"The files are new: a night reads them once untouched for {wait:g} s (HRP_LANDING_SETTLE_SECONDS)."
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


def _prepare_for_a_run() -> Any:
    """The data root ready for a run; says so when this run is creating a new warehouse."""
    fresh = not data_paths().warehouse.exists()
    paths = operations.prepare_environment()
    if fresh:
        console.print(f"Creating a new warehouse at {paths.warehouse}", highlight=False)
    return paths


@cli.command()
@json_option
def run(as_json: bool) -> None:
    """Run the nightly job now (ingest, validate, measure, publish)."""
    key = settings().key_text()
    require_pseudonym_key(key)  # one line now, not a failed step per source
    check_key_length(key or "")
    recovery.preflight(data_paths(), pseudonym_key_from(key))  # the warehouse's key, a believable date
    paths = _prepare_for_a_run()
    _tidy(paths)
    outcome = _run_with_spinner(queued=True)
    deliveries = _deliveries_after(paths, outcome.run_id)
    misnamed = _misnamed(paths)

    def show() -> None:
        _print_outcome(outcome)
        for line in misnamed:
            out.print(f"[yellow]NEEDS ATTENTION: {escape(line)}.[/]", highlight=False, soft_wrap=True)
        if deliveries is not None and (deliveries or not misnamed or not outcome.success):
            _print_deliveries(
                deliveries, outcome.success, not outcome.success, 0 if deliveries else operations.still_open(paths)
            )

    payload = {**outcome.as_dict(), "deliveries": [d.as_dict() for d in deliveries or []], "misnamed": misnamed}
    emit(as_json, payload, show)
    raise SystemExit(0 if outcome.success else 1)


def _tidy(paths: Any) -> None:
    """Killed runs marked failed and failed builds' leftovers removed, each said in one line."""
    for line in recovery.tidy(paths):
        console.print(line, highlight=False)


def _misnamed(paths: Any) -> list[str]:
    """Landing files refused for their names (shown escaped), one line each."""
    from pipeline.lib.landing.names import refused_line, unsafe_names

    return [refused_line(name) for name in unsafe_names(paths.landing)]


def _run_with_spinner(queued: bool = False) -> operations.RunOutcome:
    with console.status("running nightly through Dagster…") as spinner:

        def on_queued(run_id: str) -> None:
            console.print(f"A Dagster daemon is running: run {run_id} joined the instance's run queue.")
            spinner.update(f"waiting for queued run {run_id[:8]} (see the Dagster UI)…")

        return operations.run_nightly(queued=queued, on_queued=on_queued)


def _print_outcome(outcome: operations.RunOutcome) -> None:
    state = "[green]succeeded[/]" if outcome.success else "[red]did not fully succeed[/]"
    out.print(f"Run {outcome.run_id} {state} in {outcome.seconds:.1f} s.")
    for step in outcome.failed_steps:
        out.print(f"  failed step: {step}")
    for check in outcome.failed_checks:
        out.print(f"  blocking check failed (nothing new published): {check}")
    for fault in outcome.faults:
        print_lines(out, fault.line().split("\n"), "  ", "red")
    if outcome.failed_steps and not outcome.faults:
        out.print(f"  the failed steps' errors are in the Dagster UI (`hrp dev`), run {outcome.run_id[:8]}")


def _deliveries_after(paths: Any, run_id: str) -> list[Any] | None:
    """What the run left to deal with; None (said in one line) when the warehouse cannot be read."""
    import duckdb

    from pipeline.lib.ops.health import explain
    from pipeline.lib.warehouse.connection import WarehouseBusyError, WarehouseDamagedError

    try:
        return operations.deliveries_after(paths, run_id)
    except WarehouseBusyError as busy:
        console.print(f"[yellow]Could not read what the run left to deal with:[/] {busy}", highlight=False)
        return None
    except (WarehouseDamagedError, OSError, duckdb.Error) as problem:
        finding = explain(problem, paths)
        if finding is None:
            raise
        console.print(f"[yellow]Could not read what the run left to deal with:[/] {escape(finding.line())}")
        return None


def _print_deliveries(deliveries: list[Any], published: bool, run_failed: bool = False, still_open: int = 0) -> None:
    """The last lines of a run: one per delivery to deal with, or what earlier runs left. "The good
    data was published" only after a run that succeeded: after a failed one nothing may have been."""
    waiting = [d for d in deliveries if d.needs_attention]
    if not deliveries:
        if run_failed:
            out.print("[red]The run failed (see above): nothing new was published; the last good publication stays.[/]")
        elif still_open:
            out.print(
                f"[yellow]Nothing new from this run needs attention; {counted(still_open, 'thing')} from earlier "
                "still to deal with: `hrp status`.[/]"
            )
        else:
            out.print("Nothing needs attention.")
        return
    if waiting:
        # "the good data was published" would claim data where every file may still be being written
        after = (
            "whatever else arrived complete and valid was published"
            if published
            else ("and the run did not fully succeed: see above")
        )
        out.print(f"[yellow]{len(waiting)} delivery(ies) need attention[/] ({after}):")
    for delivery in deliveries:
        colour = "yellow" if delivery.needs_attention else "default"
        out.print(f"[{colour}]{escape(delivery.line())}[/]", highlight=False, soft_wrap=True)


@cli.command()
def demo() -> None:
    """Generate sample data if the landing area is empty, run everything once, show what came out."""
    started = time.monotonic()
    allow_development_key()
    # the lines below say it once, in words: Python's warning, raised by every step, would say it four times
    warnings.simplefilter("ignore", DevelopmentKeyWarning)
    # a demonstration root is pseudonymised with the public key, always: its warehouse says so (its
    # key's fingerprint), and neither a real key nor real data ever meets it
    export(pseudonym_key=DEVELOPMENT_PSEUDONYM_KEY)
    recovery.preflight(data_paths(), DEVELOPMENT_PSEUDONYM_KEY.encode("utf-8"))
    paths = _prepare_for_a_run()
    _tidy(paths)
    if operations.landing_is_empty(paths):
        from pipeline.sample import SampleSpec

        spec = SampleSpec()
        if settings().first_fiscal_year is None:  # the sample's first year is known before its first night:
            export(first_fiscal_year=str(spec.first_fiscal_year))  # the UI lists the years in order from the start
        report = _generate(spec, paths.landing)
        console.print(
            f"Generated {report.total_rows:,} sample rows in {sum(report.files.values())} files: a demonstration "
            "root, pseudonymised with the PUBLIC development key (never put real data here).",
            highlight=False,
            soft_wrap=True,
        )
        # written whole by this process a moment ago: no need to wait for them to settle
        export(landing_settle_seconds="0")
    else:
        console.print(
            f"[bold red]DEMONSTRATION ROOT: every file under {paths.landing} is loaded as demonstration data, "
            "pseudonymised with the PUBLIC development key (anyone can reverse it): never put real data here.[/]",
            highlight=False,
            soft_wrap=True,
        )
    outcome = _run_with_spinner()
    _print_outcome(outcome)
    from pipeline.lib.ops.summary import source_summaries

    with operations.warehouse(paths, "hrp demo summary") as con:
        summaries = source_summaries(con)
    out_table(
        "What the warehouse holds",
        ["source", "files", "held", "failed", "rows read", "loaded", "set aside", "core table", "core rows"],
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
    deliveries = _deliveries_after(paths, outcome.run_id)
    if deliveries is not None:  # before the outputs: the last lines on the screen are what to open
        _print_deliveries(
            deliveries, outcome.success, not outcome.success, 0 if deliveries else operations.still_open(paths)
        )
    out.print("\nOpen:")
    for label, path in operations.outputs(paths, outcome.run_id):
        out.print(f"  {label:<30} {path}")
    out.print(f"\nDemo finished in {time.monotonic() - started:.1f} s.")
    raise SystemExit(0 if outcome.success else 1)


@cli.command()
@click.option("--fiscal-year", "fiscal_year", required=True, help="The fiscal year, e.g. FY2025.")
@json_option
def report(fiscal_year: str, as_json: bool) -> None:
    """Recompute one fiscal year's metrics and rebuild its board report (HTML and PDF)."""
    fiscal_year = parse_fiscal_year(fiscal_year)
    paths = _prepare_for_a_run()
    fiscal_year = parse_fiscal_year(fiscal_year, operations.known_fiscal_years())
    with console.status(f"recomputing {fiscal_year} and building its board report…"):
        outcome = operations.run_job(
            "fiscal_year_report",
            partition_key=fiscal_year,
            run_config={"ops": {"marts__metric_values": {"config": {"recompute_all": True}}}},
        )
    html = paths.builds / "board" / fiscal_year / "board-report.html"

    def show() -> None:
        _print_outcome(outcome)
        out.print(f"  HTML {html}\n  PDF  {html.with_suffix('.pdf')}")

    emit(as_json, {**outcome.as_dict(), "html": str(html), "pdf": str(html.with_suffix(".pdf"))}, show)
    raise SystemExit(0 if outcome.success else 1)
