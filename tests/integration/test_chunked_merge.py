"""A backlog is validated in chunks and, for most sources, counted into core once after the last
chunk (``merge.validate_and_merge``). The chunks settled before one that fails still reach core:
at once when it raises, and by the next run before it tries that chunk again when the process was
killed. A chunk that fails every night must never keep the deliveries the manifest calls loaded out
of core (the reliability review of the deferred recount found that it did)."""

from pathlib import Path

import pytest

from pipeline.lib.common.faults import SimulatedCrash
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ingest import merge
from pipeline.lib.ingest.merge import validate_and_merge
from pipeline.lib.ingest.setup import initialise
from pipeline.lib.ingest.stage import stage_new_deliveries
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.quality.runner import runner
from pipeline.lib.warehouse.connection import connect
from tests.builders import rows, write
from tests.conftest import RUN_DATE, TEST_KEY

SOURCE = "training_records"  # its validation reads nothing of core: counted once, after the last chunk


def night(paths: DataPaths, run_id: str) -> None:
    """Stage and validate, each delivery a chunk of its own."""
    contract = load_contract(SOURCE)
    with connect(paths.warehouse, pseudonym_key=TEST_KEY) as con:
        initialise(con)
        stage_new_deliveries(con, contract, paths.landing_for(SOURCE), run_id, max_group_bytes=1)
        validate_and_merge(
            con,
            contract,
            run_id,
            lambda: runner(paths.validation / "data-docs"),
            paths.validation / "results",
            RUN_DATE,
            max_batch_rows=1,
        )


def in_core(paths: DataPaths) -> list[str]:
    with connect(paths.warehouse) as con:
        return [r for (r,) in con.execute("SELECT record_id FROM core.training_records ORDER BY 1").fetchall()]


def loaded(paths: DataPaths) -> list[str]:
    with connect(paths.warehouse) as con:
        query = "SELECT path FROM audit.file_manifest WHERE status = 'loaded' ORDER BY 1"
        return [p for (p,) in con.execute(query).fetchall()]


@pytest.fixture
def two_deliveries(paths: DataPaths) -> tuple[list[str], list[str]]:
    landing: Path = paths.landing_for(SOURCE)
    first = rows(SOURCE, 2)
    second = rows(SOURCE, 1, record_id="TR-later")
    write(landing, "2024-08.csv", first)
    write(landing, "2024-12.csv", second)
    return [r["record_id"] for r in first], [r["record_id"] for r in second]


def test_a_chunk_killed_every_night_keeps_no_settled_chunk_out_of_core(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, two_deliveries: tuple[list[str], list[str]]
) -> None:
    first, second = two_deliveries
    for night_number in (1, 2):  # the first chunk settles on night 1; the second is killed both nights
        monkeypatch.setenv("HRP_CRASH_AT", "ingest.before_merge_commit")
        monkeypatch.setenv("HRP_CRASH_AFTER", "1" if night_number == 1 else "0")
        monkeypatch.setenv("HRP_CRASH_IN_PROCESS", "1")
        with pytest.raises(SimulatedCrash):
            night(paths, f"night-{night_number}")
    assert loaded(paths) == ["2024-08.csv"]
    assert in_core(paths) == sorted(first)  # counted by night 2 before its kill
    for name in ("HRP_CRASH_AT", "HRP_CRASH_AFTER", "HRP_CRASH_IN_PROCESS"):
        monkeypatch.delenv(name)
    night(paths, "night-3")
    assert in_core(paths) == sorted(first + second)


def test_a_chunk_that_raises_leaves_the_settled_chunks_counted(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch, two_deliveries: tuple[list[str], list[str]]
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
        night(paths, "night-1")
    assert loaded(paths) == ["2024-08.csv"]
    assert in_core(paths) == sorted(first)
