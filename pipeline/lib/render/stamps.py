"""Outputs that cost what changed: a build is skipped when the inputs it was made from are unchanged.

Each output folder keeps the key of the inputs it was built from (``.inputs-sha256``), written only
after the whole output is complete, so a build interrupted half-way is never taken for current. The
key is content-addressed, like the chart cache: the data an output shows, the templates, styles
and translations it is drawn with, and the code version. A night that changes none of them
rewrites nothing and prints nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from pipeline.lib.common.version import code_version

STAMP = ".inputs-sha256"


def inputs_key(*parts: object, folders: Iterable[Path] = ()) -> str:
    """A hash of the values an output is built from and of every file under ``folders``."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(json.dumps(part, default=str, sort_keys=True).encode())
    for folder in folders:
        for file in sorted(f for f in folder.rglob("*") if f.is_file()):
            digest.update(str(file.relative_to(folder)).encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def is_current(output: Path, key: str, files: Iterable[Path] = ()) -> bool:
    """Whether ``output`` was completely built from inputs with this key (and its files are all there)."""
    stamp = output / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == key and all(f.exists() for f in files)


def record(output: Path, key: str) -> None:
    """Mark ``output`` as built from inputs with this key (call once it is complete)."""
    tmp = output / f"{STAMP}.tmp"
    tmp.write_text(key, encoding="utf-8")
    tmp.replace(output / STAMP)


def forget(output: Path) -> None:
    """Drop the mark before rebuilding ``output`` in place: a crash half-way leaves it unmarked."""
    (output / STAMP).unlink(missing_ok=True)
