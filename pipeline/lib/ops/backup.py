"""Backups that restore: the warehouse, the publications, the landing archive and the run history.

A backup is one folder, private to the service user like the data root it copies:

* ``warehouse.duckdb``: copied while holding the warehouse's writer lock, after a ``CHECKPOINT``, so no
  run writes during the copy and the file holds every committed transaction (the write-ahead log is
  empty after a checkpoint). A run that starts meanwhile waits for the lock, as it waits for another run;
* ``publications/`` with the ``published`` and ``confidential`` links (relative, so they work wherever
  the data root is restored);
* ``landing/``: the deliveries as the teams made them (a night skips them by path, size and time);
* ``profiles/``: the import profiles the deliveries were read through (without them the next night
  would refuse: docs/importing.md);
* ``instance/``: Dagster's run history, schedules and sensor cursors: ``pg_dump`` of the database when
  the instance is on PostgreSQL (deploy/dagster.yaml), else a copy of its SQLite files made with
  SQLite's online backup;
* ``backup.json``: what is in it, when it was made, and the warehouse's SHA-256.

Restoring writes all of it into a data root that holds no warehouse yet (never over a live one).
Builds, caches and validation pages are not kept: the next night rebuilds them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect, run_script

MANIFEST = "backup.json"
LINKS = ("published", "confidential")


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]


def create(paths: DataPaths, dagster_home: Path, destination: Path, lock_timeout_seconds: float = 900) -> Backup:
    """Write a backup of ``paths`` into a new folder under ``destination`` and return it."""
    made_at = datetime.now(UTC).replace(microsecond=0)
    folder = destination / f"hrp-backup-{made_at:%Y%m%dT%H%M%SZ}"
    partial = folder.with_name(f".{folder.name}.partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True, mode=0o700)
    with connect(paths.warehouse, holder="hrp backup", timeout_seconds=lock_timeout_seconds) as con:
        run_script(con, "warehouse/checkpoint.sql")
        shutil.copyfile(paths.warehouse, partial / "warehouse.duckdb")
    if paths.publications.is_dir():
        shutil.copytree(paths.publications, partial / "publications", symlinks=True)
    for name in LINKS:
        link = paths.root / name
        if link.is_symlink():
            (partial / name).symlink_to(link.readlink())
    for kept in (paths.landing, paths.profiles):
        if kept.is_dir():
            shutil.copytree(kept, partial / kept.name, symlinks=True)
    instance = _copy_instance(dagster_home, partial / "instance")
    manifest = {
        "made_at": made_at.isoformat(),
        "data_root": str(paths.root),
        "warehouse_sha256": _sha256(partial / "warehouse.duckdb"),
        "instance": instance,
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    partial.rename(folder)
    return Backup(folder, manifest)


def restore(backup: Path, paths: DataPaths, dagster_home: Path) -> Backup:
    """Put a backup into ``paths``, which must hold no warehouse (restore onto a new data root)."""
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    if paths.warehouse.exists():
        raise FileExistsError(f"{paths.root} already holds a warehouse: restore into a new data root")
    if _sha256(backup / "warehouse.duckdb") != manifest["warehouse_sha256"]:
        raise ValueError(f"{backup}: the warehouse does not match its SHA-256 in {MANIFEST}")
    paths.ensure()
    shutil.copyfile(backup / "warehouse.duckdb", paths.warehouse)
    paths.warehouse.chmod(0o600)
    for name in ("publications", "landing", "profiles"):
        if (backup / name).is_dir():
            shutil.copytree(backup / name, paths.root / name, symlinks=True, dirs_exist_ok=True)
    for name in LINKS:
        if (backup / name).is_symlink():
            (paths.root / name).symlink_to((backup / name).readlink())
    _restore_instance(backup / "instance", dagster_home, manifest["instance"])
    return Backup(backup, manifest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def postgres_settings(dagster_home: Path) -> dict[str, str] | None:
    """The instance's PostgreSQL connection (``storage.postgres.postgres_db``, ``{env: …}`` resolved),
    or None when the instance keeps its history in SQLite files."""
    config_path = dagster_home / "dagster.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) if config_path.is_file() else None
    database = ((config or {}).get("storage") or {}).get("postgres", {}).get("postgres_db")
    if not database:
        return None

    def value(key: str, default: str = "") -> str:
        raw = database.get(key, default)
        return os.environ.get(raw["env"], "") if isinstance(raw, dict) else str(raw)

    return {
        "host": value("hostname"),
        "port": value("port", "5432"),
        "dbname": value("db_name"),
        "user": value("username"),
        "password": value("password"),
    }


def _postgres_tool(name: str) -> str:
    """``pg_dump`` / ``psql``: on the PATH, else the newest of Debian's (which keeps them off the PATH)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise FileNotFoundError(f"{name} is needed for an instance on PostgreSQL (Debian: postgresql-client)")
    return str(candidates[-1])


def _postgres_env(settings: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "PGHOST": settings["host"],
        "PGPORT": settings["port"],
        "PGDATABASE": settings["dbname"],
        "PGUSER": settings["user"],
        "PGPASSWORD": settings["password"],
    }


def _copy_instance(dagster_home: Path, folder: Path) -> dict[str, Any]:
    folder.mkdir(mode=0o700)
    settings = postgres_settings(dagster_home)
    if settings is not None:
        dump = folder / "dagster.sql"
        with dump.open("wb") as out:
            subprocess.run(  # noqa: S603 - our arguments
                [_postgres_tool("pg_dump"), "--no-owner", "--no-privileges", "--clean", "--if-exists"],
                stdout=out,
                check=True,
                env=_postgres_env(settings),
                timeout=3600,
            )
        return {"kind": "postgres", "file": dump.name}
    copied = []
    for database in sorted(dagster_home.rglob("*.db")):
        target = folder / database.relative_to(dagster_home)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with sqlite3.connect(database) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the daemon writes
        copied.append(str(database.relative_to(dagster_home)))
    return {"kind": "sqlite", "files": copied}


def _restore_instance(folder: Path, dagster_home: Path, instance: dict[str, Any]) -> None:
    dagster_home.mkdir(parents=True, exist_ok=True, mode=0o700)
    if instance["kind"] == "postgres":
        settings = postgres_settings(dagster_home)
        if settings is None:
            raise ValueError(
                f"the backup's run history is a PostgreSQL dump: put the team's dagster.yaml in {dagster_home}"
            )
        subprocess.run(  # noqa: S603 - our arguments
            [_postgres_tool("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-f", str(folder / instance["file"])],
            check=True,
            capture_output=True,
            env=_postgres_env(settings),
            timeout=3600,
        )
        return
    for name in instance["files"]:
        target = dagster_home / name
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(folder / name, target)
