"""Where things live and how the pipeline is tuned, read once from the environment.

Everything the pipeline writes hangs off one data root (``HRP_DATA_ROOT``, default ``./data``) so
that a whole installation can be moved, backed up or thrown away as one folder.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

Source = Literal["training_records", "case_outcomes", "assessment_status", "request_counts"]
SOURCES: tuple[str, ...] = get_args(Source)

# A key anyone can read in this repository: fine for sample data, never for real people.
DEVELOPMENT_PSEUDONYM_KEY = "development-only-key-do-not-use-with-real-data"


class DevelopmentKeyWarning(UserWarning):
    """The pseudonymisation key is the public development key."""


class DevelopmentKeyError(RuntimeError):
    """A run outside the demonstration was about to pseudonymise with the public development key."""


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
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def warehouse_lock(self) -> Path:
        return self.root / "warehouse.lock"

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
    def logs(self) -> Path:
        return self.root / "logs"

    def ensure(self) -> DataPaths:
        for folder in (
            self.root,
            self.landing,
            self.dagster_home,
            self.validation,
            self.builds,
            self.publications,
            self.logs,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def data_root_from_env() -> Path:
    return Path(os.environ.get("HRP_DATA_ROOT", "data")).resolve()


def landing_settle_seconds_from_env() -> float:
    """How long a landing file must be untouched before it is read (``HRP_LANDING_SETTLE_SECONDS``,
    default 300): a file still being copied is never loaded in part. The landing sensor waits as long."""
    return float(os.environ.get("HRP_LANDING_SETTLE_SECONDS", "300"))


def hold_share_from_env() -> float:
    """Over this share of a delivery's rows breaking row rules, it is held whole (``HRP_HOLD_SHARE``,
    default 0.5): a mostly-bad file is the wrong file, and its few good rows would mislead."""
    return float(os.environ.get("HRP_HOLD_SHARE", "0.5"))


def require_pseudonym_key(value: str | None) -> None:
    """Refuse a missing or public key (unless a demonstration asked for it): called by ``hrp run``
    before anything is launched, so the operator gets one line, not a failed step per source."""
    if (not value or value == DEVELOPMENT_PSEUDONYM_KEY) and os.environ.get("HRP_DEMO") != "1":
        raise DevelopmentKeyError(
            "HRP_PSEUDONYM_KEY is unset or is the public development key: set HRP_PSEUDONYM_KEY to a "
            "secret of at least 32 characters before running on any data (only `hrp demo` uses the public key)."
        )


def pseudonym_key_from(value: str | None) -> bytes:
    """The HMAC key. The public development key (or none) is refused, except where a demonstration
    asks for it explicitly (``HRP_DEMO=1``, set by ``hrp demo`` and by the benchmark on sample data)."""
    if value and value != DEVELOPMENT_PSEUDONYM_KEY:
        return value.encode("utf-8")
    require_pseudonym_key(value)
    warnings.warn(
        "Person ids are pseudonymised with the PUBLIC DEVELOPMENT KEY (demonstration on sample data). "
        "Set HRP_PSEUDONYM_KEY to a secret before loading real data.",
        DevelopmentKeyWarning,
        stacklevel=2,
    )
    return DEVELOPMENT_PSEUDONYM_KEY.encode("utf-8")


def allow_development_key() -> None:
    """For ``hrp demo`` and the benchmark: sample data, pseudonymised with the public key unless one is set."""
    os.environ["HRP_DEMO"] = "1"
