"""Publications are swapped in whole, kept, pruned and restorable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.release import publication


def _built(paths: DataPaths, label: str) -> dict[str, Path]:
    site = paths.builds / "site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(f"<p>{label}</p>", encoding="utf-8")
    return {"site": site}


def _publish(paths: DataPaths, label: str, second: int, keep: int = 3) -> publication.Publication:
    pid = publication.publication_id(datetime(2026, 11, 25, 2, 0, second), f"run-{label}")
    return publication.publish(paths, _built(paths, label), {"publication_id": pid, "run_id": label}, keep)


def test_published_points_at_a_complete_publication(paths: DataPaths) -> None:
    first = _publish(paths, "one", 1)
    assert paths.published.is_symlink()
    assert (paths.published / "site" / "index.html").read_text() == "<p>one</p>"
    assert (paths.published.resolve().parent / "manifest.json").is_file()
    second = _publish(paths, "two", 2)
    assert publication.current(paths).id == second.id  # type: ignore[union-attr]
    assert [p.id for p in publication.history(paths)] == [second.id, first.id]


def test_only_the_last_n_are_kept_and_an_earlier_one_can_be_restored(paths: DataPaths) -> None:
    ids = [_publish(paths, f"r{i}", i, keep=3).id for i in range(5)]
    assert [p.id for p in publication.history(paths)] == ids[:1:-1]
    restored = publication.restore(paths, ids[2][:15])
    assert restored.id == ids[2]
    assert (paths.published / "site" / "index.html").read_text() == "<p>r2</p>"
    with pytest.raises(LookupError):
        publication.restore(paths, ids[0])


def test_leftovers_of_a_crashed_publish_are_ignored_and_cleared(paths: DataPaths) -> None:
    good = _publish(paths, "good", 1)
    (paths.publications / ".building-20261125T030000-crashed").mkdir()
    assert [p.id for p in publication.history(paths)] == [good.id]
    _publish(paths, "next", 2)
    assert not list(paths.publications.glob(".building-*"))


def test_the_board_reports_are_outside_the_public_web_root(paths: DataPaths) -> None:
    built = _built(paths, "with-board")
    board = paths.builds / "board" / "FY2025"
    board.mkdir(parents=True)
    (board / "board-report.html").write_text("confidential", encoding="utf-8")
    pid = publication.publication_id(datetime(2026, 11, 25, 2, 0, 9), "run-board")
    publication.publish(paths, {**built, "board": paths.builds / "board"}, {"publication_id": pid}, 3)
    served = {p.relative_to(paths.published).as_posix() for p in paths.published.rglob("*")}
    assert served == {"site", "site/index.html"}, "one folder above the web root holds only the site"
    assert (paths.confidential / "board" / "FY2025" / "board-report.html").read_text() == "confidential"
    assert paths.confidential.resolve().parent == paths.published.resolve().parent, "one publication"


def test_outputs_built_from_the_same_inputs_make_no_new_publication(paths: DataPaths) -> None:
    built = _built(paths, "stamped")
    (built["site"] / ".inputs-sha256").write_text("key-1", encoding="utf-8")
    first = _publish(paths, "a", 1)
    (paths.publications / ".building-20261125T030000-crashed").mkdir()
    assert _publish(paths, "a", 2).id == first.id, "same inputs: the publication stands"
    assert not list(paths.publications.glob(".building-*")), "a crash's leftovers are cleared all the same"
    (built["site"] / ".inputs-sha256").write_text("key-2", encoding="utf-8")
    assert _publish(paths, "b", 3).id != first.id
    assert len(publication.history(paths)) == 2
