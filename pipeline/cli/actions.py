"""Decisions an operator records: ``release`` a held delivery, ``acknowledge`` a failed or held one
(or accept figures short of rows set aside), ``restore`` an earlier publication, ``countries add`` a
country alias. Each is kept in the audit trail with its reason, or in the data root."""

from __future__ import annotations

import click
from rich.markup import escape

from pipeline import operations
from pipeline.cli.common import data_paths, emit, existing_warehouse, fail, json_option, known_source, out, out_table
from pipeline.cli.group import cli


@cli.command()
@click.argument("source")
@click.argument("delivery")
@click.option("--reason", required=True, help="Why the delivery may be accepted despite its blocking rule.")
@json_option
def release(source: str, delivery: str, reason: str, as_json: bool) -> None:
    """Accept a held DELIVERY (its file path or the start of its sha256) of SOURCE.

    A corrected file delivered again under the same name replaces a held version by itself; release
    is for accepting a delivery as it is. The next run merges it (row-level rules still apply).
    """
    from pipeline.lib.ingest.held import UnreleasableError, held_deliveries
    from pipeline.lib.ingest.held import release as release_delivery
    from pipeline.lib.quality.contracts import load_contract

    known_source(source)
    if not reason.strip():
        fail("a release needs a reason, for the audit trail")
    paths = existing_warehouse()
    with operations.warehouse(paths, "hrp release", timeout_seconds=60) as con:
        matches = [
            r
            for r in held_deliveries(con)
            if r["source"] == source and (r["path"] == delivery or r["sha256"].startswith(delivery))
        ]
        if len(matches) != 1:
            fail(f"{len(matches)} held deliveries of {source} match {delivery!r}; see `hrp held`")
        try:
            released = release_delivery(con, load_contract(source), matches[0]["sha256"], reason)
        except UnreleasableError as refused:
            fail(str(refused))
    emit(
        as_json,
        {"released": released, **matches[0]},
        lambda: out.print(f"Released {source}/{matches[0]['path']}; the next run (`hrp run`) merges it."),
    )
    raise SystemExit(0 if released else 1)


@cli.command()
@click.argument("delivery")
@click.option("--reason", required=True, help="Why nothing more needs to be done about it (kept in the audit).")
@json_option
def acknowledge(delivery: str, reason: str, as_json: bool) -> None:
    """Mark a failed or held DELIVERY (SOURCE/PATH as `hrp status` lists it, or its landing file) as
    dealt with: it stops needing attention. Its rows stay out of the warehouse.

    A loaded delivery of request counts with rows set aside may be acknowledged too: the figures those
    rows leave short are then published as "accepted as incomplete" instead of "incomplete"."""
    from pipeline.lib.ops.attention import acknowledge as record
    from pipeline.lib.ops.attention import split_name

    if not reason.strip():
        fail("an acknowledgement needs a reason, for the audit trail")
    paths = existing_warehouse()
    source, path = split_name(delivery, paths.landing)
    with operations.warehouse(paths, "hrp acknowledge", timeout_seconds=60) as con:
        done = record(con, source, path, reason)
    emit(
        as_json,
        {"acknowledged": done.as_dict(), "reason": reason.strip()},
        lambda: out.print(
            f"Acknowledged {done.name} ({done.status}); "
            + (
                "the figures its rows set aside leave short are accepted as incomplete"
                if done.status == "loaded"
                else "it no longer needs attention"
            )
            + "; it takes effect at the next run (`hrp run`)."
        ),
    )


@cli.command()
@click.argument("publication_id", required=False)
@click.option("--release", "lift", is_flag=True, help="Lift the pin of an earlier restore: nightly runs publish again.")
@json_option
def restore(publication_id: str | None, lift: bool, as_json: bool) -> None:
    """Make an earlier publication (its id, or the start of it) the published one again. It stays
    published (pinned) until `hrp restore --release`: nightly runs build but do not publish over it."""
    from datetime import UTC, datetime

    from pipeline.lib.release import publication
    from pipeline.lib.warehouse.connection import writer_lock

    paths = existing_warehouse()
    if lift:
        if publication_id:
            fail("`hrp restore --release` takes no publication id: it lifts the pin, the next run publishes")
        with writer_lock(paths.warehouse_lock, 60, "hrp restore --release"):
            lifted = publication.unpin(paths)
        emit(
            as_json,
            {"released": lifted},
            lambda: out.print(
                "Pin lifted: the next run (`hrp run` or the nightly) publishes again."
                if lifted
                else "No publication was pinned."
            ),
        )
        return
    if not publication_id:
        fail("name the publication to restore (see `hrp publications`), or lift a pin with `hrp restore --release`")
    matches = [p.id for p in publication.history(paths) if p.id == publication_id or p.id.startswith(publication_id)]
    if publication_id not in matches and len(matches) > 1:
        fail(f"{publication_id!r} matches {len(matches)} publications ({', '.join(matches[:3])}…); give more of the id")
    if not matches:
        fail(f"no complete publication {publication_id!r}; see `hrp publications`")
    chosen = publication_id if publication_id in matches else matches[0]
    with writer_lock(paths.warehouse_lock, 60, "hrp restore"):
        restored = publication.restore(paths, chosen, datetime.now(UTC).replace(tzinfo=None))
    emit(
        as_json,
        {"restored": restored.id, "path": str(paths.published), "pinned": True},
        lambda: out.print(
            f"Published is now {restored.id} ({paths.published}), pinned: nightly runs do not publish over it "
            "until `hrp restore --release`."
        ),
    )


@cli.group(invoke_without_command=True)
@json_option
@click.pass_context
def countries(ctx: click.Context, as_json: bool) -> None:
    """List the organisation's country aliases and the spellings waiting for an answer (each once,
    with the rows it holds back and, for an ambiguous name, the countries it may mean)."""
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.lib.ingest.spellings import waiting_spellings
    from pipeline.lib.quality.countries import organisation_aliases, own_aliases

    paths = data_paths()
    aliases = [{"alias": a.alias, "code": a.code} for a in own_aliases()]
    waiting = []
    if paths.warehouse.exists():
        with operations.warehouse(paths, "hrp countries", timeout_seconds=10) as con:
            waiting = waiting_spellings(con)

    def show() -> None:
        if aliases:
            out_table(
                "The organisation's country aliases", ["spelling", "code"], [(a["alias"], a["code"]) for a in aliases]
            )
        else:
            out.print(f"No country alias of the organisation's yet ({organisation_aliases()}).")
        if not waiting:
            out.print("No spelling is waiting for an answer.")
        for w in waiting:
            out.print(f"[yellow]{escape(w.question)}[/]", highlight=False, soft_wrap=True)

    emit(as_json, {"aliases": aliases, "waiting": [w.as_dict() for w in waiting]}, show)


@countries.command("add")
@click.argument("spelling")
@click.argument("code")
@json_option
def add_country(spelling: str, code: str, as_json: bool) -> None:
    """Say that SPELLING, as a report prints it, means the country CODE (ISO 3166-1 alpha-2): kept in the
    data root; the next run stages again the rows set aside for it."""
    from pipeline.lib.quality.countries import add_alias

    try:
        where = add_alias(spelling, code)
    except ValueError as e:
        fail(str(e))
    emit(
        as_json,
        {"added": {"alias": spelling, "code": code.upper()}, "file": str(where)},
        lambda: out.print(
            f"Added {spelling!r} = {code.upper()} to {where}; it takes effect at the next run (`hrp run`), "
            "which stages its rows again."
        ),
    )
