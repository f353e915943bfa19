"""No published request count silently omits a row that was set aside: issue #22 item 4.

A request_counts delivery with one ambiguous country name ("Korea": KR or KP) has that row set aside;
every figure it would have changed (its period's and fiscal year's totals, its request type's and
requester type's) is published as incomplete with the count of rows missing, on the page, in the
downloads and in the board report, never as a clean number. Once the operator answers with
``hrp countries add Korea KR`` and the next run loads the row, the figures are exact and unmarked.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.lib.board import report as board_report
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import reset_settings
from pipeline.lib.disclosure.values import PublicMetric, exact, load_public_rows, load_rows, released
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.metrics.incomplete import annotate, missing_rows
from pipeline.lib.ops.acknowledged import carry_acknowledgements, confirm_acknowledgements
from pipeline.lib.release import record
from pipeline.lib.render import charts
from pipeline.lib.site import build as site
from pipeline.lib.site.downloads import data_rows
from pipeline.lib.warehouse.connection import connect
from tests.builders import write
from tests.conftest import RUN_DATE, Ingest, measure

CALENDAR = FiscalCalendar(7)
TODAY = date(2026, 11, 25)
H1, H2 = ("2024-07-01", "2024-12-31"), ("2025-01-01", "2025-06-30")  # FY2025's halves


def tally(period: tuple[str, str], country: str, kind: str, requester: str, requests: int) -> dict[str, str]:
    return {
        "period_start": period[0],
        "period_end": period[1],
        "country": country,
        "request_type": kind,
        "requester_type": requester,
        "requests": str(requests),
        "accounts_specified": "",
        "complied_fully": "",
        "complied_partly": "",
        "refused": "",
        "pending": "",
    }


DELIVERY = [
    tally(H1, "DE", "user_data", "government", 10),
    tally(H1, "FR", "content_alteration", "court", 4),
    tally(H2, "DE", "user_data", "government", 7),
    tally(H1, "Korea", "user_data", "law_enforcement", 5),  # ambiguous: set aside
]


def published(paths: DataPaths) -> dict[str, PublicMetric]:
    """The request metrics as the board sees them (exact), with the rows each value misses."""
    catalogue = load_catalogue()
    with connect(paths.warehouse) as con:
        return exact(catalogue, annotate(load_rows(con, catalogue), missing_rows(con, catalogue)))


def total(public: dict[str, PublicMetric], metric: str, period: str) -> tuple[float | None, int]:
    cell = public[metric].total(period)
    assert cell is not None
    return cell.value, cell.missing


def test_a_row_set_aside_makes_its_figures_incomplete(
    paths: DataPaths, ingest: Ingest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY)
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    public = published(paths)
    assert total(public, "requests_received", "FY2025-H1") == (14, 1)
    assert total(public, "requests_received", "FY2025") == (21, 1)
    assert total(public, "requests_received", "FY2025-H2") == (7, 0)  # the row is not of this half
    assert total(public, "government_demands_received", "FY2025") == (21, 1)
    assert total(public, "private_requests_received", "FY2025") == (0, 0)  # not a private party's row
    by_type = {c.member_1: c.missing for c in public["requests_received"].breakdown("request_type", "FY2025")}
    assert by_type == {"user_data": 1, "content_alteration": 0}
    by_country = {c.member_1: c.missing for c in public["requests_received"].breakdown("country", "FY2025")}
    assert by_country == {"DE": 0, "FR": 0}  # which country it is, nobody knows yet

    rows = {(r["period"], r["breakdown"]): r for r in data_rows(public["requests_received"])}
    assert rows[("FY2025", "")]["period_status"] == "incomplete"
    assert rows[("FY2025", "")]["rows_not_counted"] == 1
    assert rows[("FY2025-H2", "")]["period_status"] == "complete"

    with connect(paths.warehouse) as con:
        report = board_report.gather(con, load_catalogue(), CALENDAR, 2025, "run", RUN_DATE)
    view = next(m for m in report.metrics if m.metric.id == "requests_received")
    assert view.value == "21 (incomplete: 1 row not counted)"
    assert {m.label: m.value for m in view.members} == {
        "User data": "17 (incomplete: 1 row not counted)",
        "Content alteration": "4",
    }
    table = next(t for t in report.transparency if t.label == "FY2025")
    assert table.total[0] == "17 (incomplete: 1 row not counted)"  # user-data requests of any requester

    drawn: dict[str, Any] = {}

    def draw(figures: dict[str, Any], _cache: Path) -> Callable[[], dict[str, str]]:
        for name, figure in figures.items():
            drawn.setdefault(name, figure)  # the first language's, English
        return lambda: dict.fromkeys(figures, "<svg></svg>")

    monkeypatch.setattr(charts, "start_rendering", draw)
    with connect(paths.warehouse) as con:
        record.prepare(con, load_catalogue(), CALENDAR, 10, TODAY, RUN_DATE)
        site.build(con, load_catalogue(), CALENDAR, 10, tmp_path / "site", tmp_path / "charts", RUN_DATE, TODAY)
    page = (tmp_path / "site" / "en" / "requests_received.html").read_text()
    assert "incomplete: delivered rows not counted: 1" in page  # beside FY2025, the page's latest year
    kyrgyz = (tmp_path / "site" / "ky" / "requests_received.html").read_text()
    assert "толук эмес: эсепке алынбаган жеткирилген саптар: 1" in kyrgyz
    transparency = (tmp_path / "site" / "en" / "transparency-FY2025.html").read_text()
    assert "17 (incomplete)" in transparency and "Korea" not in transparency
    bars = drawn["requests_received"]["data"][0]
    assert bars["marker"]["pattern"]["shape"] == ["/", ""]  # the first half is short, the second whole
    assert "A hatched bar is incomplete" in page


def test_an_operator_accepts_a_figure_as_it_is(paths: DataPaths, ingest: Ingest) -> None:
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY)
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    result = CliRunner().invoke(cli, ["acknowledge", "request_counts/fy2025.csv", "--reason", "Korea: asked Legal"])
    assert result.exit_code == 0, result.output
    assert "accepted as incomplete" in result.stdout
    public = published(paths)
    cell = public["requests_received"].total("FY2025")
    assert cell is not None and (cell.value, cell.missing, cell.accepted) == (21, 0, 1)
    rows = {(r["period"], r["breakdown"]): r for r in data_rows(public["requests_received"])}
    assert (rows[("FY2025", "")]["period_status"], rows[("FY2025", "")]["rows_not_counted"]) == (
        "accepted as incomplete",
        1,
    )
    with connect(paths.warehouse) as con:
        report = board_report.gather(con, load_catalogue(), CALENDAR, 2025, "run", RUN_DATE)
        who = con.execute("SELECT acknowledged_by, reason, status FROM audit.acknowledgements").fetchall()
    assert who == [(getpass.getuser(), "Korea: asked Legal", "loaded")]
    view = next(m for m in report.metrics if m.metric.id == "requests_received")
    assert view.value == "21 (accepted as incomplete: 1 row not counted)"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRP_TODAY", TODAY.isoformat())


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout if result.exit_code == 0 else result.stderr


def test_an_ambiguous_name_is_asked_once_then_answered_with_hrp(
    paths: DataPaths, ingest: Ingest, tmp_path: Path
) -> None:
    second = [tally(H2, "korea", "user_data", "government", 2), tally(H2, "FR", "user_data", "court", 1)]
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY)
    write(paths.landing_for("request_counts"), "fy2025-h2.csv", second)
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    rules = ingest.query("SELECT DISTINCT rule FROM audit.quarantine WHERE source = 'request_counts'")
    assert rules == [("country_ambiguous",)]
    assert total(published(paths), "requests_received", "FY2025") == (22, 2)

    code, listed = _cli("countries", "--json")
    assert code == 0
    waiting = json.loads(listed)["waiting"]
    assert len(waiting) == 1  # one question for the spelling, however many rows and files
    assert waiting[0]["rows"] == 2 and waiting[0]["files"] == 2
    assert waiting[0]["candidates"] == [
        "Korea, Republic of (KR)",
        "Korea, Democratic People's Republic of (KP)",
    ]
    assert "hrp countries add Korea KR" in waiting[0]["question"]

    assert _cli("countries", "add", "Korea", "ZZ")[0] == 2  # not a code
    refused = _cli("countries", "add", "South Korea", "KP")
    errors = [line for line in refused[1].splitlines() if line.startswith("error:")]
    assert refused[0] == 2 and errors == ["error: 'South Korea' already means Korea, Republic of (KR), not KP"]
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    assert paths.root.joinpath("reference", "country_aliases.csv").read_text() == "alias,code\nKorea,KR\n"

    ingest("request_counts")  # the next run stages the rows set aside for "Korea" again
    measure(paths, (2025,), TODAY)
    public = published(paths)
    assert total(public, "requests_received", "FY2025") == (29, 0)
    assert total(public, "requests_received", "FY2025-H1") == (19, 0)
    korea = {c.member_1: (c.value, c.missing) for c in public["requests_received"].breakdown("country", "FY2025")}
    assert korea["KR"] == (7, 0)
    assert all(c.missing == 0 and c.accepted == 0 for p in public.values() for c in p.cells)
    assert json.loads(_cli("countries", "--json")[1])["waiting"] == []
    assert ingest.query("SELECT count(*) FROM audit.quarantine") == [(0,)]

    # the warehouse is what a clean rebuild with the same files and aliases makes
    clean = DataPaths(tmp_path / "clean").ensure()
    shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
    shutil.copytree(paths.root / "reference", clean.root / "reference")
    assert _state(paths) == _state_after_rebuild(clean)


@pytest.mark.parametrize(
    ("kr_period", "kr_requests", "rule"),
    [
        (H1, 9, "key_unique_within_delivery"),
        (H1, -1, "key_unique_within_delivery"),
        (("2024-07-01", "2025-06-30"), 9, "periods_do_not_overlap"),
    ],
    ids=["the same key", "the key of a row set aside", "an overlapping period"],
)
def test_a_country_answered_that_makes_a_loaded_file_break_a_rule_with_its_own_rows_holds_it(
    paths: DataPaths, ingest: Ingest, tmp_path: Path, kr_period: tuple[str, str], kr_requests: int, rule: str
) -> None:
    """A file loaded with its "Korea" row set aside, beside a KR row of its own: answered Korea = KR,
    the row staged again has the key of that KR row (or a period overlapping its year). A clean night
    holds the file whole for it; the night after the answer did not see the file's loaded rows, and
    dropped the row as a duplicate (or counted both periods) with nothing needing attention
    (a reliability review found both). The KR row set aside by a row rule (its requests negative) is a
    row of the file all the same: a clean night judges it in the same batch, and holds the file for
    the key twice (a second review found the night counting the answered row)."""
    delivery = [
        tally(H1, "Korea", "user_data", "government", 5),
        tally(kr_period, "KR", "user_data", "government", kr_requests),
        tally(H1, "FR", "user_data", "government", 7),
    ]
    write(paths.landing_for("request_counts"), "a.csv", delivery)
    ingest("request_counts")
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    _, validated = ingest("request_counts")
    assert [d.path for d in validated.held] == ["a.csv"] and rule in validated.held[0].hold_reasons[0]
    measure(paths, (2025,), TODAY)
    clean = DataPaths(tmp_path / "clean").ensure()
    shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
    shutil.copytree(paths.root / "reference", clean.root / "reference")
    assert _state(paths) == _state_after_rebuild(clean)


def test_hrp_status_asks_for_what_keeps_figures_short_until_it_is_dealt_with(paths: DataPaths, ingest: Ingest) -> None:
    """docs/operations.md: `hrp status` lists the country question and the delivery whose rows set aside
    leave figures incomplete, each with its next command, and is not healthy while they wait."""
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY)
    ingest("request_counts")
    measure(paths, (2025,), TODAY)

    def asked() -> dict[str, dict[str, Any]]:
        result = CliRunner().invoke(cli, ["status", "--json"])
        state = json.loads(result.stdout)
        assert result.exit_code == 1 and not state["healthy"]
        return {item["kind"]: item for item in state["needs_attention"]}

    found = asked()
    assert sorted(found) == ["country", "incomplete"]
    assert found["country"]["action"] == "`hrp countries add Korea KR` (or the other code)"
    assert found["country"]["problem"].startswith("country Korea: Korea, Republic of (KR) or ")
    assert found["incomplete"]["path"] == "fy2025.csv"
    assert found["incomplete"]["problem"].startswith("1 row set aside: ")
    assert "`hrp acknowledge request_counts/fy2025.csv --reason …`" in found["incomplete"]["action"]
    words = CliRunner().invoke(cli, ["status"]).stdout
    assert "2 things to deal with:" in words and "To do: `hrp countries add Korea KR`" in words

    assert _cli("acknowledge", "request_counts/fy2025.csv", "--reason", "Korea: asked Legal")[0] == 0
    assert sorted(asked()) == ["country"]  # the figures are accepted; the name still waits for an answer
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    assert asked() == {}


def test_a_rebuild_forgets_an_acknowledgement_whose_rows_set_aside_changed(paths: DataPaths, ingest: Ingest) -> None:
    """The same bytes read again may set aside other rows (a country answered since): accepting the figures
    without them was a decision about rows the rebuilt warehouse no longer misses, so it is not carried."""
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY)
    ingest("request_counts")
    assert _cli("acknowledge", "request_counts/fy2025.csv", "--reason", "Korea: asked Legal")[0] == 0
    previous = paths.root / "previous.duckdb"
    paths.warehouse.replace(previous)
    with connect(paths.warehouse) as con:
        carrying = carry_acknowledgements(con, previous, paths.landing)
    assert [a["path"] for a in carrying.carried] == ["fy2025.csv"] and carrying.not_carried == []
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    ingest("request_counts")  # the rebuild's night: the Korea row loads now
    with connect(paths.warehouse) as con:
        confirmed = confirm_acknowledgements(con, carrying)
        kept = con.execute("SELECT count(*) FROM audit.acknowledgements").fetchall()
    assert confirmed.carried == [] and kept == [(0,)]
    assert confirmed.lines() == [
        "0 acknowledgements carried over from the previous warehouse.",
        "Not carried: request_counts/fy2025.csv: its rows set aside changed (1 before, 0 now); "
        "acknowledge it again if it still stands",
    ]


def test_a_rebuild_carries_an_acknowledgement_to_the_earlier_name_that_now_holds_its_bytes(
    paths: DataPaths, ingest: Ingest
) -> None:
    """A copy of an acknowledged file arrives under an earlier-sorting name: a night calls it the copy,
    but a rebuild reads it first and the acknowledged name becomes the copy. The rebuild night's figures
    already counted the acknowledgement ("accepted as incomplete"); it is carried to the name that holds
    its bytes now, not dropped with advice to acknowledge a copy, which `hrp acknowledge` refuses."""
    landing = paths.landing_for("request_counts")
    write(landing, "fy2025.csv", DELIVERY)
    ingest("request_counts")
    assert _cli("acknowledge", "request_counts/fy2025.csv", "--reason", "Korea: asked Legal")[0] == 0
    shutil.copyfile(landing / "fy2025.csv", landing / "a-fy2025.csv")
    ingest("request_counts")
    previous = paths.root / "previous.duckdb"
    paths.warehouse.replace(previous)
    with connect(paths.warehouse) as con:
        carrying = carry_acknowledgements(con, previous, paths.landing)
    ingest("request_counts")  # the rebuild's night: a-fy2025.csv is read, fy2025.csv is its copy
    measure(paths, (2025,), TODAY)
    with connect(paths.warehouse) as con:
        marks = {cell: (m.rows, m.accepted) for cell, m in missing_rows(con, load_catalogue()).items()}
        confirmed = confirm_acknowledgements(con, carrying)
        after = {cell: (m.rows, m.accepted) for cell, m in missing_rows(con, load_catalogue()).items()}
        kept = con.execute("SELECT path, version FROM audit.acknowledgements").fetchall()
    assert marks and set(marks.values()) == {(0, 1)} and after == marks  # accepted, before and after
    assert kept == [("a-fy2025.csv", 1)]
    assert confirmed.lines() == [
        "1 acknowledgement carried over from the previous warehouse.",
        "Carried to request_counts/a-fy2025.csv: the acknowledgement of request_counts/fy2025.csv, whose bytes "
        "the rebuild read under that name (the other is their copy)",
    ]


def test_an_acknowledged_file_moved_to_an_earlier_name_keeps_its_acknowledgement_through_a_rebuild(
    paths: DataPaths, ingest: Ingest
) -> None:
    """A move to an earlier name changes nothing for the nights; the rebuild finds the bytes where the
    nights saw them, and the acknowledgement follows them there (it said "no longer in landing/")."""
    landing = paths.landing_for("request_counts")
    write(landing, "fy2025.csv", DELIVERY)
    ingest("request_counts")
    assert _cli("acknowledge", "request_counts/fy2025.csv", "--reason", "Korea: asked Legal")[0] == 0
    (landing / "fy2025.csv").rename(landing / "a-fy2025.csv")
    ingest("request_counts")
    previous = paths.root / "previous.duckdb"
    paths.warehouse.replace(previous)
    with connect(paths.warehouse) as con:
        carrying = carry_acknowledgements(con, previous, paths.landing)
    assert carrying.not_carried == []
    ingest("request_counts")
    with connect(paths.warehouse) as con:
        confirmed = confirm_acknowledgements(con, carrying)
        kept = con.execute("SELECT path FROM audit.acknowledgements").fetchall()
    assert kept == [("a-fy2025.csv",)] and confirmed.lines()[1].startswith("Carried to request_counts/a-fy2025.csv")


def test_a_version_replaced_under_the_same_name_asks_nothing_and_an_answer_revives_none_of_its_rows(
    paths: DataPaths, ingest: Ingest
) -> None:
    """The first version's "Korea" row is set aside; the file is replaced under the same name without
    it. The old version's record in the manifest still says 'loaded', but no landing path holds it:
    nobody is asked about its spelling, and an answer given for another reason stages none of its
    rows again (they would be judged and marked on a file that counts for nothing)."""
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY)
    ingest("request_counts")
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY[:3])
    ingest("request_counts")
    assert json.loads(_cli("countries", "--json")[1])["waiting"] == []

    replaced = (
        "SELECT m.status, m.rows_quarantined, m.validated_run_id, count(q.row_number) FROM audit.file_manifest AS m "
        "LEFT JOIN audit.quarantine AS q USING (sha256) GROUP BY ALL ORDER BY min(m.delivery_id) LIMIT 1"
    )
    before = ingest.query(replaced)
    assert before == [("loaded", 1, "test-run-1", 1)]
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    ingest("request_counts")
    assert ingest.query(replaced) == before
    assert ingest.query("SELECT count(*) FROM audit.set_aside_request_counts") == [(1,)]


CORE = "SELECT * EXCLUDE (_run_id) FROM core.request_counts ORDER BY ALL"
MARTS = "SELECT * EXCLUDE (run_id, computed_at) FROM marts.metric_values ORDER BY ALL"
MANIFEST = "SELECT path, sha256, rows_read, rows_loaded, rows_quarantined, status FROM audit.file_manifest ORDER BY ALL"


def _state(paths: DataPaths) -> tuple[list[Any], ...]:
    with connect(paths.warehouse) as con:
        return tuple(con.execute(q).fetchall() for q in (CORE, MARTS, MANIFEST))


def _state_after_rebuild(clean: DataPaths) -> tuple[list[Any], ...]:
    previous = os.environ["HRP_DATA_ROOT"]
    os.environ["HRP_DATA_ROOT"] = str(clean.root)
    reset_settings()
    try:
        Ingest(clean)("request_counts")
        measure(clean, (2025,), TODAY)
        return _state(clean)
    finally:
        os.environ["HRP_DATA_ROOT"] = previous
        reset_settings()


def test_a_held_delivery_is_incomplete_until_a_good_file_replaces_it(paths: DataPaths, ingest: Ingest) -> None:
    write(paths.landing_for("request_counts"), "fy2025.csv", DELIVERY[:3])
    held = [tally(H2, c, "user_data", "government", -1) for c in ("US", "BR", "KE")]  # mostly broken: held
    write(paths.landing_for("request_counts"), "h2-extra.csv", [*held, tally(H2, "JP", "user_data", "court", 3)])
    ingest("request_counts")
    assert ingest.query("SELECT status FROM audit.file_manifest WHERE path = 'h2-extra.csv'") == [("held",)]
    measure(paths, (2025,), TODAY)
    public = published(paths)
    assert total(public, "requests_received", "FY2025-H2") == (7, 4)  # every row of the held file
    assert total(public, "requests_received", "FY2025-H1") == (14, 0)

    fixed = [tally(H2, c, "user_data", "government", 2) for c in ("US", "BR", "KE")]
    write(paths.landing_for("request_counts"), "h2-extra.csv", [*fixed, tally(H2, "JP", "user_data", "court", 3)])
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    public = published(paths)
    assert total(public, "requests_received", "FY2025-H2") == (16, 0)
    assert total(public, "requests_received", "FY2025") == (30, 0)


def test_a_figure_about_people_says_incomplete_as_its_release_found_it(paths: DataPaths, ingest: Ingest) -> None:
    """Marks are released with the figures they stand beside: a row set aside between two releases
    marks the accounts (a figure about people) only at the next release, or a reader would learn
    between releases which half and requester got a late row of accounts (a hostile reading,
    2026-12-04); the request counts beside them too, since they change only at releases with them
    (a hostile reading, 2026-12-06)."""
    catalogue = load_catalogue()
    accounts = next(m.id for m in catalogue.public_metrics if m.source == "request_counts" and m.about_people)
    clean = [{**tally(H1, "DE", "user_data", "government", 40), "accounts_specified": "44"}]
    write(paths.landing_for("request_counts"), "clean.csv", clean)
    ingest("request_counts")
    measure(paths, (2025,), TODAY)

    def public(today: date) -> dict[str, PublicMetric]:
        with connect(paths.warehouse) as con:
            record.prepare(con, catalogue, CALENDAR, 10, today, RUN_DATE)
            return released(catalogue, annotate(load_public_rows(con), missing_rows(con, catalogue)))

    assert public(TODAY)[accounts].total("FY2025-H1").missing == 0  # type: ignore[union-attr]
    late = [{**tally(H1, "Korea", "user_data", "government", 30), "accounts_specified": "31"}]
    write(paths.landing_for("request_counts"), "late.csv", late)
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    tonight = public(TODAY)  # no release is due: the release of 2026-08-29 still stands
    assert tonight["requests_received"].total("FY2025-H1").missing == 0  # type: ignore[union-attr]
    assert tonight[accounts].total("FY2025-H1").missing == 0  # type: ignore[union-attr]
    next_release = public(date(2027, 3, 1))
    assert next_release[accounts].total("FY2025-H1").missing == 1  # type: ignore[union-attr]
    assert next_release["requests_received"].total("FY2025-H1").missing == 1  # type: ignore[union-attr]


def test_a_delivery_held_once_its_answered_rows_are_staged_again_ends_as_a_rebuild_holds_it(
    paths: DataPaths, ingest: Ingest, tmp_path: Path
) -> None:
    """Review r6: rows set aside for a name, answered, staged again, then breaking a blocking rule (the
    same key twice) hold their whole delivery. Its rows loaded before left core, but the manifest
    still counted them loaded and the figures counted only the 2 restaged rows missing, where a clean
    rebuild, holding the file whole, counts every row of it missing."""
    twice = [tally(H1, "Korea", "user_data", "law_enforcement", n) for n in (5, 6)]
    write(paths.landing_for("request_counts"), "fy2025.csv", [*DELIVERY[:3], *twice])
    ingest("request_counts")
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    ingest("request_counts")
    measure(paths, (2025,), TODAY)
    manifest = "SELECT status, rows_read, rows_loaded, rows_quarantined, rows_held FROM audit.file_manifest"
    assert ingest.query(manifest) == [("held", 5, 0, 0, 5)]
    assert ingest.query("SELECT count(*) FROM audit.set_aside_request_counts WHERE kind = 'held'") == [(5,)]
    clean = DataPaths(tmp_path / "clean").ensure()
    shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
    shutil.copytree(paths.root / "reference", clean.root / "reference")
    assert _state(paths) == _state_after_rebuild(clean)


KOREA_BROKEN = [tally(H1, "Korea", kind, "government", -1) for kind in ("user_data", "content_alteration")]


@pytest.mark.parametrize(
    ("others", "held"),
    [
        ([9, 9, 9, 9], []),  # 2 of 6 rows break row rules: loaded; the two alone, "2 of 2", held it
        ([-1, 9, 9], ["a.csv"]),  # 3 of 5 (one set aside the first night): held, and said so; alone, "2 of 2"
    ],
    ids=["loaded", "held"],
)
def test_a_country_answered_judges_the_whole_file_for_mostly_rejected_as_a_clean_night_does(
    paths: DataPaths, ingest: Ingest, tmp_path: Path, others: list[int], held: list[str]
) -> None:
    """Two "Korea" rows set aside, whose requests break a row rule once their country resolves.
    Answered Korea = KR, they are staged again and fail: whether most of the file's rows break row
    rules is asked of the whole file, its rows loaded and set aside the first night with them, as a
    clean night asks it (a reliability review's side note: the night judged the two alone). Held,
    the file's row set aside the first night is held with the rest, as a clean night holding the file
    sets none aside."""
    countries = ("DE", "GB", "FR", "US")
    delivery = [
        *KOREA_BROKEN,
        *(tally(H1, c, "user_data", "government", n) for c, n in zip(countries, others, strict=False)),
    ]
    write(paths.landing_for("request_counts"), "a.csv", delivery)
    ingest("request_counts")
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    _, validated = ingest("request_counts")
    assert [d.path for d in validated.held] == held, validated.problems
    assert not held or validated.held[0].hold_reasons == [
        "mostly_rejected (3 of 5 rows break row rules, more than 50%: is it the right file?)"
    ]
    measure(paths, (2025,), TODAY)
    clean = DataPaths(tmp_path / "clean").ensure()
    shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
    shutil.copytree(paths.root / "reference", clean.root / "reference")
    state = _state(paths)
    assert [m[-1] for m in state[-1]] == ["held" if held else "loaded"]
    assert state == _state_after_rebuild(clean)


def test_rows_waiting_for_a_country_count_in_the_share_so_an_answer_never_changes_a_hold_made_without_it(
    paths: DataPaths, ingest: Ingest, tmp_path: Path
) -> None:
    """Five rows: two wait for an answer ("Korea"), two break a row rule, one is good. Judged without
    the waiting rows the file was "2 of 3" and held; a rebuild after the answer judges "2 of 5" and
    loads it, while the nights, the file held, never staged the answered rows again (a reliability
    review). A row waiting for a name is a row of the file: it counts towards the whole file, so the
    share can only grow once the answer comes (the answered rows may break a rule), and a file loaded
    before the answer is judged whole again after it."""
    delivery = [
        *(tally(period, "Korea", "user_data", "government", 5) for period in (H1, H2)),
        *(tally(period, "DE", "user_data", "court", -3) for period in (H1, H2)),
        tally(H1, "FR", "user_data", "court", 5),
    ]
    write(paths.landing_for("request_counts"), "fy2025.csv", delivery)
    _, validated = ingest("request_counts")
    assert validated.held == [], validated.problems
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    ingest("request_counts")
    assert ingest.query("SELECT status, rows_loaded FROM audit.file_manifest") == [("loaded", 3)]
    measure(paths, (2025,), TODAY)
    clean = DataPaths(tmp_path / "clean").ensure()
    shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
    shutil.copytree(paths.root / "reference", clean.root / "reference")
    assert _state(paths) == _state_after_rebuild(clean)


@pytest.mark.parametrize("acknowledged", [False, True], ids=["held", "held and acknowledged"])
def test_rows_answered_of_a_held_file_are_held_with_the_rest(
    paths: DataPaths, ingest: Ingest, tmp_path: Path, acknowledged: bool
) -> None:
    """A file held (three of its five rows break a row rule) with a "Korea" row waiting for an answer.
    Answered, the row is one of the file's rows held, as a clean night reading the file with the answer
    holds it: the nights kept it set aside, quarantined for a question answered, and its figure's mark
    counted it under no country (a review found it). The file stays held, unjudged: the answer only
    adds a row. Acknowledged (left out on purpose), the same."""
    delivery = [
        *(tally(period, "DE", "user_data", "court", -3) for period in (H1, H2)),
        tally(H1, "GB", "user_data", "court", -3),
        tally(H1, "FR", "user_data", "court", 5),
        tally(H1, "Korea", "user_data", "government", 5),
    ]
    write(paths.landing_for("request_counts"), "a.csv", delivery)
    ingest("request_counts")
    if acknowledged:
        assert _cli("acknowledge", "request_counts/a.csv", "--reason", "the wrong file: left out")[0] == 0
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    ingest("request_counts")
    status = "acknowledged" if acknowledged else "held"
    assert ingest.query("SELECT status, rows_quarantined, rows_held FROM audit.file_manifest") == [(status, 0, 5)]
    assert ingest.query("SELECT count(*) FROM audit.quarantine") == [(0,)]
    if not acknowledged:  # (a clean rebuild here carries no acknowledgement)
        measure(paths, (2025,), TODAY)
        clean = DataPaths(tmp_path / "clean").ensure()
        shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
        shutil.copytree(paths.root / "reference", clean.root / "reference")
        assert _state(paths) == _state_after_rebuild(clean)


@pytest.mark.parametrize("way", ["put back", "released"])
def test_a_country_answered_counts_its_rows_the_night_their_file_counts_again(
    paths: DataPaths, ingest: Ingest, tmp_path: Path, way: str
) -> None:
    """The rows set aside for a spelling since answered are staged again on the night their file counts
    again: put back as it was after a correction, or released from a hold. They waited a night, with
    the country question asked again and the figures short (a reliability review found both)."""
    landing = paths.landing_for("request_counts")
    fr = tally(H2, "FR", "user_data", "government", 7)
    first = [tally(H2, "Korea", "user_data", "government", 5), fr, *([fr] if way == "released" else [])]
    original = write(landing, "a.csv", first).read_bytes()  # released: FR's key twice, held
    ingest("request_counts")
    if way == "put back":
        write(landing, "a.csv", [tally(H2, "FR", "user_data", "government", 8)])
        ingest("request_counts")
    assert _cli("countries", "add", "Korea", "KR")[0] == 0
    ingest("request_counts")
    if way == "put back":
        (landing / "a.csv").write_bytes(original)
    else:
        assert _cli("release", "request_counts", "a.csv", "--reason", "the same row twice: checked")[0] == 0
    ingest("request_counts")
    assert ingest.query("SELECT count(*) FROM core.request_counts WHERE country = 'KR'") == [(1,)]
    assert ingest.query("SELECT count(*) FROM audit.quarantine WHERE rule = 'country_ambiguous'") == [(0,)]
    if way == "put back":  # a clean night counts it too (released, it holds the file: no release is given it)
        measure(paths, (2025,), TODAY)
        clean = DataPaths(tmp_path / "clean").ensure()
        shutil.copytree(paths.landing, clean.landing, dirs_exist_ok=True)
        shutil.copytree(paths.root / "reference", clean.root / "reference")
        assert _state(paths)[:2] == _state_after_rebuild(clean)[:2]
