"""The sample generator: deterministic, believable, streaming at scale."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from pipeline.sample import SampleSpec, generate


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_files(tmp_path: Path, sample_landing: Path) -> None:
    generate(SampleSpec(), tmp_path / "again")
    assert _digests(tmp_path / "again") == _digests(sample_landing)


def test_another_seed_gives_other_files(tmp_path: Path, sample_landing: Path) -> None:
    generate(SampleSpec(seed=7), tmp_path / "other")
    theirs, ours = _digests(tmp_path / "other"), _digests(sample_landing)
    common = theirs.keys() & ours.keys()
    assert len(common) > 0.9 * len(ours), "the same deliveries, give or take a quiet month"
    assert all(theirs[k] != ours[k] for k in common)


def test_all_three_formats_and_four_sources(sample_landing: Path) -> None:
    suffixes = {p.suffix for p in sample_landing.rglob("*") if p.is_file()}
    assert suffixes == {".csv", ".parquet", ".jsonl"}
    assert sorted(p.name for p in sample_landing.iterdir()) == [
        "assessment_status",
        "case_outcomes",
        "request_counts",
        "training_records",
    ]


def test_the_organisation_looks_real(sample_landing: Path) -> None:
    con = duckdb.connect()
    training = f"read_csv('{sample_landing}/training_records/*/*.csv', all_varchar=true)"
    people, departments = con.execute(
        f"SELECT count(DISTINCT person_id), count(DISTINCT department) FROM {training}"
    ).fetchone() or (0, 0)
    assert 500 <= people <= 1500 and departments >= 12
    months = dict(
        con.execute(
            f"SELECT month(assigned_on::DATE), count(*) FROM {training} WHERE status <> 'exempt' GROUP BY 1"
        ).fetchall()
    )
    assert months[9] > 3 * months[5], "training campaigns start in September"
    overdue = con.execute(
        f"SELECT count(*) FILTER (WHERE completed_on::DATE > due_on::DATE) / count(*) "
        f"FROM {training} WHERE completed_on IS NOT NULL"
    ).fetchone()
    assert overdue and 0.03 < overdue[0] < 0.3, "some people complete late"


def test_cases_are_reexported_while_open(sample_landing: Path) -> None:
    con = duckdb.connect()
    files = f"'{sample_landing}/case_outcomes/*.jsonl'"
    repeated = con.execute(
        f"SELECT count(*) FROM (SELECT case_id, updated_at FROM read_json({files}) GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    assert repeated and repeated[0] > 50
    statuses = {r[0] for r in con.execute(f"SELECT DISTINCT status FROM read_json({files})").fetchall()}
    assert statuses == {"open", "investigating", "closed"}


def test_free_text_in_several_scripts(sample_landing: Path) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (sample_landing / "case_outcomes").glob("*.jsonl"))
    for letter in "ңөү":
        assert letter in text
    assert any("\u0600" <= ch <= "\u06ff" for ch in text), "Arabic script"


def test_request_counts_are_mostly_zero_with_large_countries(sample_landing: Path) -> None:
    con = duckdb.connect()
    files = f"read_csv('{sample_landing}/request_counts/*.csv')"
    zeros = con.execute(f"SELECT avg((requests = 0)::INT) FROM {files}").fetchone()
    top = con.execute(
        f"SELECT max(c) / sum(c) FROM (SELECT sum(requests) AS c FROM {files} GROUP BY country)"
    ).fetchone()
    assert zeros and zeros[0] > 0.4
    assert top and top[0] > 0.15


@pytest.mark.slow
def test_scale_multiplies_volume(tmp_path: Path, sample_landing: Path) -> None:
    report = generate(SampleSpec(scale=3), tmp_path / "x3")
    base = generate(SampleSpec(), tmp_path / "x1")
    assert report.files == base.files, "more rows per delivery, not more deliveries"
    for source in ("training_records", "case_outcomes", "assessment_status"):
        assert 2.7 < report.rows[source] / base.rows[source] < 3.3
