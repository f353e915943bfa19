"""Privacy over time: figures about people change only at releases, and a release compared with an
earlier one narrows no number of people below k (issue 21).

A late case file (one case: a human-rights defender, critical, still open) is delivered between two
nights. The board's exact marts move at once; the public figures about people do not, until the
next release day. At that release an independent attacker (``tests/attack.py``, SciPy) holds both
releases in one program and bounds the revision of every number of people that was revised."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import yaml

from pipeline.lib.board.report import gather
from pipeline.lib.common import paths as repository
from pipeline.lib.common.fiscal import FiscalCalendar
from pipeline.lib.common.layout import DataPaths
from pipeline.lib.common.settings import SOURCES
from pipeline.lib.disclosure.calendar import ThresholdChangedError
from pipeline.lib.disclosure.values import load_public_rows, load_rows, public_rows, released
from pipeline.lib.inference.problem import cell_key
from pipeline.lib.metrics.catalogue import load_catalogue
from pipeline.lib.release import record
from pipeline.lib.release.record import prepare
from pipeline.lib.render.i18n import translation
from pipeline.lib.site.build import release_due
from pipeline.lib.site.downloads import data_rows, median_bases, write_csvs
from pipeline.lib.site.localised import Localised
from pipeline.lib.warehouse import sql
from pipeline.lib.warehouse.connection import connect
from tests.attack import (
    attack_publication,
    attack_revisions,
    attack_shown,
    by_fiscal_year,
    read_downloads,
    revealed,
    revealed_under_a_bet,
    truth_of,
)
from tests.builders import _case, _training, write
from tests.conftest import RUN_DATE, Ingest, copy_root, measure

K = 10
CALENDAR = FiscalCalendar(7)
CATALOGUE = load_catalogue()
PEOPLE = [m for m in CATALOGUE.public_metrics if m.about_people]
COUNTED = [m for m in PEOPLE if m.aggregate in ("sum", "ratio")]
RELATIONS = yaml.safe_load((repository.CATALOGUE / "disclosure_relations.yaml").read_text(encoding="utf-8"))
YEARS = (2023, 2024, 2025, 2026, 2027)
FIRST_NIGHT, SECOND_NIGHT = date(2026, 11, 25), date(2026, 11, 26)  # between the releases of 29 Aug and 1 Mar
RELEASE_NIGHT = date(2027, 3, 2)  # the first night after FY2027-H1's release (31 Dec + 60 days)
AUGUST_NIGHT = date(2027, 8, 30)  # the first night after FY2027's release (30 Jun + 60 days)
AUGUST = date(2026, 8, 29)  # FY2026's release


def night(paths: DataPaths, today: date) -> record.Outcome:
    measure(paths, YEARS, today=today)
    with connect(paths.warehouse) as con:
        return record.prepare(con, CATALOGUE, CALENDAR, K, today, RUN_DATE, paths.root / "cache" / "disclosure")


def public_people(paths: DataPaths) -> list[tuple[Any, ...]]:
    with connect(paths.warehouse) as con:
        return con.execute(
            "SELECT metric_id, period_id, breakdown, member_1, member_2, value, status "
            "FROM public_release.public_values WHERE metric_id IN (SELECT unnest($m)) ORDER BY ALL",
            {"m": [m.id for m in PEOPLE]},
        ).fetchall()


def as_published(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A release as its downloads show it (statuses neutral, hidden values empty)."""
    public = released(CATALOGUE, [r for r in rows if r["metric_id"] in {m.id for m in PEOPLE}])
    return {metric_id: data_rows(p) for metric_id, p in public.items() if p.metric.about_people}


def releases(paths: DataPaths) -> dict[date, list[dict[str, Any]]]:
    with connect(paths.warehouse) as con:
        cursor = con.execute("SELECT * FROM public_release.released_values")
        names = [d[0] for d in cursor.description]
        found: dict[date, list[dict[str, Any]]] = {}
        for row in cursor.fetchall():
            r = dict(zip(names, row, strict=True))
            found.setdefault(r.pop("released_on"), []).append(r)
    return found


def _sample_ingested(tmp_path: Path, sample_ingested: DataPaths) -> tuple[DataPaths, Ingest]:
    """A data root with the sample delivered and every source staged and validated (a copy of the
    session's)."""
    paths = copy_root(sample_ingested.root, DataPaths(tmp_path / "data").ensure())
    return paths, Ingest(paths, runs_before=len(SOURCES))


@pytest.mark.slow
def test_a_late_case_moves_no_public_figure_until_the_release_and_the_release_reveals_no_one(
    tmp_path: Path, sample_ingested: DataPaths
) -> None:
    paths, ingest = _sample_ingested(tmp_path, sample_ingested)
    first = night(paths, FIRST_NIGHT)
    assert first.made and first.released_on == date(2026, 8, 29) and first.next_release == date(2027, 3, 1)
    before = public_people(paths)

    late = _case("CASE-LATE-1", "2026-11-25T20:00:00Z", "2026-03-10", "harassment", "human_rights_defender", "critical")
    write(paths.landing / "case_outcomes", "late-case.csv", [late])
    ingest("case_outcomes")
    second = night(paths, SECOND_NIGHT)
    with connect(paths.warehouse) as con:
        opened = con.execute(
            "SELECT value FROM marts.metric_values WHERE metric_id = 'cases_opened' AND period_id = 'FY2026' "
            "AND breakdown = ''"
        ).fetchall()[0][0]
    assert not second.made
    assert public_people(paths) == before, "figures about people moved between releases"

    third = night(paths, RELEASE_NIGHT)
    assert third.made and third.released_on == date(2027, 3, 1)
    record = releases(paths)
    old, new = record[date(2026, 8, 29)], record[date(2027, 3, 1)]
    assert truth_of(old, COUNTED, RELATIONS)[("cases_opened", "FY2026", "", None, None)] == opened - 1
    # FY2026 was released whole in August and one late case cannot be revised safely: the year is held
    # as August showed it, statuses included (withholding the revised figures would point at the case)
    assert third.years_held >= 1
    old_pub, new_pub = as_published(old), as_published(new)
    for metric_id, rows in old_pub.items():
        assert [r for r in rows if r["fiscal_year"] == 2026] == [
            r for r in new_pub[metric_id] if r["fiscal_year"] == 2026
        ], metric_id
    _withheld_stays_withheld(old_pub, new_pub)
    old_years, new_years = by_fiscal_year(old_pub), by_fiscal_year(new_pub)
    old_truth, new_truth = truth_of(old, COUNTED, RELATIONS), truth_of(new, COUNTED, RELATIONS)
    for year, old_values in old_years.items():
        revised = [
            c
            for c in set(old_truth) | set(new_truth)
            if c[1].startswith(f"FY{year}") and 1 <= abs(new_truth.get(c, 0) - old_truth.get(c, 0)) <= K - 1
        ]
        attacked = attack_revisions(old_values, new_years[year], COUNTED, RELATIONS, K, revised, (old_truth, new_truth))
        for c, (low, high) in attacked.items():
            assert high - low >= K, f"FY{year} {c}: its revision pinned down to {low}..{high}"
    _no_small_differences(old_pub, new_pub)
    _the_next_year_gives_no_held_backlog_away(record[date(2027, 3, 1)])
    _a_half_year_released_first_stands_as_released(paths, ingest)


def _the_next_year_gives_no_held_backlog_away(release: list[dict[str, Any]]) -> None:
    """FY2026 is held as August showed it; FY2027's first half starts from FY2026's closing backlog,
    which the late case (still open) revised. Published beside the flows, FY2027-H1's backlog would
    give the revision away: backlog - opened + closed is the fresh closing backlog, not the one shown."""
    shown = {(r["metric_id"], r["period_id"]): r for r in release if r["breakdown"] == ""}
    start = shown[("cases_open_backlog", "FY2026-H2")]
    end, opened, closed = (shown[(m, "FY2027-H1")] for m in ("cases_open_backlog", "cases_opened", "cases_closed"))
    if all(r["status"] == "published" for r in (end, opened, closed)):
        derived = end["value"] - opened["value"] + closed["value"]
        assert start["status"] != "published" or derived == start["value"], "the held backlog's revision"


def _a_half_year_released_first_stands_as_released(paths: DataPaths, ingest: Ingest) -> None:
    """FY2027-H1 came out in March; a late case of that half-year arrives before the year's release in
    August. The August release protects the revision (the March figures and August's together narrow
    no number of people below k), and no figure March published reads "withheld" in August: a
    revised figure that cannot be shown safely stands as March showed it, marking nothing."""
    march = public_people(paths)
    late = _case("CASE-LATE-2", "2026-11-25T22:00:00Z", "2026-10-12", "harassment", "human_rights_defender", "critical")
    write(paths.landing / "case_outcomes", "late-case-2.csv", [late])
    ingest("case_outcomes")
    august = night(paths, AUGUST_NIGHT)
    assert august.made and august.released_on == date(2027, 8, 29)
    shown_then = {row[:5]: row[5:] for row in march if row[1].startswith("FY2027")}
    shown_now = {row[:5]: row[5:] for row in public_people(paths)}
    for cell, (_, status) in shown_then.items():
        if status == "published":
            assert shown_now[cell][1] == "published", f"{cell}: published in March, withheld in August"
    record = releases(paths)
    august_rows = record[date(2027, 8, 29)]
    standing = [r for r in august_rows if r["shown_from"] is not None]
    assert standing and all(r["shown_from"] == date(2027, 3, 1) for r in standing), "the revised total stands"
    # the year beside a standing half would give the other half away: year - half as shown - a small revision
    figures = {(r["metric_id"], r["period_id"], r["breakdown"], r["member_1"], r["member_2"]): r for r in august_rows}
    for r in standing:
        year = figures.get((r["metric_id"], "FY2027", r["breakdown"], r["member_1"], r["member_2"]))
        assert year is None or year["status"] != "published", f"{year}: published beside its standing half-year"
    old, new = as_published(record[date(2027, 3, 1)]), as_published(record[date(2027, 8, 29)])
    _withheld_stays_withheld(old, new)
    old_truth = truth_of(record[date(2027, 3, 1)], COUNTED, RELATIONS)
    new_truth = truth_of(record[date(2027, 8, 29)], COUNTED, RELATIONS)
    revised = [
        c
        for c in set(old_truth) | set(new_truth)
        if c[1].startswith("FY2027") and 1 <= abs(new_truth.get(c, 0) - old_truth.get(c, 0)) <= K - 1
    ]
    assert revised, "the late case revised figures March had shown"
    old_years, new_years = by_fiscal_year(old), by_fiscal_year(new)
    attacked = attack_revisions(
        old_years[2027], new_years[2027], COUNTED, RELATIONS, K, revised, (old_truth, new_truth)
    )
    for c, (low, high) in attacked.items():
        assert high - low >= K, f"FY2027 {c}: its revision pinned down to {low}..{high}"


def _withheld_stays_withheld(old: dict[str, list[dict[str, Any]]], new: dict[str, list[dict[str, Any]]]) -> None:
    """A figure withheld in a release is withheld in every later one: otherwise the new release's
    figures solve the old release's equations (a category's count recovered as a total minus the others)."""
    for metric_id, rows in old.items():
        later = {(v["period"], v["breakdown"], v["member_1"], v["member_2"]): v["status"] for v in new[metric_id]}
        for v in rows:
            if v["status"] == "withheld":
                assert later.get((v["period"], v["breakdown"], v["member_1"], v["member_2"])) == "withheld", (
                    metric_id,
                    v,
                )


def _no_small_differences(old: dict[str, list[dict[str, Any]]], new: dict[str, list[dict[str, Any]]]) -> None:
    for metric in COUNTED:
        if metric.aggregate != "sum":
            continue
        shown = {(v["period"], v["breakdown"], v["member_1"], v["member_2"]): v["value"] for v in old[metric.id]}
        for v in new[metric.id]:
            before = shown.get((v["period"], v["breakdown"], v["member_1"], v["member_2"]))
            if before is not None and v["value"] is not None:
                assert not 1 <= abs(v["value"] - before) <= K - 1, (metric.id, v, before)


@pytest.mark.slow
def test_a_year_beside_a_half_year_standing_as_first_released_gives_no_half_away(
    tmp_path: Path, sample_ingested: DataPaths
) -> None:
    """March 2026 publishes FY2026-H1; a late training completion of that half (language tr) arrives;
    August withholds the revised H1 figure, which stands at March's value. A hostile reading found the
    year published beside it: year - H1 as shown = H2 + a revision under k, so a hidden H2 of 6
    completions read as 7 - r. Every year figure beside a standing half must be withheld."""
    paths, ingest = _sample_ingested(tmp_path, sample_ingested)
    assert night(paths, date(2026, 3, 2)).made
    late = _training("TR-LATE-T", "E00999910", "staff", "FIN", "HR-301", "2025-09-01", "2025-11-30", "2025-11-15")
    write(paths.landing / "training_records", "late-training.csv", [{**late, "language": "tr"}])
    ingest("training_records")
    assert night(paths, date(2026, 8, 30)).made
    august = releases(paths)[date(2026, 8, 29)]
    figures = {(r["metric_id"], r["period_id"], r["breakdown"], r["member_1"], r["member_2"]): r for r in august}
    standing = [r for r in august if r["shown_from"] is not None and r["period_id"] == "FY2026-H1"]
    assert any(r["metric_id"] == "training_languages" and r["member_1"] == "tr" for r in standing), "tr stands"
    for r in standing:
        year = figures.get((r["metric_id"], "FY2026", r["breakdown"], r["member_1"], r["member_2"]))
        assert year is None or year["status"] != "published", f"{year}: published beside its standing half-year"


@pytest.mark.slow
def test_what_march_published_august_publishes_too_and_the_site_alone_gives_no_half_away(
    tmp_path: Path, sample_ingested: DataPaths
) -> None:
    """A hostile reading found it: August withheld training-language figures of FY2026-H1 (published
    in March) to hide FY2026-H2, while publishing the year: H2 = year - H1, to the person, from the
    March copy (and from August's own page once H1 stood as first released). A figure a reader
    already has hides nothing: August publishes every figure March published, unchanged."""
    paths, _ = _sample_ingested(tmp_path, sample_ingested)
    assert night(paths, date(2026, 3, 2)).released_on == date(2026, 3, 1)
    assert night(paths, date(2026, 8, 30)).released_on == date(2026, 8, 29)
    record = releases(paths)
    march = {(r["metric_id"], cell_key(r)): r for r in record[date(2026, 3, 1)]}
    august = {(r["metric_id"], cell_key(r)): r for r in record[date(2026, 8, 29)]}
    assert any(cell[1][0] == "FY2026" for cell in august), "August releases the year, not March's half again"
    for cell, before in march.items():
        after = august[cell]
        if before["status"] == "published" and before["value"] == after["value"]:
            assert after["status"] == "published", f"{cell}: published in March, withheld in August"
    with connect(paths.warehouse) as con:
        shown = sql.records(con, "disclosure/public_values.sql")  # what the site shows, as it reads it
    years = by_fiscal_year(as_published(shown))
    for cell, (low, high, status) in attack_publication(years[2026], COUNTED, RELATIONS, K, years[2025]).items():
        assert not revealed(low, high, status, K), f"FY2026 {cell} ({status}): pinned down to {low}..{high}"
    # a reader who guesses that no case was open before the series starts (FY2023-H1), rightly here,
    # got the withheld FY2023 backlog and closed cases exactly (25, 84, 97) before the protection took
    # that opening backlog as known
    truth = truth_of(shown, COUNTED, RELATIONS)
    opening = {("cases_open_backlog", "FY2022-H2", "", None, None): 0.0}
    assert truth[("cases_open_backlog", "FY2023-H1", "", None, None)] == (
        truth[("cases_opened", "FY2023-H1", "", None, None)] - truth[("cases_closed", "FY2023-H1", "", None, None)]
    ), "the sample's series starts with no case open: the guess is right"
    guessed = attack_publication(years[2023], COUNTED, RELATIONS, K, None, None, opening)
    for cell, (low, high, status) in guessed.items():
        assert not revealed(low, high, status, K), f"FY2023 {cell} ({status}), guessed: pinned to {low}..{high}"
    # a night with a wrong, earlier date replays a release already made; it never makes an older one
    # (a release dated 2025-08-29 made after August's would be protected against none of them)
    # and shows the figures already out, not an earlier release's (that would un-publish figures)
    shown_before = public_people(paths)
    replay = night(paths, date(2026, 2, 15))
    assert not replay.made and set(releases(paths)) == {date(2026, 3, 1), date(2026, 8, 29)}
    assert replay.released_on == date(2026, 8, 29) and public_people(paths) == shown_before
    # and says the next release is the one after August's, not March's (already out) nor August's
    assert replay.next_release == date(2027, 3, 1)
    assert night(paths, date(2026, 8, 20)).next_release == date(2027, 3, 1)
    # a k other than the releases' own (raised: allowed by the floor) is refused with the way back,
    # not found unsafe by the blocking check every night in thousands of lines
    with connect(paths.warehouse) as con, pytest.raises(ThresholdChangedError, match="back to 10"):
        prepare(con, CATALOGUE, CALENDAR, 15, date(2026, 9, 1), RUN_DATE)
    assert public_people(paths) == shown_before


def test_k_below_the_floor_fails_the_run(tmp_path: Path) -> None:
    from pipeline.defs.privacy.public_values import public_values
    from pipeline.defs.resources import ReportingSettings, Warehouse

    result = dg.materialize(
        [public_values],
        resources={
            "warehouse": Warehouse(data_root=str(tmp_path), lock_timeout_seconds=10, memory_limit="512MB"),
            "reporting": ReportingSettings(suppression_k=3, publications_kept=5),
        },
        raise_on_error=False,
        selection=[public_values.key],
    )
    assert not result.success
    error = result.get_step_failure_events()[0].event_specific_data.error  # type: ignore[union-attr]
    assert "below the disclosure policy's floor of 10" in error.cause.message  # type: ignore[union-attr]


def test_no_page_counts_the_deliveries_of_people_sources(sample_site: Path) -> None:
    """Compared night by night, "49 deliveries with 3,893 rows" becoming "50 deliveries with 3,894
    rows" told that one record about a person arrived, and when."""
    people_sources = {m.source for m in PEOPLE}
    for metric in CATALOGUE.public_metrics:
        page = (sample_site / "en" / f"{metric.id}.html").read_text(encoding="utf-8")
        assert not re.search(r"\d rows", page), metric.id  # no running row counts, whatever the source
        assert ("processed from" in page) == (metric.source not in people_sources), metric.id
        assert "No delivery yet" not in page, f"{metric.id}: its source was delivered, its count is only withheld"
        assert "all passed at their latest run" not in page or metric.source not in people_sources, metric.id
        assert "the next release is due on 1 March 2027" in page
    assert "the next release is due on" in (sample_site / "en" / "index.html").read_text(encoding="utf-8")


LATE_IN_A_RELEASED_HALF: dict[str, tuple[str, list[dict[str, str]], str | None]] = {
    # (source, the late rows, the metric whose new half-year must come out beside them: None where
    # the sample's new half-year is withheld on its own, as FY2026-H2's training rate is, 28 of 35)
    # a medium-severity case of a reader, opened in FY2026-H1 and closed in H2, delivered after March
    "medium_closed": (
        "case_outcomes",
        [
            _case(
                "CASE-LATE-M",
                "2026-05-01T10:00:00Z",
                "2025-11-03",
                "harm",
                "reader",
                "medium",
                "closed",
                "2026-02-10",
                "withdrawn",
            )
        ],
        "cases_opened",
    ),
    # a critical case of a human-rights defender, opened in FY2026-H1 and still open
    "defender_critical": (
        "case_outcomes",
        [_case("CASE-LATE-D", "2026-05-01T10:00:00Z", "2025-10-15", "harassment", "human_rights_defender", "critical")],
        "cases_opened",
    ),
    # three late trainees of FY2026-H1, two staff of one department and a contractor: hostile readings
    # found the year's "of n" printed beside its standing first half, a group's rate revised beside its
    # total, and the contractors' median days to complete moving 26.0 -> 26.5 beside standing counts
    "training_of_three": (
        "training_records",
        [
            _training("TR-LATE-0", "E00999910", "staff", "FIN", "HR-301", "2025-09-01", "2025-11-30", "2025-10-20"),
            _training("TR-LATE-1", "E00999911", "staff", "FIN", "HR-301", "2025-09-01", "2025-11-30", "2025-10-21"),
            _training(
                "TR-LATE-2", "E00999912", "contractor", "ENG", "HR-101", "2025-09-01", "2025-11-30", "2025-10-20"
            ),
        ],
        None,
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("late", sorted(LATE_IN_A_RELEASED_HALF))
def test_a_late_record_in_a_half_already_released_holds_back_only_what_it_must(
    tmp_path: Path, sample_ingested: DataPaths, monkeypatch: pytest.MonkeyPatch, late: str
) -> None:
    """March 2026 releases FY2026-H1; one late case of that half arrives; August releases FY2026-H2
    and the year. A hostile reading found one such case held the whole year at March's figures at
    every later release: its second half and the year were never published, and the site read "no
    data" there. Now every period due in August is published or explicitly held back (the record
    says which, and the site says "held back", never "no data"); the second half comes out; and the
    independent attacker, with March and August in one program and on what August shows, pins down
    no number of people, and no revision, to fewer than k values."""
    paths, ingest = _sample_ingested(tmp_path, sample_ingested)
    assert night(paths, date(2026, 3, 2)).made
    march_site = downloads(paths, tmp_path / "march")
    source, rows, comes_out = LATE_IN_A_RELEASED_HALF[late]
    write(paths.landing / source, f"{late}.csv", rows)
    ingest(source)
    assert night(paths, date(2026, 8, 30)).made
    august_site = downloads(paths, tmp_path / "august")
    with connect(paths.warehouse) as con:
        shown = sql.records(con, "disclosure/public_values.sql")
        held = {(r["metric_id"], r["period_id"]) for r in sql.records(con, "disclosure/held_back.sql")}
        measured = {
            (r["metric_id"], r["period_id"])
            for r in public_rows(CATALOGUE, load_rows(con, CATALOGUE))
            if r["metric_id"] in {m.id for m in PEOPLE} and r["period_id"] in ("FY2026-H2", "FY2026")
        }
    out = {(r["metric_id"], r["period_id"]) for r in shown}
    for due in measured:
        assert (due in out) != (due in held), f"{due}: neither published nor held back (it would read 'no data')"
    if comes_out is not None:
        new = {r["period_id"]: r for r in shown if r["metric_id"] == comes_out and r["breakdown"] == ""}
        assert new["FY2026-H2"]["status"] == "published", "the new half-year comes out beside the late records"
    for metric_id, period_id in held:
        on_calendar = CATALOGUE.released_on_calendar
        waiting = release_due(
            CATALOGUE.metric(metric_id), period_id, CALENDAR, AUGUST, frozenset(held), on_calendar=on_calendar
        )
        assert waiting is not None and waiting.held_back and waiting.day == date(2027, 3, 1)
    held_csv = {(m, v["period"]) for m, rows in august_site.items() for v in rows if v["status"] == "held back"}
    assert held_csv == held, "the downloads say 'held back' exactly where the release record does"
    monkeypatch.setenv("HRP_TODAY", "2026-09-01")  # the board's day, after the August release
    with connect(paths.warehouse) as con:
        board = gather(con, CATALOGUE, CALENDAR, 2026, "test", RUN_DATE)
    assert {(m, p) for m, periods in board.held_back.items() for p in periods} == held
    record = releases(paths)
    march, august = record[date(2026, 3, 1)], record[AUGUST]
    old_truth, new_truth = truth_of(march, COUNTED, RELATIONS), truth_of(august, COUNTED, RELATIONS)
    revised = [
        c
        for c in set(old_truth) | set(new_truth)
        if c[1].startswith("FY2026-H1") and 1 <= abs(new_truth.get(c, 0) - old_truth.get(c, 0)) <= K - 1
    ]
    assert revised, "the late records revised figures March had shown"
    old_years, new_years = by_fiscal_year(as_published(march)), by_fiscal_year(as_published(august))
    attacked = attack_revisions(
        old_years[2026], new_years[2026], COUNTED, RELATIONS, K, revised, (old_truth, new_truth)
    )
    for c, (low, high) in attacked.items():
        assert high - low >= K, f"FY2026 {c}: its revision pinned down to {low}..{high}"
    _the_sites_as_shown_reveal_no_one(march_site, august_site, revised, (old_truth, new_truth))
    # the attacker reads no medians: a median of the late records' source moving in their half-year
    # (days to close of low-severity cases, 50.5 -> 50.0) would name their category
    for metric in (m for m in PEOPLE if m.aggregate == "median" and m.source == source):
        shown = [
            {
                (v["breakdown"], v["member_1"]): (v["value"], v["status"])
                for v in site[metric.id]
                if v["period"] == "FY2026-H1"
            }
            for site in (march_site, august_site)
        ]
        assert shown[0] == shown[1], f"{metric.id}: FY2026-H1 moved beside figures standing as first released"


def downloads(paths: DataPaths, folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The publication's CSV downloads, written as the site writes them (``data/en/``) and read back as
    a reader reads them: values, statuses, bases, "held back"; nothing of the release record."""
    with connect(paths.warehouse) as con:
        public = released(CATALOGUE, load_public_rows(con))
        held = frozenset((r["metric_id"], r["period_id"]) for r in sql.records(con, "disclosure/held_back.sql"))
    english = Localised("en", translation("en"), K, AUGUST)
    write_csvs(folder, public, median_bases(public), english, CALENDAR, held)
    return read_downloads(folder)


def _the_sites_as_shown_reveal_no_one(
    march: dict[str, list[dict[str, Any]]],
    august: dict[str, list[dict[str, Any]]],
    revised: list[tuple[Any, ...]],
    truth: tuple[dict[Any, float], dict[Any, float]],
) -> None:
    """The attacker reads the two sites' downloads, not the release record: a figure August shows as
    March did is either taken as current (a reader betting on no revision) or as March's number plus
    an unknown revision of fewer than k. Under neither is a hidden number of people of August, or (as
    shown + r) a revision, pinned down to fewer than k values."""
    before, after = by_fiscal_year(march), by_fiscal_year(august)
    for bet in (True, False):
        attacked = attack_shown(
            (before[2026], before[2025]),
            (after[2026], after[2025]),
            COUNTED,
            RELATIONS,
            K,
            bet_on_no_revision=bet,
            cells=() if bet else revised,
            truth=truth,
        )
        assert attacked, "the attacker found hidden numbers to attack"
        for cell, (low, high, status) in attacked.items():
            if status == "revision":
                # 0..k-1 is all the as-shown reading allows a member absent from a period that may stand
                # (new since, withheld, standing as absent): the reader cannot tell that it moved at all
                unknown = low <= 0 and high >= K - 1
                assert high - low >= K or unknown, f"as shown: the revision of {cell} pinned down to {low}..{high}"
            elif bet:
                assert not revealed_under_a_bet(low, high, status, K), f"betting: {cell} pinned to {low}..{high}"
            else:
                assert not revealed(low, high, status, K), f"as shown + r: {cell} pinned to {low}..{high}"


@pytest.mark.slow
def test_exact_figures_of_a_source_about_people_change_only_at_releases_from_a_record_made_before_too(
    tmp_path: Path, sample_ingested: DataPaths
) -> None:
    """Request counts bound the accounts beside them (each user-data request names an account): a
    correction to the requests alone, published the next night beside accounts frozen at the release,
    pinned every withheld country's accounts (a hostile reading, 2026-12-06). They are released with
    the accounts now; a release made before that is given tonight's once, and keeps them after."""
    paths, _ = _sample_ingested(tmp_path, sample_ingested)
    assert night(paths, FIRST_NIGHT).made
    beside = sorted(CATALOGUE.released_on_calendar - {m.id for m in PEOPLE})
    assert "requests_received" in beside and "assessments_by_kind_and_status" not in beside

    def shown() -> list[tuple[Any, ...]]:
        with connect(paths.warehouse) as con:
            return con.execute(
                "SELECT metric_id, period_id, breakdown, member_1, member_2, value FROM public_release.public_values "
                "WHERE metric_id IN (SELECT unnest($m)) ORDER BY ALL",
                {"m": beside},
            ).fetchall()

    def correct_requests_and_prepare(by: int) -> None:  # a night's recount, as the marts would hold it
        with connect(paths.warehouse) as con:
            con.execute(
                "UPDATE marts.metric_values SET value = value + $by WHERE metric_id = 'requests_received' "
                "AND period_id = 'FY2026-H1' AND value IS NOT NULL",
                {"by": by},
            )
            record.prepare(con, CATALOGUE, CALENDAR, K, SECOND_NIGHT, RUN_DATE, None)

    at_release = shown()
    assert at_release, "the request figures of the released periods are out"
    correct_requests_and_prepare(5)
    assert shown() == at_release, "a request figure moved between releases"

    with connect(paths.warehouse) as con:  # the record as a release made before this change left it
        con.execute("DELETE FROM public_release.released_values WHERE metric_id IN (SELECT unnest($m))", {"m": beside})
        con.execute("UPDATE public_release.releases SET beside_people = NULL")
    correct_requests_and_prepare(5)
    upgraded = shown()
    assert upgraded != at_release, "frozen as the first night after the change found them (10 more)"
    correct_requests_and_prepare(7)
    assert shown() == upgraded, "and kept after it"
    with connect(paths.warehouse) as con:
        assert con.execute("SELECT bool_and(beside_people) FROM public_release.releases").fetchone() == (True,)
