"""Shared fixtures: a throwaway data root per test, and the pipeline run on it in-process.

The settings are read once per process and kept (``pipeline.lib.common.settings``), so every test starts
by forgetting them, and ``monkeypatch`` here is one whose ``setenv`` and ``delenv`` forget them too: a
test that changes an ``HRP_*`` variable halfway through sees the new value at the next read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES, reset_settings
from pipeline.lib.ingest.judge import ValidationReport
from pipeline.lib.ingest.merge import MAX_BATCH_ROWS, validate_and_merge
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.ingest.stage import StageReport, stage_new_deliveries
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.quality.runner import runner
from pipeline.lib.warehouse.connection import connect
from pipeline.sample import SampleSpec, generate

# Test files are written whole just before they are read: no settling time (the settling rule's own
# tests set it). Set for the whole session, so that pipelines started as processes inherit it.
os.environ.setdefault("HRP_LANDING_SETTLE_SECONDS", "0")

TEST_KEY = b"test-key-0123456789-abcdefghijklmnop"
RUN_DATE = datetime(2026, 11, 25)


class SettingsMonkeyPatch(pytest.MonkeyPatch):
    """A MonkeyPatch whose changes to the environment are seen by the next read of the settings."""

    def setenv(self, name: str, value: str, prepend: str | None = None) -> None:
        super().setenv(name, value, prepend)
        reset_settings()

    def delenv(self, name: str, raising: bool = True) -> None:
        super().delenv(name, raising)
        reset_settings()

    def undo(self) -> None:
        super().undo()
        reset_settings()


@contextmanager
def night_settings(root: Path, today: str) -> Iterator[DataPaths]:
    """The settings a whole night runs with on its own data root and clock, for a module's fixture
    (the function-scoped ``monkeypatch`` cannot serve it); undone when the block ends."""
    with SettingsMonkeyPatch.context() as mp:
        mp.setenv("HRP_DATA_ROOT", str(root))
        mp.setenv("HRP_PSEUDONYM_KEY", TEST_KEY.decode())
        mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        mp.setenv("HRP_TODAY", today)
        yield DataPaths(root).ensure()


def copy_root(template: Path, paths: DataPaths) -> DataPaths:
    """``paths`` made a copy of the data root ``template``, one a module's fixture ran its nights on
    once (under ``night_settings``): warehouse, Dagster instance, landing files with their times,
    publications and their relative links, as a backup restored onto the test's own path would be."""
    shutil.rmtree(paths.root)
    shutil.copytree(template, paths.root, symlinks=True)
    return paths


@pytest.fixture
def monkeypatch() -> Iterator[pytest.MonkeyPatch]:
    patch = SettingsMonkeyPatch()
    yield patch
    patch.undo()


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """No test sees the settings another test read."""
    reset_settings()
    yield
    reset_settings()


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    root = tmp_path / "data"
    monkeypatch.setenv("HRP_DATA_ROOT", str(root))
    monkeypatch.setenv("HRP_PSEUDONYM_KEY", TEST_KEY.decode())
    monkeypatch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    return DataPaths(root).ensure()


@pytest.fixture(scope="session")
def sample_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default sample data, generated once per test session."""
    landing = tmp_path_factory.mktemp("sample") / "landing"
    generate(SampleSpec(), landing)
    return landing


@pytest.fixture
def with_sample(paths: DataPaths, sample_landing: Path) -> DataPaths:
    shutil.rmtree(paths.landing)
    shutil.copytree(sample_landing, paths.landing)
    return paths


class Ingest:
    """Stage and validate through the plain functions (no Dagster), one source at a time."""

    def __init__(self, paths: DataPaths, runs_before: int = 0) -> None:
        self.paths = paths
        self.runs = runs_before  # a copied data root's ingests took the first run ids

    def __call__(self, source: str, max_batch_rows: int = MAX_BATCH_ROWS) -> tuple[StageReport, ValidationReport]:
        self.runs += 1
        run_id = f"test-run-{self.runs}"
        contract = load_contract(source)
        with connect(self.paths.warehouse, pseudonym_key=TEST_KEY) as con:
            initialise(con)
            staged = stage_new_deliveries(
                con, contract, self.paths.landing_for(source), run_id, profiles=self.paths.profiles_for(source)
            )
            validated = validate_and_merge(
                con,
                contract,
                run_id,
                lambda: runner(self.paths.validation / "data-docs"),
                self.paths.validation / "results",
                RUN_DATE,
                max_batch_rows=max_batch_rows,
            )
        return staged, validated

    def query(self, statement: str) -> list[tuple[Any, ...]]:
        with connect(self.paths.warehouse) as con:
            return con.execute(statement).fetchall()


@pytest.fixture
def ingest(paths: DataPaths) -> Ingest:
    return Ingest(paths)


@pytest.fixture
def definitions(paths: DataPaths) -> dg.Definitions:
    from pipeline.definitions import defs

    return defs()


@pytest.fixture
def warehouse(paths: DataPaths) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(paths.warehouse) as con:
        yield con


ALL_SOURCES = SOURCES


@pytest.fixture(scope="module")
def small_world_root(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    """The hand-worked small world, ingested and measured for FY2024-FY2026 (module scope: read-only use)."""
    paths = ingested_small_world(tmp_path_factory.mktemp("small") / "data")
    measure(paths, (2024, 2025, 2026))
    return paths


def ingested_small_world(root: Path) -> DataPaths:
    """The hand-worked small world (tests/builders.py) delivered and ingested, every source."""
    from tests.builders import small_world

    paths = DataPaths(root).ensure()
    small_world(paths.landing)
    ingest = Ingest(paths)
    for source in SOURCES:
        ingest(source)
    return paths


def measure(
    paths: DataPaths, years: tuple[int, ...], today: date = date(2026, 11, 25), run_id: str = "metrics-run"
) -> None:
    """The marts of these fiscal years, computed as of ``today``."""
    from pipeline.lib.common.fiscal import FiscalCalendar
    from pipeline.lib.metrics.catalogue import load_catalogue
    from pipeline.lib.metrics.marts import compute_fiscal_years, replace_periods

    calendar = FiscalCalendar(7)
    with connect(paths.warehouse) as con:
        initialise(con)
        replace_periods(con, calendar, list(years), today)
        compute_fiscal_years(con, load_catalogue(), calendar, list(years), run_id, today, RUN_DATE)


@pytest.fixture(scope="session")
def sample_ingested(tmp_path_factory: pytest.TempPathFactory, sample_landing: Path) -> DataPaths:
    """The default sample data delivered, every source staged and validated, once per session: a
    template, never written to (``copy_root`` it, and ingest on with ``Ingest(paths, len(SOURCES))``)."""
    paths = DataPaths(tmp_path_factory.mktemp("sample-ingested") / "data").ensure()
    shutil.rmtree(paths.landing)
    shutil.copytree(sample_landing, paths.landing)
    ingest = Ingest(paths)
    for source in SOURCES:
        ingest(source)
    return paths


@pytest.fixture(scope="session")
def sample_world(tmp_path_factory: pytest.TempPathFactory, sample_ingested: DataPaths) -> DataPaths:
    """The default sample data ingested and measured (session scope: read-only use)."""
    paths = copy_root(sample_ingested.root, DataPaths(tmp_path_factory.mktemp("sample-world") / "data").ensure())
    measure(paths, (2023, 2024, 2025, 2026, 2027))
    return paths


def build_site_into(paths: DataPaths, out: Path) -> Path:
    from datetime import date

    from pipeline.lib.common.fiscal import FiscalCalendar
    from pipeline.lib.metrics.catalogue import load_catalogue
    from pipeline.lib.release import record
    from pipeline.lib.site import build as site

    with connect(paths.warehouse) as con:
        # the privacy stage first: the site shows only what it let out
        record.prepare(
            con,
            load_catalogue(),
            FiscalCalendar(7),
            10,
            date(2026, 11, 25),
            RUN_DATE,
            paths.root / "cache" / "disclosure",
        )
        site.build(
            con,
            load_catalogue(),
            FiscalCalendar(7),
            10,
            out,
            paths.root / "cache" / "charts",
            RUN_DATE,
            date(2026, 11, 25),
        )
    return out


@pytest.fixture(scope="session")
def sample_site(sample_world: DataPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public site built from the sample data."""
    return build_site_into(sample_world, tmp_path_factory.mktemp("sample-site") / "site")


def hrp_process(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``hrp ARGS`` in a process of its own (one a crash point can kill, or that runs as a deployment
    would) on the data root ``root``: this process's HRP_ settings left out, ``env`` added, landing
    files read as soon as they are there."""
    repository = Path(__file__).resolve().parents[1]
    settings = {
        **{name: value for name, value in os.environ.items() if not name.startswith("HRP_")},
        "HRP_DATA_ROOT": str(root),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "HRP_LANDING_SETTLE_SECONDS": "0",
        "PYTHONPATH": str(repository),
        **env,
    }
    code = f"from pipeline.cli import cli; cli({list(args)!r})"
    return subprocess.run(
        [sys.executable, "-c", code], env=settings, cwd=repository, capture_output=True, text=True, timeout=900
    )


def small_world_for_nights(paths: DataPaths, monkeypatch: pytest.MonkeyPatch, today: str = "2026-11-25") -> None:
    """The small world delivered to ``paths``, for console nights dated ``today`` that read it at once."""
    from tests.builders import small_world

    monkeypatch.setenv("HRP_TODAY", today)
    monkeypatch.setenv("HRP_LANDING_SETTLE_SECONDS", "0")
    reset_settings()
    small_world(paths.landing)
