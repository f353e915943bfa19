"""A backlog is validated in chunks and, for most sources, counted into core once after the last
chunk (``merge.validate_and_merge``). The chunks settled before one that fails still reach core:
at once when it raises, and by the next run before it tries that chunk again when the process was
killed. A chunk that fails every night must never keep the deliveries the manifest calls loaded out
of core (the reliability review of the deferred recount found that it did)."""

import pytest

from pipeline.lib.common.faults import SimulatedCrash
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ingest import merge
from tests.builders import rows, write
from tests.conftest import Ingest

SOURCE = "training_records"  # its validation reads nothing of core: counted once, after the last chunk
EACH_DELIVERY_APART = 1  # max_batch_rows: every delivery a chunk of its own


def in_core(ingest: Ingest) -> list[str]:
    return [r for (r,) in ingest.query("SELECT record_id FROM core.training_records ORDER BY 1")]


def loaded(ingest: Ingest) -> list[str]:
    return [p for (p,) in ingest.query("SELECT path FROM audit.file_manifest WHERE status = 'loaded' ORDER BY 1")]


@pytest.fixture
def two_deliveries(paths: DataPaths) -> tuple[list[str], list[str]]:
    landing = paths.landing_for(SOURCE)
    first = rows(SOURCE, 2)
    second = rows(SOURCE, 1, record_id="TR-later")
    write(landing, "2024-08.csv", first)
    write(landing, "2024-12.csv", second)
    return [r["record_id"] for r in first], [r["record_id"] for r in second]


def test_a_chunk_killed_every_night_keeps_no_settled_chunk_out_of_core(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, two_deliveries: tuple[list[str], list[str]]
) -> None:
    first, second = two_deliveries
    for night_number in (1, 2):  # the first chunk settles on night 1; the second is killed both nights
        monkeypatch.setenv("HRP_CRASH_AT", "ingest.before_merge_commit")
        monkeypatch.setenv("HRP_CRASH_AFTER", "1" if night_number == 1 else "0")
        monkeypatch.setenv("HRP_CRASH_IN_PROCESS", "1")
        with pytest.raises(SimulatedCrash):
            ingest(SOURCE, max_batch_rows=EACH_DELIVERY_APART)
    assert loaded(ingest) == ["2024-08.csv"]
    assert in_core(ingest) == sorted(first)  # counted by night 2 before its kill
    for name in ("HRP_CRASH_AT", "HRP_CRASH_AFTER", "HRP_CRASH_IN_PROCESS"):
        monkeypatch.delenv(name)
    ingest(SOURCE, max_batch_rows=EACH_DELIVERY_APART)
    assert in_core(ingest) == sorted(first + second)


def test_a_chunk_that_raises_leaves_the_settled_chunks_counted(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, two_deliveries: tuple[list[str], list[str]]
) -> None:
    first, _ = two_deliveries
    validate_chunk = merge._validate_chunk
    calls: list[int] = []

    def second_chunk_fails(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the validator fell over")
        validate_chunk(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merge, "_validate_chunk", second_chunk_fails)
    with pytest.raises(RuntimeError, match="fell over"):
        ingest(SOURCE, max_batch_rows=EACH_DELIVERY_APART)
    assert loaded(ingest) == ["2024-08.csv"]
    assert in_core(ingest) == sorted(first)
