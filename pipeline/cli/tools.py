"""Developer tools: the Dagster UI, the translation catalogues, the generated docs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import operations
from pipeline.cli.common import data_paths, out
from pipeline.cli.group import cli


@cli.command()
@click.option("--port", default=3000, show_default=True)
def dev(port: int) -> None:
    """The Dagster UI and daemon on the same instance as `hrp run` and the demo (schedules fire)."""
    import os

    paths = operations.prepare_environment()
    out.print(f"Dagster home: {os.environ['DAGSTER_HOME']}\nData root:    {paths.root}\nOpen http://127.0.0.1:{port}")
    from pipeline.defs.automation import launch_problem

    if problem := launch_problem():  # the schedule and sensor skip their ticks with the same sentence
        out.print(
            f"[yellow]{problem}[/]\nThe schedule and the landing sensor launch nothing until it is set; "
            "to explore the demonstration with its public key, start with HRP_DEMO=1.",
            highlight=False,
        )
    from pipeline.lib.ops.supervise import run_until_signalled

    dagster = str(Path(sys.executable).with_name("dagster"))
    sys.exit(run_until_signalled([dagster, "dev", "-m", "pipeline.definitions", "-h", "127.0.0.1", "-p", str(port)]))


@cli.command()
def i18n() -> None:
    """Extract every message of the site into reports/locale/messages.pot and merge it into each .po."""
    from pipeline.lib.render.i18n import update_catalogues

    for path in update_catalogues():
        out.print(f"wrote {path}")


@cli.command()
@click.option(
    "--images",
    is_flag=True,
    help="Also shoot docs/images from the data root's current publication (run `hrp demo` first).",
)
@click.option("--metric", default="training_completion_rate", show_default=True, help="The metric page to shoot.")
def docs(images: bool, metric: str) -> None:
    """Regenerate the generated pages of docs/ (data contracts, metrics, validation rules)."""
    from pipeline.lib.ops.docs import write_all

    for path in write_all():
        out.print(f"wrote {path}")
    if images:
        from pipeline.lib.board.views import REPORT_NAME
        from pipeline.lib.common.keys import DEMONSTRATION_FINGERPRINT
        from pipeline.lib.ops.screenshots import take
        from pipeline.lib.warehouse.pseudonymise import stored_fingerprint

        root = data_paths()
        if root.warehouse.exists():
            with operations.warehouse(root, "hrp docs --images", timeout_seconds=10) as con:
                demonstration = stored_fingerprint(con) == DEMONSTRATION_FINGERPRINT
            if not demonstration:  # the pictures go into the repository: never a real root's board report
                raise click.ClickException(f"{root.root} holds real data: shoot the docs from a demo (`hrp demo`)")
        boards = sorted(root.confidential.rglob(f"{REPORT_NAME}.html"))
        if not (root.published / "site" / "index.html").exists() or not boards:
            raise click.ClickException(f"no publication with a board report in {root.root}: run `hrp demo` first")
        for path in take(root.published / "site", boards[-1], metric):
            out.print(f"wrote {path}")
