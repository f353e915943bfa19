"""A file is recognised as already read by more than what a user can set back. A correction under
the same name, with the same size and a modification time restamped to the version read (an export
or archive with a fixed time: `zip -X`, SOURCE_DATE_EPOCH, `cp -p`/`touch -r`), was never read by
the nights, which said nothing, while a clean rebuild read it. Rewriting a file changes its inode
change time (and replacing it, its inode): the nights read it, as a rebuild does. The same bytes
with a new signature, or a sighting kept before the signature was, cost a hash, never a delivery."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.warehouse.connection import connect
from tests.builders import write
from tests.conftest import Ingest
from tests.integration.test_incomplete_figures import H1, _today, tally  # noqa: F401 - HRP_TODAY fixture

CORE = "SELECT country, requests FROM core.request_counts ORDER BY ALL"
STAMP = (1_700_000_000, 1_700_000_000)  # the exporter's fixed time


def test_a_correction_restamped_to_the_same_size_and_time_is_read_by_the_next_night(
    paths: DataPaths, ingest: Ingest, tmp_path: Path
) -> None:
    landing = paths.landing_for("request_counts")
    path = write(landing, "a.csv", [tally(H1, "DE", "user_data", "government", 5)])
    os.utime(path, STAMP)
    ingest("request_counts")
    before = path.stat().st_size
    write(landing, "a.csv", [tally(H1, "DE", "user_data", "government", 8)])  # 5 -> 8: same size
    os.utime(path, STAMP)
    assert path.stat().st_size == before
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        nights = con.execute(CORE).fetchall()
    clean = DataPaths(tmp_path / "clean").ensure()
    shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
    Ingest(clean)("request_counts")
    with connect(clean.warehouse) as con:
        rebuilt = con.execute(CORE).fetchall()
    assert rebuilt == [("DE", 8)]
    assert nights == rebuilt


def test_the_same_bytes_under_a_new_signature_or_an_old_sighting_are_not_a_new_delivery(
    paths: DataPaths, ingest: Ingest
) -> None:
    landing = paths.landing_for("request_counts")
    path = write(landing, "a.csv", [tally(H1, "DE", "user_data", "government", 5)])
    os.utime(path, STAMP)
    ingest("request_counts")
    path.chmod(0o600)  # the inode changes, the bytes do not
    staged, _ = ingest("request_counts")
    assert [(f.path, f.status) for f in staged.files] == [("a.csv", "skipped")]
    with connect(paths.warehouse) as con:  # a warehouse from before the change time and inode were kept
        con.execute("UPDATE audit.landing_sightings SET changed_ns = NULL, inode = NULL")
    staged, _ = ingest("request_counts")
    assert [(f.path, f.status) for f in staged.files] == [("a.csv", "skipped")]  # hashed once, known
    staged, _ = ingest("request_counts")
    assert staged.files == []  # and not hashed again: the signature is kept now
    with connect(paths.warehouse) as con:
        assert con.execute("SELECT count(*) FROM audit.file_manifest").fetchall() == [(1,)]
        assert con.execute(CORE).fetchall() == [("DE", 5)]
