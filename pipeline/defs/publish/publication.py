"""The publish gate: the site and the board reports go out together, or not at all.

This asset runs only when everything upstream materialized in this run, and Dagster does not run
it downstream of a failed blocking check — so a night whose merged rows do not reconcile, whose
core keys are not unique or whose mart check fails republishes nothing, and the last good
publication stays. An unreadable file or a held delivery does not stop it: it never reached core.
"""

from datetime import UTC, datetime, timedelta

import dagster as dg

from pipeline.defs.ownership import OWNERS, asset_code_version, asset_tags
from pipeline.defs.publish.reports import BOARD_REPORT
from pipeline.defs.publish.site import PUBLIC_SITE
from pipeline.defs.resources import ReportingSettings, Warehouse
from pipeline.lib.board.report import input_files
from pipeline.lib.common.layout import CACHE_UNREAD_DAYS, prune_cache
from pipeline.lib.common.version import code_version
from pipeline.lib.release import publication

PUBLICATION = dg.AssetKey(["publish", "publication"])


@dg.asset(
    key=PUBLICATION,
    deps=[BOARD_REPORT, PUBLIC_SITE],
    group_name="publish",
    kinds={"filesystem"},
    owners=OWNERS,
    tags=asset_tags("publish", "public", audience="public"),
    code_version=asset_code_version("lib/release/*.py"),
    pool="warehouse",
    # published every night: a day and a half without a new publication means the nightly did not run
    freshness_policy=dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=48), warn_window=timedelta(hours=26)),
    description=(
        "Publishes the site and the board reports built in this run as one new publication (with a manifest "
        "of run, code version and input hashes) and swaps `published` to it atomically. Keeps the last N "
        f"publications for `hrp restore`, and removes the cache entries unread for {CACHE_UNREAD_DAYS} days "
        "(charts and protections of inputs that have changed since)."
    ),
)
def publish(
    context: dg.AssetExecutionContext, warehouse: Warehouse, reporting: ReportingSettings
) -> dg.MaterializeResult:
    paths = warehouse.paths
    built_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    boards = paths.builds / "board"
    boards.mkdir(parents=True, exist_ok=True)  # a night with no complete year to report still publishes its site
    with warehouse.connect(f"run {context.run.run_id} (publication)") as con:
        inputs = input_files(con)
        manifest = {
            "publication_id": publication.publication_id(built_at, context.run.run_id),
            "run_id": context.run.run_id,
            "code_version": code_version(),
            "built_at": built_at.isoformat() + "Z",
            "contents": {"site": "public progress site", "board": "annual board reports (not public)"},
            "board_reports": sorted(p.name for p in boards.iterdir() if p.is_dir()),
            "inputs": inputs,
        }
        published = publication.publish(
            paths,
            {"site": paths.builds / "site", "board": boards},
            manifest,
            reporting.publications_kept,
        )
    cache_removed = prune_cache(paths.cache, built_at.replace(tzinfo=UTC).timestamp())
    pin = publication.pinned(paths)
    if pin is not None:
        context.log.warning(
            f"Publication {pin['publication_id']} was restored by an operator and is pinned: this run's outputs "
            "stay in builds/ and are not published (`hrp restore --release` lifts the pin)."
        )
    return dg.MaterializeResult(
        metadata={
            "publication": published.id,
            "pinned": pin is not None,
            "path": dg.MetadataValue.path(str(paths.published)),
            "input_files": len(inputs),
            "kept": len(publication.history(paths)),
            "cache_entries_removed": cache_removed,  # unread for CACHE_UNREAD_DAYS: of inputs since changed
        }
    )
