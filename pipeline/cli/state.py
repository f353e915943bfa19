"""Read-only commands: ``status``, ``held``, ``rows``, ``publications``. On a folder that holds no warehouse
they say so and exit non-zero; they never create one."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape

from pipeline import operations, recovery
from pipeline.cli.common import data_paths, emit, existing_warehouse, json_option, out, out_table, print_lines
from pipeline.cli.group import cli
from pipeline.lib.common.words import counted
from pipeline.lib.landing.names import shown
from pipeline.status import status_of


@cli.command()
@json_option
def status(as_json: bool) -> None:
    """The last nightly run, each source's freshness, deliveries needing attention and what is
    published. Exits non-zero unless all is well (for monitoring). An unfinished rebuild is said
    alone: its warehouse is not the one to report on."""
    from pipeline.lib.warehouse.aside import refuse_if_marked

    refuse_if_marked(data_paths())
    existing_warehouse()
    paths = operations.prepare_environment()
    state = status_of(paths, recovery.findings(paths))

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
            if run.get("cause"):
                print_lines(out, run["cause"].split("\n"), "  cause: ")
            for check in run["failed_checks"]:
                out.print(f"  blocking check failed (nothing new published): {check}")
        out.print(f"Runs in progress: {state.runs_in_progress}; queued: {state.runs_queued}")
        if state.warehouse_busy:
            out.print(f"[yellow]{state.warehouse_busy}[/]")
        for fault in state.faults:
            print_lines(out, fault.line().split("\n"), style="red")
        for source in state.sources:
            mark = "[green]✓[/]" if source["on_time"] else "[red]✗[/]"
            aside = source.get("rows_set_aside", 0)
            note = f"; {counted(aside, 'row')} set aside so far (they break a row rule)" if aside else ""
            out.print(f"{mark} {source['describe']}{note}")
        if state.attention:
            out.print(f"[red]{counted(len(state.attention), 'thing')} to deal with:[/]")
            for item in state.attention:
                where = f"{item['source']}/{item['path']}" if item["path"] else item["source"]
                what = shown(f"{where}: {item['problem']}.")
                out.print(f"  {escape(what)}", highlight=False, soft_wrap=True)
                out.print(f"    To do: {escape(shown(item['action']))}.", highlight=False, soft_wrap=True)
        else:
            out.print("Nothing needs attention.")
        pub = state.publication
        out.print(f"Published: {pub['id']} built {pub['built_at']}" if pub else "Nothing published yet.")
        if pub and (pin := pub["pinned"]):
            out.print(
                f"[yellow]Pinned: {pin['publication_id']} was restored by an operator on {pin['since']}; "
                "nightly runs do not publish over it. To do: `hrp restore --release` when new publications may "
                "go out again.[/]"
            )

    emit(as_json, state.as_dict(), show)
    raise SystemExit(0 if state.healthy else 1)


@cli.command()
@json_option
def held(as_json: bool) -> None:
    """List deliveries held back whole, and why."""
    from pipeline.lib.ingest.held import held_deliveries

    paths = existing_warehouse()
    with operations.warehouse(paths, "hrp held", timeout_seconds=10) as con:
        rows = held_deliveries(con)
    emit(
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
@click.option("--file", "file", help="Only this file: its landing path, or SOURCE/PATH as `hrp status` names it.")
@click.option("--rule", help="Only rows that broke this rule.")
@click.option("--run", help="Only rows set aside by this run (its id, or the first characters of it).")
@json_option
def rows(file: str | None, rule: str | None, run: str | None, as_json: bool) -> None:
    """List the rows set aside: file, row number, column and rule (never what the row held)."""
    from pipeline.lib.ingest.quarantine import by_file, rows_counted, rows_set_aside

    paths = existing_warehouse()
    with operations.warehouse(paths, "hrp rows", timeout_seconds=10) as con:
        found = rows_set_aside(con, file, rule, run)
    files = by_file(found)
    total = rows_counted(found)

    def show() -> None:
        if not found:
            out.print("No row is set aside." if not (file or rule or run) else "No row set aside matches.")
            return
        out_table(
            "Rows set aside",
            ["source", "file", "row", "column", "rule", "run", "when"],
            [
                (r.source, escape(shown(r.file)), r.row, r.column or "–", r.rule, r.run[:8], f"{r.when:%Y-%m-%d %H:%M}")
                for r in found
            ],
        )
        out.print(
            f"{total:,} row(s) set aside in {len(files):,} file(s); a row that broke several rules is listed "
            "once per rule."
        )

    emit(as_json, {"rows_set_aside": total, "files": len(files), "rows": [r.as_dict() for r in found]}, show)


@cli.command()
@json_option
def publications(as_json: bool) -> None:
    """List the kept publications, newest first; the published one is marked."""
    from pipeline.lib.release import publication

    paths = existing_warehouse()
    live = publication.current(paths)
    kept = publication.history(paths) if paths.publications.exists() else []
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
    emit(
        as_json,
        {"publications": rows},
        lambda: (
            out_table(
                "Publications",
                ["id", "published", "built at", "run", "code version"],
                [
                    (
                        r["id"],
                        "←" if r["published"] else "",
                        r["built_at"],
                        str(r["run_id"] or "")[:8],
                        r["code_version"],
                    )
                    for r in rows
                ],
            )
            if rows
            else out.print("Nothing published yet.")
        ),
    )
