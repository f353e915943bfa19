"""Deliveries of one shape are read in one scan, and still keep what each file is owed: its own row
numbers, its own rejects, and a failure of its own that does not take its neighbours down."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.lib.landing.discover import discover
from pipeline.lib.landing.read import FailedRead, ReadGroup, read_deliveries
from pipeline.lib.quality.contracts import load_contract

HEADER = "record_id,person_id,person_type,department,course_id,assigned_on,due_on,completed_on,status,hours,language"


def _row(key: str) -> str:
    return f"{key},P-{key},staff,ENG,HR-101,2024-09-02,2024-11-01,2024-09-20,completed,2,en"


def _write(folder: Path, name: str, lines: list[str], header: str = HEADER) -> None:
    (folder / name).write_text("\n".join([header, *lines]) + "\n")


Row = tuple[str, int, str]  # file, row number, record id


def _read(folder: Path) -> tuple[list[tuple[ReadGroup, list[Row]]], dict[str, str]]:
    """Every group with the rows it put in ``delivery_numbered``, and every file that failed."""
    con = duckdb.connect()
    groups: list[tuple[ReadGroup, list[Row]]] = []
    failed: dict[str, str] = {}
    for item in read_deliveries(con, discover(folder)[0], load_contract("training_records")):
        if isinstance(item, FailedRead):
            failed[item.file.relative] = item.error
        else:
            rows = con.execute("SELECT _path, _row_number, record_id FROM delivery_numbered ORDER BY ALL").fetchall()
            item.files.sort(key=lambda f: f.file.relative)
            groups.append((item, rows))
    return groups, failed


def test_files_of_one_shape_are_read_in_one_scan_with_their_own_row_numbers(tmp_path: Path) -> None:
    for month in range(1, 7):
        _write(tmp_path, f"2024-{month:02}.csv", [_row(f"m{month}-r{i}") for i in range(1, month + 1)])
    groups, failed = _read(tmp_path)
    assert not failed
    assert len(groups) == 1, "six files with one header are one scan"
    group, rows = groups[0]
    assert len(rows) == sum(range(1, 7))
    for path, row_number, record_id in rows:
        month = int(Path(path).stem[-2:])
        assert record_id == f"m{month}-r{row_number}", "row N of a file is the file's Nth data row"
    assert [f.rows_read for f in group.files] == list(range(1, 7))


def test_rejected_lines_count_in_their_own_files_numbering(tmp_path: Path) -> None:
    for month in range(1, 5):
        _write(tmp_path, f"2024-{month:02}.csv", [_row("a"), _row("b"), _row("c")])
    _write(tmp_path, "2024-05.csv", [_row("a"), "too,few,values", _row("c"), _row("d") + ",extra"])
    groups, failed = _read(tmp_path)
    assert not failed and len(groups) == 1
    group, rows = groups[0]
    ragged = next(f for f in group.files if f.file.relative == "2024-05.csv")
    assert [(r.row_number, r.reason) for r in ragged.rejects] == [
        (2, "malformed CSV row: too few values"),
        (4, "malformed CSV row: too many values"),
    ]
    assert ragged.rows_read == 4
    kept = [(n, key) for path, n, key in rows if path.endswith("2024-05.csv")]
    assert kept == [(1, "a"), (3, "c")]


def test_a_quote_never_closed_fails_its_file_alone_among_many(tmp_path: Path) -> None:
    """DuckDB 2.0 drops the reject of a quote left open to the end of a file when that file is read
    with several others, and with it every row after the quote: such a file is read alone."""
    for month in range(1, 6):
        _write(tmp_path, f"2024-{month:02}.csv", [_row("a"), _row("b")])
    _write(tmp_path, "2024-06.csv", [_row("a"), '"' + _row("b"), _row("c"), _row("d")])
    groups, failed = _read(tmp_path)
    assert list(failed) == ["2024-06.csv"]
    assert "a quote opened and never closed" in failed["2024-06.csv"]
    assert sorted(f.file.relative for g, _ in groups for f in g.files) == [f"2024-{m:02}.csv" for m in range(1, 6)]


def test_a_file_the_shared_scan_cannot_read_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "a.parquet").write_bytes(b"PAR1 this is not a parquet file PAR1")
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT 'k' || range AS record_id, 'P' AS person_id, 'staff' AS person_type, 'ENG' AS department, "
        f"'HR-101' AS course_id, '2024-09-02' AS assigned_on, '2024-11-01' AS due_on, NULL AS completed_on, "
        f"'assigned' AS status, '2' AS hours, 'en' AS language FROM range(3)) TO '{tmp_path / 'b.parquet'}'"
    )
    groups, failed = _read(tmp_path)
    assert list(failed) == ["a.parquet"]
    assert [f.file.relative for g, _ in groups for f in g.files] == ["b.parquet"]


@pytest.mark.parametrize(
    "second_header", [HEADER.replace("hours,language", "language,hours"), HEADER.replace(",", ";")]
)
def test_files_of_different_shapes_are_read_apart(tmp_path: Path, second_header: str) -> None:
    _write(tmp_path, "a.csv", [_row("a")])
    delimiter = ";" if ";" in second_header else ","
    row = _row("b") if delimiter == "," else _row("b").replace(",", ";")
    if "language,hours" in second_header:
        row = row.replace(",2,en", ",en,2")
    _write(tmp_path, "b.csv", [row], header=second_header)
    groups, failed = _read(tmp_path)
    assert not failed
    assert sorted(len(g.files) for g, _ in groups) == [1, 1]


def test_a_data_row_in_place_of_the_header_is_named_as_such_even_with_repeated_values(tmp_path: Path) -> None:
    """A header-less file's first row repeats values (two equal dates); it is a missing header, not
    a duplicated column, and nothing of it is quoted."""
    first = "CANARY-ROW,P-1,staff,ENG,HR-101,2024-09-02,2024-09-02,2024-09-02,completed,2,en"
    _write(tmp_path, "no-header.csv", [_row("b")], header=first)
    _, failed = _read(tmp_path)
    assert "Is the first line the header row?" in failed["no-header.csv"]
    assert "CANARY" not in failed["no-header.csv"] and "2024-09-02" not in failed["no-header.csv"]
