"""``hrp check FILE``: a dry run of one file through its profile and the contract, in a warehouse in
memory (``pipeline.lib.ops.dry_run``), before it is delivered. Exit 0 when every row would load, 1
when rows would be set aside (or the file held), 2 when the file cannot be read or the request is wrong."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from pipeline.cli.common import data_paths, emit, fail, json_option, known_source, out, out_table
from pipeline.cli.group import cli
from pipeline.lib.landing.names import shown


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", help="The source it is a file of (else from its place under landing/).")
@click.option(
    "--profile", "sender", help="The sender whose profile reads it: profiles/SOURCE/SENDER.yaml (else its folder)."
)
@json_option
def check(file: Path, source: str | None, sender: str | None, as_json: bool) -> None:
    """Say what a night would make of FILE, without touching the warehouse: columns mapped and ignored,
    rows that would load, rows that would be set aside (row, column, rule) and total rows that disagree."""
    from pipeline.lib.common.config import ConfigError
    from pipeline.lib.ops.dry_run import check_file
    from pipeline.lib.quality.contracts import load_contract

    paths = data_paths()
    file = _found(file, paths.root, paths.landing)
    place = _place(file.resolve(), paths.landing.resolve())
    source = known_source(source or place[0] or "") if (source or place[0]) else None
    if source is None:
        fail("say which source the file is for: --source request_counts (or put it under landing/<source>/)")
    if sender and not (paths.profiles_for(source) / f"{sender}.yaml").is_file():
        fail(f"no profile profiles/{source}/{sender}.yaml in {paths.root}: write one (docs/importing.md)")
    sender = sender or place[1]  # a folder with no profile is read by the contract's names, as at night
    try:
        with tempfile.TemporaryDirectory(prefix="hrp-check-") as workdir:
            checked = check_file(file, load_contract(source), sender, paths.profiles_for(source), Path(workdir))
    except ConfigError as problem:
        fail(*problem.problems)

    def show() -> None:
        through = f" through {checked.profile}" if checked.profile else " by the contract's column names"
        out.print(f"{shown(file.name)}: a {source} file, read{through}.", highlight=False)
        if checked.mapped:
            out_table("Columns mapped", ["column", "from"], checked.mapped)
        if checked.ignored:
            out.print(f"Ignored: {', '.join(checked.ignored)}.", highlight=False)
        if checked.status == "failed":
            out.print(f"[red]Unreadable:[/] {shown(checked.error or '')}", highlight=False)
            return
        held = f"; the whole file would be held: {'; '.join(checked.hold_reasons)}" if checked.hold_reasons else ""
        out.print(
            f"{checked.rows_read:,} row(s) read, {checked.rows_would_load:,} would load, "
            f"{len({r['row'] for r in checked.set_aside}):,} would be set aside{held}.",
            highlight=False,
        )
        for note in checked.notes:
            out.print(f"note: {shown(note)}", highlight=False)
        if checked.set_aside:
            out_table(
                "Rows that would be set aside",
                ["row", "column", "rule"],
                [(r["row"], r["column"] or "–", r["rule"]) for r in checked.set_aside],
            )
        for country in checked.countries:
            out.print(
                f"country {shown(country['problem'])}: answer with {shown(country['action'])}; "
                "it takes effect at the next run (`hrp run`).",
                highlight=False,
                soft_wrap=True,
            )

    emit(as_json, {"source": source, **checked.as_dict()}, show)
    sys.exit(checked.exit_code)


def _found(file: Path, root: Path, landing: Path) -> Path:
    """FILE as given, else (a relative path) under the data root or its landing folder, where
    ``hrp status`` and the docs name deliveries from."""
    tried = [file] if file.is_absolute() else [file, root / file, landing / file]
    found = next((candidate for candidate in tried if candidate.is_file()), None)
    if found is None:
        fail(f"no file {file}: looked for {', '.join(str(t.absolute()) for t in tried)}")
    return found


def _place(file: Path, landing: Path) -> tuple[str | None, str | None]:
    """The source and sender a file under the landing area belongs to, from its folders."""
    try:
        parts = file.relative_to(landing).parts
    except ValueError:
        return None, None
    return (parts[0] if len(parts) > 1 else None), (parts[1] if len(parts) > 2 else None)
