"""A held delivery stays out until a corrected file replaces it or an operator releases it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ingest.held import held_deliveries, release
from pipeline.lib.ops.acknowledged import carry_releases, confirm_releases
from pipeline.lib.quality.contracts import load_contract
from pipeline.lib.warehouse.connection import connect
from tests.builders import rows, write
from tests.conftest import Ingest


def _held_file(paths: DataPaths) -> list[dict[str, str]]:
    records = rows("training_records", 4)
    records.append(dict(records[0], department="XYZ"))  # same record_id twice, and a bad department
    write(paths.landing_for("training_records"), "2024-10.csv", records)
    return records


def test_a_corrected_redelivery_supersedes_the_held_version(paths: DataPaths, ingest: Ingest) -> None:
    records = _held_file(paths)
    _, validated = ingest("training_records")
    assert [d.path for d in validated.held] == ["2024-10.csv"]
    assert ingest.query("SELECT count(*) FROM audit.quarantine") == [(0,)], "held rows are held, not quarantined"
    assert ingest.query("SELECT count(*) FROM staging.training_records") == [(5,)], "they wait in staging, typed"
    write(paths.landing_for("training_records"), "2024-10.csv", records[:4])
    _, validated = ingest("training_records")
    assert not validated.held
    assert ingest.query("SELECT count(*) FROM staging.training_records") == [(0,)], "superseded: no longer kept"
    assert ingest.query("SELECT version, status FROM audit.file_manifest ORDER BY version") == [
        (1, "superseded"),
        (2, "loaded"),
    ]
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(4,)]


def test_an_operator_release_merges_it_with_the_reason_kept(paths: DataPaths, ingest: Ingest) -> None:
    _held_file(paths)
    ingest("training_records")
    with connect(paths.warehouse) as con:
        (held,) = held_deliveries(con)
        assert release(con, load_contract("training_records"), held["sha256"], "duplicate confirmed identical")
        assert not held_deliveries(con)
    _, validated = ingest("training_records")
    assert any("released by an operator" in p for p in validated.problems)
    assert ingest.query(
        "SELECT status, rows_read, rows_loaded, rows_quarantined, rows_held, released_reason FROM audit.file_manifest"
    ) == [("loaded", 5, 4, 1, 0, "duplicate confirmed identical")]
    assert ingest.query("SELECT row_number, rule FROM audit.quarantine") == [(5, "department_in_departments")]
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(4,)]


def test_a_warehouse_that_kept_held_rows_as_raw_text_releases_them_after_the_upgrade(
    paths: DataPaths, ingest: Ingest
) -> None:
    """Before the delivered file became the raw layer, a held delivery's rows waited as text in
    ``raw.<source>`` and a release typed them again from there. Such a warehouse's held rows are
    typed into staging once, and the text table goes."""
    _held_file(paths)
    ingest("training_records")
    with connect(paths.warehouse) as con:  # the warehouse as the earlier version left it
        con.execute(
            "CREATE SCHEMA raw; CREATE TABLE raw.training_records AS "
            "SELECT COLUMNS(* EXCLUDE (_row_number, _file_sha256, _run_id))::VARCHAR, "
            "_file_sha256, _row_number, _run_id "
            "FROM staging.training_records; DELETE FROM staging.training_records"
        )
    with connect(paths.warehouse) as con:
        (held,) = held_deliveries(con)
        assert release(con, load_contract("training_records"), held["sha256"], "duplicate confirmed identical")
        tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall()
        assert tables == [(0,)], "the raw text table is gone"
    ingest("training_records")
    assert ingest.query("SELECT status, rows_loaded, rows_quarantined FROM audit.file_manifest") == [("loaded", 4, 1)]
    assert ingest.query("SELECT count(*) FROM core.training_records") == [(4,)]


def test_a_held_delivery_whose_rows_are_gone_is_not_released_empty(paths: DataPaths, ingest: Ingest) -> None:
    """A warehouse made before held rows waited in staging may have cleared them (a review found one:
    a tally's rows restaged for a country answered, then held). Released, the delivery would merge
    nothing and the manifest would not reconcile: the release is refused, naming the way back."""
    from pipeline.lib.ingest.held import UnreleasableError

    _held_file(paths)
    ingest("training_records")
    with connect(paths.warehouse) as con:
        con.execute("DELETE FROM staging.training_records")
        (held,) = held_deliveries(con)
        with pytest.raises(UnreleasableError, match=r"5 of its held rows are no longer in the warehouse.*hrp rebuild"):
            release(con, load_contract("training_records"), held["sha256"], "looks fine")
        assert held_deliveries(con) == [held], "still held"


def test_a_delivery_held_for_counting_twice_cannot_be_released(paths: DataPaths, ingest: Ingest) -> None:
    """A new user released a quarter beside the half-year holding it (as the To do offered): the
    published half-year then counted its requests twice, marked complete. Periods that overlap, or
    that are no half-year or fiscal year, are cleared by a corrected file only."""
    import shutil

    from pipeline.lib.ingest.held import UnreleasableError
    from pipeline.lib.ops.attention import needing_attention
    from tests.data import bad

    landing = paths.landing_for("request_counts")
    landing.mkdir(parents=True, exist_ok=True)
    shutil.copy(bad.__path__[0] + "/request_counts/overlapping-periods.csv", landing / "overlapping-periods.csv")
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        (held,) = held_deliveries(con)
        with pytest.raises(UnreleasableError, match=r"held for periods_do_not_overlap.*which no release may override"):
            release(con, load_contract("request_counts"), held["sha256"], "looks fine to me")
        assert held_deliveries(con) == [held], "still held"
        (todo,) = needing_attention(con)
    assert "hrp release" not in todo.action and "corrected file" in todo.action


def test_a_rebuild_releases_again_what_was_released_unless_a_rule_no_release_overrides_now_holds_it(
    paths: DataPaths, ingest: Ingest
) -> None:
    """``hrp rebuild`` carries a release as it carries an acknowledgement: its night reads the bytes an
    operator released as released, with the reason kept, and counts them as the nights did. A file
    sorting before it whose fiscal year overlaps its half-year, held by the nights because the released
    file was counted first, is counted by the rebuild, which holds the released file for the overlap:
    no release may override that, and the rebuild says so."""
    landing = paths.landing_for("request_counts")
    twice = rows("request_counts", 2)
    write(landing, "twice.csv", twice + twice[:1])  # a key twice: held, released
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        (held,) = held_deliveries(con)
        assert release(con, load_contract("request_counts"), held["sha256"], "checked by Legal")
    ingest("request_counts")
    counted = ingest.query("SELECT * EXCLUDE (_run_id, _delivery_id) FROM core.request_counts ORDER BY ALL")
    previous = paths.root / "previous.duckdb"
    assert _rebuilt(paths, ingest, previous) == [
        "Released again: request_counts/twice.csv, released before, with its reason"
    ]
    assert ingest.query("SELECT * EXCLUDE (_run_id, _delivery_id) FROM core.request_counts ORDER BY ALL") == counted
    assert ingest.query("SELECT status, released_reason FROM audit.file_manifest WHERE version = 1") == [
        ("loaded", "checked by Legal")
    ]

    write(landing, "a-year.csv", rows("request_counts", 1, period_start="2023-07-01", period_end="2024-06-30"))
    ingest("request_counts")  # FY2024, sorting before the counted half-year: held until a rebuild
    assert ingest.query("SELECT path FROM audit.file_manifest WHERE status = 'held'") == [("a-year.csv",)]
    assert _rebuilt(paths, ingest, paths.root / "released.duckdb") == [
        "Not released again: request_counts/twice.csv: held for periods_do_not_overlap, which no release may override"
    ]
    assert ingest.query("SELECT path FROM audit.file_manifest WHERE status = 'held'") == [("twice.csv",)]


def _rebuilt(paths: DataPaths, ingest: Ingest, previous: Path) -> list[str]:
    """`hrp rebuild`'s steps for releases: the warehouse moved to ``previous``, its releases carried,
    one night, what became of them."""
    paths.warehouse.replace(previous)
    with connect(paths.warehouse) as con:
        assert carry_releases(con, previous) == []
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        return confirm_releases(con)


def test_a_release_does_not_override_an_overlap_found_after_it(paths: DataPaths, ingest: Ingest) -> None:
    """Released for a key twice, a file is validated again the night after; a file sorting before it,
    delivered in between, overlaps its half-year. No release overrides an overlap: the run holds it
    for that and says so, rather than listing the overlap as "overridden" beside a file held anyway."""
    landing = paths.landing_for("request_counts")
    twice = rows("request_counts", 2)
    write(landing, "twice.csv", twice + twice[:1])
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        (held,) = held_deliveries(con)
        assert release(con, load_contract("request_counts"), held["sha256"], "checked by Legal")
    write(landing, "a-year.csv", rows("request_counts", 1, period_start="2023-07-01", period_end="2024-06-30"))
    _, validated = ingest("request_counts")
    assert [d.path for d in validated.held] == ["twice.csv"]
    assert not [p for p in validated.problems if "overlaps" in p and "overridden" in p], validated.problems
    assert any("overlaps" not in p and "overridden" in p for p in validated.problems), "the key twice still is"
    assert ingest.query("SELECT path, status FROM audit.file_manifest ORDER BY path") == [
        ("a-year.csv", "loaded"),
        ("twice.csv", "held"),
    ]
    assert ingest.query("SELECT period_start::VARCHAR FROM core.request_counts") == [("2023-07-01",)]


@pytest.mark.parametrize("kept_as", ["put back", "copied"])
def test_a_rebuild_releases_released_bytes_again_wherever_landing_holds_them(
    paths: DataPaths, ingest: Ingest, kept_as: str
) -> None:
    """A release follows its bytes, not the name's latest version: released, then corrected under its
    name, then put back as it was (or kept as a copy under another name before the correction), the
    nights count the released bytes again, and so does the rebuild (a reliability review found it
    held them, naming `hrp release`)."""
    landing = paths.landing_for("request_counts")
    twice = rows("request_counts", 2)
    released_bytes = write(landing, "m.csv", twice + twice[:1]).read_bytes()
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        (held,) = held_deliveries(con)
        assert release(con, load_contract("request_counts"), held["sha256"], "checked by Legal")
    ingest("request_counts")
    if kept_as == "copied":
        (landing / "z.csv").write_bytes(released_bytes)
        ingest("request_counts")
    write(landing, "m.csv", rows("request_counts", 1, requests="3"))  # corrected
    ingest("request_counts")
    if kept_as == "put back":
        (landing / "m.csv").write_bytes(released_bytes)
        ingest("request_counts")
    counted = "SELECT * EXCLUDE (_run_id, _delivery_id) FROM core.request_counts ORDER BY ALL"
    nights = ingest.query(counted)
    (line,) = _rebuilt(paths, ingest, paths.root / "previous.duckdb")
    assert line.startswith("Released again: request_counts/"), line
    assert ingest.query(counted) == nights and len(nights) == 2
