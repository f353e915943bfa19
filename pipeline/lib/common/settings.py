"""Where things live and how the pipeline is tuned: every ``HRP_*`` environment variable, typed, read once.

:class:`Settings` names, types, defaults and explains each variable (``docs/settings.md`` is generated
from it); :func:`settings` reads the environment once, and no other module reads an ``HRP_*`` variable.
A plain pydantic model, not pydantic-settings: an empty variable must mean "unset" (as it always has),
no ``.env`` file or differently-cased name may be picked up behind the operator's back, and reading is
a few lines that need no new dependency. The data root's layout is :mod:`pipeline.lib.common.layout`.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, ValidationError, field_validator

Source = Literal["training_records", "case_outcomes", "assessment_status", "request_counts"]
SOURCES: tuple[str, ...] = get_args(Source)

# A key anyone can read in this repository: fine for sample data, never for real people.
DEVELOPMENT_PSEUDONYM_KEY = "development-only-key-do-not-use-with-real-data"


class DevelopmentKeyWarning(UserWarning):
    """The pseudonymisation key is the public development key."""


class DevelopmentKeyError(RuntimeError):
    """A run outside the demonstration was about to pseudonymise with the public development key."""


ENV_PREFIX = "HRP_"
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(%|[kmgt]i?b|[kmgt]|b|bytes?)", re.IGNORECASE)


class SettingsError(ValueError):
    """An ``HRP_*`` variable holds a value its setting cannot take: one line per variable, naming it and why."""


def _iso_date(value: object) -> object:
    """``YYYY-MM-DD`` read the way ``date.fromisoformat`` reads it (as before the model), not as a timestamp."""
    return date.fromisoformat(value) if isinstance(value, str) else value


class Settings(BaseModel):
    """Every setting of the pipeline, each read from the environment variable ``HRP_<FIELD NAME>``.

    An unset or empty variable takes the default shown. The attribute docstrings are the documentation:
    ``docs/settings.md`` is generated from this class (``hrp docs``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    data_root: Path = Field(default=Path("data"), validate_default=True)
    """Everything the pipeline writes (relative to the working directory): one folder to move, back up or drop."""

    pseudonym_key: SecretStr | None = None
    """The secret person ids are hashed with (HMAC-SHA256). Required: a run without it, or with the public
    development key, stops with an error naming this variable (only ``hrp demo`` uses the development key).
    Changing it changes every pseudonym."""

    new_pseudonym_key: SecretStr | None = None
    """``hrp rekey`` only: the key the warehouse is rebuilt under (32 characters or more); afterwards it
    becomes ``HRP_PSEUDONYM_KEY``."""

    demo: bool = False
    """Sample data: the public development key is allowed (set by ``hrp demo`` and the benchmark only)."""

    fiscal_year_start_month: int = Field(default=7, ge=1, le=12)
    """The month the fiscal year starts in; a fiscal year is named after the calendar year it ends in. Fixed
    for a warehouse: a night under another month than its files were read under is refused."""

    first_fiscal_year: int | None = None
    """The first fiscal year measured. Unset: the earliest year with data. Rows before it are loaded but
    counted nowhere, and the ``years_in_range`` check warns."""

    today: Annotated[date | None, BeforeValidator(_iso_date)] = None
    """The day the fiscal calendar takes for today (``YYYY-MM-DD``), for tests and replays; rows dated after it are
    in the future. Unset: the UTC date, read whenever it is needed, so a new fiscal year appears by itself."""

    hold_share: float = Field(default=0.5, ge=0, le=1)
    """A delivery with more than this share of its rows breaking row rules is held whole: a mostly-bad file
    is the wrong file, and its few good rows would mislead. Rows dated only in the future do not count. A
    night under another share than the warehouse's files were judged under is refused (`hrp rebuild`
    judges them all again)."""

    suppression_k: int = 10
    """The public site's small-count threshold: counts of people below it are withheld."""

    publications_kept: int = Field(default=5, ge=1)
    """How many publications are kept for ``hrp restore``."""

    nightly_cron: str = "0 2 * * *"
    """When the ``nightly`` job runs (cron, five fields), in ``HRP_TIMEZONE``."""

    timezone: str = "UTC"
    """The IANA time zone of ``HRP_NIGHTLY_CRON``."""

    landing_settle_seconds: float = Field(default=300, ge=0)
    """How long a landed file must stay untouched before it is read (and before the landing sensor acts): a
    file still being copied is named as such and read whole on a later night, never loaded in part."""

    alert_webhook_url: str | None = None
    """Where failure and attention alerts are posted (JSON with a Slack/Teams-style ``text``). Unset: they
    are only appended to ``logs/alerts.log``."""

    lock_timeout_seconds: int = Field(default=900, ge=0)
    """How long a step waits for the warehouse's writer lock before failing with the holder's name (the
    console's summaries wait at most 60 seconds)."""

    duckdb_memory_limit: str = "1280MB"
    """DuckDB's memory cap per connection (it spills to disk beyond it): a night's peak stays bounded."""

    instance_config: Path | None = None
    """The Dagster instance configuration ``hrp`` keeps in ``$DAGSTER_HOME``. Unset: the single-machine one
    (SQLite, ``pipeline/instance/dagster.yaml``); a team's deployment names ``deploy/dagster.yaml`` (PostgreSQL)."""

    chromium: Path = Path("/usr/bin/chromium")
    """The browser that draws the charts and prints the PDFs."""

    crash_at: str | None = None
    """Tests only: the crash point where the process kills itself, to prove that running again repairs it."""

    crash_after: int = Field(default=0, ge=0)
    """Tests only: how many times the crash point is passed before it fires (a crash after some files of a
    night were committed, not only before the first)."""

    crash_in_process: bool = False
    """Tests only: the crash point raises ``SimulatedCrash`` instead of killing the process, for tests that run
    many nights in their own process."""

    @field_validator("data_root")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        """Resolved once, so a later change of working directory cannot move the data root."""
        return value.resolve()

    @field_validator("nightly_cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError("a cron expression has five fields (minute hour day month weekday)")
        return value

    @field_validator("alert_webhook_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("duckdb_memory_limit")
    @classmethod
    def _amount(cls, value: str) -> str:
        if not _MEMORY.fullmatch(value.strip()):
            raise ValueError("a size DuckDB understands, e.g. 1280MB, 2GiB or 80%")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not an IANA time zone (e.g. UTC, Europe/Berlin)") from None
        return value

    def key_text(self) -> str | None:
        """The pseudonymisation key as text, for the checks that refuse a missing or public one; under
        ``HRP_DEMO=1`` with none set, the public development key (as ``hrp demo`` uses), so that every
        command the docs suggest on a demonstration root (`hrp run`, `hrp rebuild`) runs there too."""
        if self.pseudonym_key:
            return self.pseudonym_key.get_secret_value()
        return DEVELOPMENT_PSEUDONYM_KEY if self.demo else None


def env_name(field: str) -> str:
    """The environment variable of a setting: ``HRP_`` and the field's name in capitals."""
    return ENV_PREFIX + field.upper()


def read_settings(environment: Mapping[str, str]) -> Settings:
    """The settings from these variables; :class:`SettingsError` names each bad variable and why."""
    given = {field: value for field in Settings.model_fields if (value := environment.get(env_name(field), "")).strip()}
    try:
        return Settings.model_validate(given)
    except ValidationError as error:
        lines = []
        for problem in error.errors(include_url=False):
            field = str(problem["loc"][0])
            shown = "(hidden)" if field == "pseudonym_key" else repr(given.get(field))
            reason = str(problem["msg"]).removeprefix("Value error, ")
            lines.append(f"{env_name(field)}={shown}: {reason}")
        raise SettingsError("\n".join(lines)) from None


@cache
def settings() -> Settings:
    """The settings, read from the environment at the first call and kept for the life of the process:
    every module sees the same values, and a bad value stops the first reader with one line."""
    return read_settings(os.environ)


def reset_settings() -> None:
    """Forget the settings read so far: the next :func:`settings` reads the environment again (after
    :func:`export`, at the start of each console command, and in tests that change a variable)."""
    settings.cache_clear()


def export(**values: str) -> None:
    """Set settings' variables for this process and every process it starts (Dagster resolves the
    resources' ``EnvVar``s from the environment, the run queue's processes inherit it)."""
    for field, value in values.items():
        if field not in Settings.model_fields:
            raise KeyError(f"no setting {field!r}")
        os.environ[env_name(field)] = value
    reset_settings()


def require_pseudonym_key(value: str | None) -> None:
    """Refuse a missing or public key (unless a demonstration asked for it): called by ``hrp run``
    before anything is launched, so the operator gets one line, not a failed step per source."""
    if (not value or value == DEVELOPMENT_PSEUDONYM_KEY) and not settings().demo:
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
    export(demo="1")
