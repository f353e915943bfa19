"""The layout of the data root: where the pipeline writes what.

Everything the pipeline writes hangs off one data root (``HRP_DATA_ROOT``, default ``./data``) so
that a whole installation can be moved, backed up or thrown away as one folder.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.lib.common.permissions import PASSAGE, PRIVATE_FOLDER, set_mode

# A cache entry is read every night while its inputs stay the same (a past year's charts and
# protection): one unread for this many days is of inputs that have changed since.
CACHE_UNREAD_DAYS = 30


@dataclass(frozen=True)
class DataPaths:
    """The layout of the data root."""

    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    def landing_for(self, source: str) -> Path:
        return self.landing / source

    @property
    def profiles(self) -> Path:
        """Import profiles: how each sender's export maps onto a source's contract (docs/importing.md)."""
        return self.root / "profiles"

    def profiles_for(self, source: str) -> Path:
        return self.profiles / source

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def warehouse_lock(self) -> Path:
        return self.root / "warehouse.lock"

    @property
    def rebuild_marker(self) -> Path:
        """Present while `hrp rebuild` or `hrp rekey` has the warehouse moved aside (``warehouse.aside``)."""
        return self.root / "rebuild-in-progress.json"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    @property
    def validation(self) -> Path:
        """Great Expectations results (JSON) and the validation page (HTML)."""
        return self.root / "validation"

    @property
    def builds(self) -> Path:
        """Outputs of the latest run, before the publish gate decides to publish them."""
        return self.root / "builds"

    @property
    def publications(self) -> Path:
        """Every retained publication, one folder each."""
        return self.root / "publications"

    @property
    def published(self) -> Path:
        """A symlink to the current publication's public folder (``published/site`` is the web root)."""
        return self.root / "published"

    @property
    def confidential(self) -> Path:
        """A symlink to the current publication's confidential folder (the board reports): never served."""
        return self.root / "confidential"

    @property
    def cache(self) -> Path:
        """Content-addressed results kept between nights: charts drawn (``charts/``) and fiscal years
        protected (``disclosure/``). Readers mark what they read (``mark_read``); the nightly
        publication removes what was unread for ``CACHE_UNREAD_DAYS`` (``prune_cache``)."""
        return self.root / "cache"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def country_aliases(self) -> Path:
        """The organisation's own country aliases (``hrp countries add``); the shipped table is the base."""
        return self.root / "reference" / "country_aliases.csv"

    def ensure(self) -> DataPaths:
        """Create the layout, private to the service user (``common.permissions``): the root and
        ``publications`` only let the web server pass through to the public site."""
        for folder, mode in (
            (self.root, PASSAGE),
            (self.landing, PRIVATE_FOLDER),
            (self.dagster_home, PRIVATE_FOLDER),
            (self.validation, PRIVATE_FOLDER),
            (self.builds, PRIVATE_FOLDER),
            (self.publications, PASSAGE),
            (self.logs, PRIVATE_FOLDER),
        ):
            folder.mkdir(parents=True, exist_ok=True)
            set_mode(folder, mode)
        return self


def mark_read(path: Path) -> None:
    """Note that a cache entry was just used, so that ``prune_cache`` keeps it."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(path)


def prune_cache(folder: Path, now: float, days: int = CACHE_UNREAD_DAYS) -> int:
    """Remove the files under ``folder`` neither read nor written for ``days`` (at ``now``, seconds
    since the epoch); returns how many. Entries of inputs that changed are never read again: kept,
    they would pile up night after night, figures derived from data since corrected among them."""
    cutoff, removed = now - days * 86_400, 0
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed
