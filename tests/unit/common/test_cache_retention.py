"""The cache keeps what is read and lets go of what is not: an entry read (a chart drawn before, a
year protected before) is marked, and the nightly publication removes the entries neither read nor
written for CACHE_UNREAD_DAYS, those of inputs that have changed since."""

import os
import time
from pathlib import Path

from pipeline.lib.common.layout import CACHE_UNREAD_DAYS, prune_cache
from pipeline.lib.disclosure import cache as disclosure_cache
from pipeline.lib.render.charts import figure_key, render_svgs

DAY = 86_400


def _aged(path: Path, days: float) -> Path:
    then = time.time() - days * DAY
    os.utime(path, (then, then))
    return path


def test_entries_unread_for_the_retention_go_and_the_others_stay(tmp_path: Path) -> None:
    (tmp_path / "charts").mkdir()
    old = tmp_path / "charts" / "old.svg"
    old.write_text("<svg/>")
    _aged(old, CACHE_UNREAD_DAYS + 1)
    (tmp_path / "disclosure" / "witnesses").mkdir(parents=True)
    recent = tmp_path / "disclosure" / "witnesses" / "recent.json"
    recent.write_text("[]")
    _aged(recent, CACHE_UNREAD_DAYS - 1)
    assert prune_cache(tmp_path, time.time()) == 1
    assert not old.exists() and recent.exists()
    assert prune_cache(tmp_path / "never-made", time.time()) == 0


def test_a_year_protected_before_is_marked_read_when_it_is_read_again(tmp_path: Path) -> None:
    disclosure_cache.store(tmp_path, "key", {("view", ("cell",)): "published"})  # type: ignore[dict-item]
    entry = _aged(tmp_path / "key.json", CACHE_UNREAD_DAYS + 1)
    assert disclosure_cache.load(tmp_path, "key") is not None
    assert prune_cache(tmp_path, time.time()) == 0 and entry.exists()


def test_a_chart_drawn_before_is_marked_read_when_it_is_used_again(tmp_path: Path) -> None:
    figure = {"data": [], "layout": {"title": "kept"}}
    entry = tmp_path / f"{figure_key(figure)}.svg"
    entry.write_text("<svg/>")
    _aged(entry, CACHE_UNREAD_DAYS + 1)
    assert render_svgs({"kept": figure}, tmp_path) == {"kept": "<svg/>"}  # from the cache: no browser started
    assert prune_cache(tmp_path, time.time()) == 0 and entry.exists()
