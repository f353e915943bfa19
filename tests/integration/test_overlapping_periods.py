"""Of two request-count files whose periods overlap, whichever night each arrived on, the nights
end where one clean night over the same files ends, or say loudly that only a rebuild can get
there.

Three files for one country, type and requester: the two half-years of a fiscal year and the whole
year, the whole year first, second or last by name. A clean night holds the later by name of any
two that overlap (held or not, the earlier one is there). Every order of arrival, one file a night,
is compared with it after each night. The one outcome allowed to differ is a file held because a
counted file it overlaps sorts after it (``no_counted_overlap_sorts_after``): a night does not
take back what it counted, and that rule's message sends the operator to `hrp rebuild`.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import date
from pathlib import Path

import pytest

from pipeline.lib.common.layout import DataPaths
from pipeline.lib.ingest.merge import MAX_BATCH_ROWS
from pipeline.lib.ops.attention import acknowledge, deliveries_to_report
from pipeline.lib.quality.rules import rules_decided_by_a_rebuild
from pipeline.lib.warehouse.connection import connect
from tests.builders import write
from tests.integration.test_sequence_invariant import TODAY, clean_rebuild, night, state, tally_row

pytestmark = pytest.mark.slow

WHOLE_YEAR = {"period_start": "2024-07-01", "period_end": "2025-06-30"}  # FY2025, whose halves are HALVES[0:2]
SHAPES = {
    "first": ("whole", "first-half", "second-half"),
    "second": ("first-half", "whole", "second-half"),
    "last": ("first-half", "second-half", "whole"),
}


def _rows(kind: str, requests: int = 10) -> list[dict[str, str]]:
    row = tally_row({"first-half": 0, "second-half": 1, "whole": 0}[kind], "FR", "government", requests, 1)
    return [row | WHOLE_YEAR] if kind == "whole" else [row]


def _refused(paths: DataPaths) -> list[str]:
    """The files a night holds until a rebuild decides, as `hrp held` lists them."""
    with connect(paths.warehouse) as con:
        return [
            path
            for (path,) in con.execute(
                "SELECT path FROM audit.file_manifest WHERE status = 'held' AND contains(error, ?)",
                rules_decided_by_a_rebuild("request_counts"),
            ).fetchall()
        ]


@pytest.mark.parametrize("whole_year", list(SHAPES))
def test_every_order_of_arrival_ends_as_a_clean_night_or_is_refused_until_a_rebuild(whole_year: str) -> None:
    names = [f"{position}-{kind}.csv" for position, kind in zip("abc", SHAPES[whole_year], strict=True)]
    refused_in = []
    for order in itertools.permutations(names):
        with tempfile.TemporaryDirectory() as folder:
            paths = DataPaths(Path(folder) / "data").ensure()
            landing = paths.landing_for("request_counts")
            for count, name in enumerate(order, start=1):
                write(landing, name, _rows(name.split("-", 1)[1].removesuffix(".csv")))
                night(paths, f"night-{count}")
                if refused := _refused(paths):
                    # only a file that sorts before one counted before it arrived
                    arrived_before = order[: order.index(refused[0])]
                    assert any(other > refused[0] for other in arrived_before), (order, refused)
                    refused_in.append(order)
                    continue
                assert state(paths) == clean_rebuild(paths.landing, TODAY), (order, count)
    assert tuple(names) not in refused_in, "files arriving in their order are never refused"
    assert refused_in, "some order of arrival is one only a rebuild can settle"


@pytest.mark.parametrize("corrected_to", ["first-half", "second-half", "whole"])
def test_a_file_held_for_an_earlier_one_is_judged_once_and_a_rebuild_judges_it_again(corrected_to: str) -> None:
    """The whole year first by name and counted, its second half held; the whole year corrected
    under its name (to its first half, to the half it overlapped, or to itself with new figures). A
    file is judged the night it comes (judging it again beside a later night's files let a revert of
    the year's old bytes, read without a new validation, count the same requests twice). Still
    overlapping the year, the half stays held, its To do naming `hrp rebuild` should the year have
    changed; overlapping nothing before it any more, a rebuild would count it, and it is held until
    one does. The rebuild, judging it with the files as they are, is one clean night."""
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data").ensure()
        landing = paths.landing_for("request_counts")
        write(landing, "a-whole.csv", _rows("whole"))
        write(landing, "b-second-half.csv", _rows("second-half"))
        night(paths, "night-1")
        write(landing, "a-whole.csv", _rows(corrected_to, requests=12))
        night(paths, "night-2")
        with connect(paths.warehouse) as con:
            held = con.execute("SELECT path, error FROM audit.file_manifest WHERE status = 'held'").fetchall()
            [line] = [d.line() for d in deliveries_to_report(con, None) if d.status == "held"]
        assert [path for path, _ in held] == ["b-second-half.csv"]
        if corrected_to == "whole":
            assert "periods_do_not_overlap" in held[0][1]
            assert "`hrp rebuild` if the file it overlaps has changed since" in line
            assert state(paths) == clean_rebuild(paths.landing, TODAY)
        else:
            assert _refused(paths) == ["b-second-half.csv"]
            assert (
                "no_counted_overlap_sorts_after (row 1: period 2025-01-01..2025-06-30 overlaps no period of a file "
                "sorting before it any more: it was held for periods_do_not_overlap, and what it overlapped has "
                "changed or moved since."
            ) in line, line
            assert "To do: `hrp rebuild` to judge it with every other file at once" in line
            assert state(paths) != clean_rebuild(paths.landing, TODAY)
        paths.warehouse.unlink()
        night(paths, "rebuild", max_batch_rows=MAX_BATCH_ROWS)
        assert state(paths) == clean_rebuild(paths.landing, TODAY)
        assert _refused(paths) == []


def test_a_file_acknowledged_still_holds_back_the_later_file_it_overlaps_as_a_rebuild_holds_it() -> None:
    """Held, then acknowledged (left out, still in landing/): a later file overlapping it stays held
    when it is judged again beside a new delivery, as a rebuild over the same files holds it."""
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data").ensure()
        landing = paths.landing_for("request_counts")
        for name, kind in (
            ("a-first-half.csv", "first-half"),
            ("b-whole.csv", "whole"),
            ("c-second-half.csv", "second-half"),
        ):
            write(landing, name, _rows(kind))
        night(paths, "night-1")
        with connect(paths.warehouse) as con:
            acknowledge(con, "request_counts", "b-whole.csv", "the year is counted from its halves")
        write(landing, "d-another-country.csv", [row | {"country": "DE"} for row in _rows("first-half")])
        night(paths, "night-2")
        with connect(paths.warehouse) as con:
            held = con.execute("SELECT path FROM audit.file_manifest WHERE status = 'held'").fetchall()
        assert held == [("c-second-half.csv",)]
        ours, clean = state(paths), clean_rebuild(paths.landing, TODAY)
        assert (ours["core"], ours["metrics"]) == (clean["core"], clean["metrics"])


@pytest.mark.parametrize("returns_as", ["a-second-half.csv", "0-copy.csv"])
def test_bytes_seen_before_that_come_back_hold_the_later_file_they_overlap(returns_as: str) -> None:
    """A file's old bytes put back under its name, or copied under a name sorting first, count again
    with no new validation (known content). A file counted since that overlaps them, sorting after
    them, is held as a clean night holds it (review r10, HIGH: the same requests counted twice, with
    nothing needing attention)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data").ensure()
        landing = paths.landing_for("request_counts")
        write(landing, "a-second-half.csv", _rows("second-half"))
        night(paths, "night-1")
        old = (landing / "a-second-half.csv").read_bytes()
        write(landing, "a-second-half.csv", [row | {"country": "DE"} for row in _rows("second-half")])
        night(paths, "night-2")
        write(landing, "b-whole.csv", _rows("whole"))
        night(paths, "night-3")
        (landing / returns_as).write_bytes(old)
        night(paths, "night-4")
        with connect(paths.warehouse) as con:
            held = con.execute("SELECT path, error FROM audit.file_manifest WHERE status = 'held'").fetchall()
            [line] = [d.line() for d in deliveries_to_report(con, None) if d.status == "held"]
        assert [path for path, _ in held] == ["b-whole.csv"], held
        assert (
            "NEEDS ATTENTION: request_counts/b-whole.csv: held back whole (1 row): periods_do_not_overlap (row 1: "
            "period 2024-07-01..2025-06-30 overlaps another period for [withheld], 'user_data', 'government')"
        ) in line, line
        assert state(paths) == clean_rebuild(paths.landing, TODAY)


def test_an_acknowledged_file_renamed_to_sort_before_the_counted_file_it_overlaps_is_refused_until_a_rebuild() -> None:
    """The whole year sorts after its counted first half, so it is held, then acknowledged; then
    renamed to sort first. A rebuild would count the year and hold the half; a night does not take
    back what it counted, so it holds the year until a rebuild decides (review s45: both were left
    out, and nothing named `hrp rebuild`)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data").ensure()
        landing = paths.landing_for("request_counts")
        write(landing, "b-first-half.csv", _rows("first-half"))
        night(paths, "night-1")
        write(landing, "z-whole.csv", _rows("whole"))
        night(paths, "night-2")
        with connect(paths.warehouse) as con:
            acknowledge(con, "request_counts", "z-whole.csv", "the year is counted from its halves")
        (landing / "z-whole.csv").rename(landing / "0-whole.csv")
        night(paths, "night-3")
        with connect(paths.warehouse) as con:
            lines = [d.line() for d in deliveries_to_report(con, None) if d.path == "0-whole.csv"]
        assert _refused(paths) == ["z-whole.csv"]  # the content, under the name it was first read by
        assert len(lines) == 1 and "held back whole (1 row): no_counted_overlap_sorts_after (row 1: " in lines[0]
        assert "counted from 'request_counts/b-first-half.csv', which sorts after this file" in lines[0]
        assert "To do: `hrp rebuild`" in lines[0]
        assert state(paths)["core"]["request_counts"][0][:2] == (date(2024, 7, 1), date(2024, 12, 31))  # the half
        paths.warehouse.unlink()
        night(paths, "rebuild", max_batch_rows=MAX_BATCH_ROWS)
        assert state(paths) == clean_rebuild(paths.landing, TODAY)
        assert state(paths)["core"]["request_counts"][0][:2] == (date(2024, 7, 1), date(2025, 6, 30))  # the year


@pytest.mark.parametrize("same_night", [False, True])
def test_a_row_set_aside_holds_back_a_later_file_it_overlaps_whatever_the_night_it_came(same_night: bool) -> None:
    """The first half's one row is set aside (its outcomes add up to more than its requests); the
    whole year, sorting after it, overlaps it. A rebuild validating both in one chunk sees the row in
    staging and holds the year; a night that had settled the half (or validated it in an earlier
    chunk) saw nothing and counted the year (review s46: figures that depended on the chunk size,
    with nothing needing attention). Set aside, the row still holds the later file back."""
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data").ensure()
        landing = paths.landing_for("request_counts")
        write(landing, "a-first-half.csv", [_rows("first-half")[0] | {"pending": "5"}])
        if not same_night:
            night(paths, "night-1")
        write(landing, "z-whole.csv", _rows("whole"))
        night(paths, "night-2")  # one delivery a chunk
        with connect(paths.warehouse) as con:
            held = con.execute("SELECT path, error FROM audit.file_manifest WHERE status = 'held'").fetchall()
        assert [path for path, _ in held] == ["z-whole.csv"] and "periods_do_not_overlap" in held[0][1]
        assert state(paths) == clean_rebuild(paths.landing, TODAY)


@pytest.mark.parametrize("then", ["delivered", "put back"])
def test_a_file_sorting_before_a_counted_one_whose_row_set_aside_it_overlaps_is_refused_until_a_rebuild(
    then: str,
) -> None:
    """`z.csv` counted, one of its rows set aside (its outcomes add up to more than its requests);
    then `m.csv`, sorting before it, with the year that row lies in. A rebuild holds `z.csv` whole
    (a row of it overlaps an earlier file), which a night cannot take back: `m.csv` is held until a
    rebuild decides. Or `z.csv` corrected first (that row gone), `m.csv` counted, and `z.csv` put back
    as it was (known bytes, not validated again): it is held as its validation would have held it
    (review s46: both counted, nothing naming `hrp rebuild`)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data").ensure()
        landing = paths.landing_for("request_counts")
        kept = tally_row(2, "FR", "government", 10, 1)  # FY2026's first half: overlaps nothing
        write(landing, "z.csv", [kept, _rows("first-half")[0] | {"pending": "5"}])
        night(paths, "night-1")
        if then == "put back":
            was = (landing / "z.csv").read_bytes()
            write(landing, "z.csv", [kept])
            night(paths, "night-2")
        write(landing, "m.csv", _rows("whole"))
        night(paths, "night-3")
        if then == "put back":
            (landing / "z.csv").write_bytes(was)
            night(paths, "night-4")
            with connect(paths.warehouse) as con:
                held = con.execute("SELECT path, error FROM audit.file_manifest WHERE status = 'held'").fetchall()
            assert [path for path, _ in held] == ["z.csv"] and "periods_do_not_overlap (row 2: " in held[0][1]
            assert state(paths) == clean_rebuild(paths.landing, TODAY)
            return
        assert _refused(paths) == ["m.csv"]
        with connect(paths.warehouse) as con:
            [line] = [d.line() for d in deliveries_to_report(con, None) if d.path == "m.csv"]
        assert "counted from 'request_counts/z.csv', which sorts after this file" in line
        paths.warehouse.unlink()
        night(paths, "rebuild", max_batch_rows=MAX_BATCH_ROWS)
        assert _refused(paths) == []
        assert state(paths) == clean_rebuild(paths.landing, TODAY)
