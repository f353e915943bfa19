"""Publishing: the public site and the board reports swapped in whole, never half-written.

Each publication is assembled in a hidden folder under ``publications/``, given its manifest (run,
code version, input files with their hashes, build time, what it contains), renamed into place, and
then ``published`` — a symbolic link — is repointed at it with one atomic rename. A reader (or the
web server) sees the old publication or the new one, never a mixture; a crash at any point leaves
the previous publication standing, and the next run simply publishes again. The last N publications
are kept, so a previous one can be restored with one command.

Public and confidential outputs never share a tree a web server could serve: a publication holds
``public/site`` and ``confidential/board``; ``published`` points at its ``public`` folder (so the
web root ``published/site``, or one folder too high, serves only the site) and ``confidential``
points at its ``confidential`` folder.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.lib.common.faults import crash_point
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.render import stamps

MANIFEST = "manifest.json"
CONFIDENTIAL = frozenset({"board"})  # contents never placed under the public folder


@dataclass(frozen=True)
class Publication:
    id: str
    path: Path
    manifest: dict[str, Any]

    @property
    def is_complete(self) -> bool:
        return (self.path / MANIFEST).is_file()


def publication_id(built_at: datetime, run_id: str) -> str:
    return f"{built_at:%Y%m%dT%H%M%S}-{run_id[:8]}"


def publish(paths: DataPaths, contents: dict[str, Path], manifest: dict[str, Any], keep: int) -> Publication:
    """Copy ``contents`` (name -> built folder) into a new publication and make it the published one.

    When every output was built from the same inputs as those of the current publication (their
    stamps, see ``unchanged``), the current publication stays and nothing is copied: idle nights do
    not push the publications worth restoring out of the last ``keep``."""
    key = contents_key(contents)
    standing = current(paths)
    if key is not None and standing is not None and standing.manifest.get("contents_key") == key:
        prune(paths, keep)  # a crash's leftovers go all the same
        return standing
    manifest = {**manifest, "contents_key": key}
    pid = manifest["publication_id"]
    final = paths.publications / pid
    staging = paths.publications / f".building-{pid}"
    if staging.exists():
        shutil.rmtree(staging)  # left over by a crash: start again
    staging.mkdir(parents=True)
    for name, source in contents.items():
        folder = staging / ("confidential" if name in CONFIDENTIAL else "public") / name
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns(f"{stamps.STAMP}*"))
    crash_point("publish.before_manifest")
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    staging.rename(final)
    crash_point("publish.before_swap")
    _point_published_at(paths, final)
    prune(paths, keep)
    return Publication(pid, final, manifest)


def contents_key(contents: dict[str, Path]) -> str | None:
    """What the outputs were built from: the stamps of every built folder (None if one has none,
    i.e. it was not built through the unchanged check, and must be published)."""
    found: list[str] = []
    for name, folder in sorted(contents.items()):
        if (folder / stamps.STAMP).is_file():
            outputs = [folder]
        elif any(p.is_file() for p in folder.iterdir()):
            return None  # an output built without the check
        else:
            outputs = sorted(p for p in folder.iterdir() if p.is_dir())  # one per fiscal year, or none
        for output in outputs:
            stamp = output / stamps.STAMP
            if not stamp.is_file():
                return None
            found.append(f"{name}/{output.relative_to(folder)}:{stamp.read_text(encoding='utf-8').strip()}")
    return stamps.inputs_key(found)


def _point_published_at(paths: DataPaths, target: Path) -> None:
    """Repoint ``published`` (then ``confidential``), each in one atomic rename (relative links, so
    the data root can move). A publication from before the split has no ``public`` folder: the link
    then points at the publication itself."""
    public = "public" if (target / "public").is_dir() else ""
    _swap_link(paths.published, Path(paths.publications.name) / target.name / public)
    if (target / "confidential").is_dir():
        _swap_link(paths.confidential, Path(paths.publications.name) / target.name / "confidential")


def _swap_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():  # a plain folder from elsewhere: keep it aside
        link.rename(link.with_name(f"{link.name}.replaced-{datetime.now():%Y%m%dT%H%M%S}"))
    tmp = link.with_name(f".{link.name}-{target.parts[1]}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    tmp.replace(link)


def current(paths: DataPaths) -> Publication | None:
    if not paths.published.is_symlink():
        return None
    target = paths.published.resolve()
    if target.name == "public":
        target = target.parent
    return _load(target) if target.is_dir() else None


def history(paths: DataPaths) -> list[Publication]:
    """Complete publications, newest first."""
    if not paths.publications.is_dir():
        return []
    found = [_load(p) for p in paths.publications.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted((p for p in found if p.is_complete), key=lambda p: p.id, reverse=True)


def _load(path: Path) -> Publication:
    manifest_path = path / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    return Publication(path.name, path, manifest)


def restore(paths: DataPaths, pid: str) -> Publication:
    """Make an earlier publication the published one again."""
    chosen = next((p for p in history(paths) if p.id == pid or p.id.startswith(pid)), None)
    if chosen is None:
        raise LookupError(f"no complete publication {pid!r}; see `hrp publications`")
    _point_published_at(paths, chosen.path)
    return chosen


def prune(paths: DataPaths, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` publications (never the published one) and crash leftovers."""
    live = current(paths)
    removed = []
    for old in history(paths)[max(keep, 1) :]:
        if live is None or old.id != live.id:
            shutil.rmtree(old.path)
            removed.append(old.id)
    for leftover in paths.publications.glob(".building-*"):
        shutil.rmtree(leftover)
    for link in [*paths.root.glob(".published-*"), *paths.root.glob(".confidential-*")]:
        link.unlink()
    return removed


def replace_folder(built: Path, destination: Path) -> None:
    """Swap a freshly built folder into ``destination`` (used for the internal builds area)."""
    old = destination.with_name(f".old-{destination.name}")
    if old.exists():
        shutil.rmtree(old)
    if destination.exists():
        destination.replace(old)
    built.replace(destination)
    if old.exists():
        shutil.rmtree(old)
