"""The code version a report or publication was made with: the git commit, marked if modified."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from importlib.metadata import version

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
