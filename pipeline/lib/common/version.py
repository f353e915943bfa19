"""The code version a report or publication was made with: the git commit, marked if modified."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path

from pipeline.lib.common import paths


def _git(*args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise OSError("git is not installed")
    result = subprocess.run([git, *args], cwd=paths.CHECKOUT, capture_output=True, text=True, check=True, timeout=5)  # noqa: S603
    return result.stdout.strip()


@cache
def code_version() -> str:
    package = version("hr-accountability-pipeline")
    if paths.CHECKOUT is None:  # installed from a wheel: the package version is all there is
        return package
    try:
        commit = _git("rev-parse", "--short=12", "HEAD")
        modified = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return package
    return f"{package}+{commit}{'.modified' if modified else ''}"


def content_version(globs: Iterable[tuple[Path, str]]) -> str:
    """A short hash of every file matching each ``(root, pattern)``: changes exactly when one of them does.

    Used as a Dagster ``code_version``: an asset built from these SQL files, templates, rules and
    modules is stale when the hash differs from the one it was last materialised with.
    """
    files = sorted({(root, path) for root, pattern in globs for path in root.glob(pattern) if path.is_file()})
    digest = hashlib.sha256()
    for root, path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
