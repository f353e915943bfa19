"""Files are the service user's: a night run from the console leaves nothing readable by other users
of the host but the public site (which the web server reads), whatever umask it was started with."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.common.layout import DataPaths
from tests.builders import small_world

pytestmark = pytest.mark.slow


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """A shell's usual umask (022): the pipeline must not rely on being started with a strict one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_night_leaves_only_the_public_site_readable_by_others(paths: DataPaths, permissive_umask: None) -> None:
    small_world(paths.landing)
    result = CliRunner().invoke(cli, ["run"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output  # 1: deliveries to deal with; the night published
    assert paths.published.is_symlink() and paths.confidential.is_symlink()

    assert mode(paths.root) == 0o711, "others may pass through to the site, never list the data root"
    assert mode(paths.publications) == 0o711
    assert mode(paths.warehouse) == 0o600
    assert mode(paths.warehouse_lock) == 0o600
    assert mode(paths.dagster_home) == 0o700
    assert mode(paths.landing) == 0o700
    assert mode(paths.dagster_home / "dagster.yaml") == 0o600
    confidential = paths.confidential.resolve()
    assert mode(confidential) == 0o700
    board = sorted(confidential.rglob("board-report.pdf"))
    assert board and all(mode(p) == 0o600 for p in board)

    site = paths.published.resolve() / "site"
    assert mode(site) == 0o755 and mode(site / "en" / "index.html") == 0o644, "the web server reads the site"
    public = paths.published.resolve()
    readable_by_others = [
        path
        for path in paths.root.rglob("*")
        if not path.is_symlink()
        and mode(path) & 0o077
        and path not in (paths.publications, public.parent)
        and public not in (path, *path.parents)
        and paths.landing not in path.parents  # the teams' files: the landing folder itself is closed
    ]
    assert readable_by_others == [], "only the public site is open to other users"
    history = sorted((paths.dagster_home).rglob("*.db"))
    assert history and all(mode(p) == 0o600 for p in history), "Dagster's storage (SQLite here) is private"
