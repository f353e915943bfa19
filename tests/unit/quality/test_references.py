"""Every reference CSV has a row model: a stray or missing column, or a value of the wrong type, is one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.lib.common.config import ConfigError, load_csv
from pipeline.lib.quality.references import REFERENCE_CSVS, REFERENCE_DIR, reference


def test_every_reference_csv_has_a_row_model_and_loads() -> None:
    assert set(REFERENCE_CSVS) == {p.stem for p in REFERENCE_DIR.glob("*.csv")}
    for name, model in REFERENCE_CSVS.items():
        assert load_csv(REFERENCE_DIR / f"{name}.csv", model), name


def test_rows_are_kept_as_the_warehouse_reads_them() -> None:
    courses = {row["code"]: row for row in reference("courses").rows}
    assert courses["HR-101"] == {
        "course_id": "HR-101",
        "title": "Human rights foundations",
        "required": "true",
        "hours": "2",
        "code": "HR-101",
    }


def _broken(tmp_path: Path, name: str, edit: tuple[str, str]) -> str:
    path = tmp_path / f"{name}.csv"
    shutil.copy(REFERENCE_DIR / f"{name}.csv", path)
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_csv(path, REFERENCE_CSVS[name])
    return str(caught.value)


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        (
            "courses",
            ("course_id,title,required,hours\n", "course_id,title,required,hours,owner\n"),
            ": owner: unknown column",
        ),
        (
            "courses",
            ("HR-101,Human rights foundations,true,2", "HR-101,Human rights foundations,yes please,2"),
            "row 2: required: Input should be a valid boolean",
        ),
        (
            "courses",
            ("HR-101,Human rights foundations,true,2", "HR-101,Human rights foundations,true,-2"),
            "row 2: hours: Input should be greater than 0",
        ),
        ("case_categories", ("code,name\n", "code,label\n"), ": label: unknown column"),
        ("channels", ("code,name\n", "code\n"), ": name: required column missing"),
        ("departments", ("code,name,group\n", "code,name,gruop\n"), ": gruop: unknown column"),
        ("department_groups", ("outreach,", ","), "row 2: code: String should have at least 1 character"),
        ("country_aliases", ("USA,US", "USA,USA"), "row 2: code: String should match pattern"),
    ],
)
def test_a_broken_reference_csv_is_one_line_naming_file_row_and_column(
    tmp_path: Path, name: str, edit: tuple[str, str], message: str
) -> None:
    error = _broken(tmp_path, name, edit)
    assert error.startswith(str(tmp_path / f"{name}.csv"))
    assert message in error.splitlines()[0]


def test_a_reference_table_is_replaced_in_the_warehouse_only_when_its_content_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every connection of a night refreshes the reference tables: unchanged content is not written
    again (the marker below survives), changed content is (the new channel arrives), each with its digest."""
    import duckdb

    from pipeline.lib.ingest.setup import initialise
    from pipeline.lib.quality import references

    con = duckdb.connect(":memory:")
    initialise(con)
    con.execute(
        "UPDATE ref.departments SET name = 'kept, not rewritten' WHERE code = (SELECT min(code) FROM ref.departments)"
    )
    initialise(con)
    assert con.execute("SELECT count(*) FROM ref.departments WHERE name = 'kept, not rewritten'").fetchone() == (1,)

    channels = reference("channels")
    added = references.ReferenceTable("channels", channels.origin, (*channels.rows, {"code": "ZZ", "name": "New"}))
    monkeypatch.setitem(references.REFERENCE_TABLES, "channels", lambda: added)
    references._reference.cache_clear()
    try:
        initialise(con)
        assert con.execute("SELECT count(*) FROM ref.channels WHERE code = 'ZZ'").fetchone() == (1,)
        assert con.execute("SELECT digest FROM ref.loaded_digests WHERE name = 'channels'").fetchone() == (
            added.digest,
        )
        assert con.execute("SELECT count(*) FROM ref.departments WHERE name = 'kept, not rewritten'").fetchone() == (1,)
    finally:
        references._reference.cache_clear()
