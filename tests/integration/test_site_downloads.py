"""Every CSV the site publishes, opened as a reader would: in pandas and polars with inferred types,
and as a spreadsheet reads bytes.

Counts are integers (never ``461.0``), every code has its name beside it in the folder's language,
a share or median says what it is of (``based_on``, with its status), a withheld value stays empty
with its status (never 0), the text survives the round trip, every column is in the folder's data
dictionary, and the rows come in the page's order.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from pipeline.lib.common.fiscal import FiscalCalendar, key
from pipeline.lib.metrics.catalogue import load_catalogue

LANGUAGES = ("en", "ky")
MOJIBAKE = re.compile("Ã|Ð|Ñ|Ò|Ó|â€|\ufffd")  # UTF-8 read as a single-byte code page, or lost bytes
CYRILLIC = re.compile("[а-яөүң]", re.IGNORECASE)
CATALOGUE = {m.id: m for m in load_catalogue().public_metrics}


def published_csvs(site: Path) -> list[Path]:
    return sorted(p for p in (site / "data").rglob("*.csv") if p.name != "dictionary.csv")


def frames(path: Path) -> tuple[pd.DataFrame, pl.DataFrame]:
    """The file with types inferred from the whole file: pandas with its nullable dtypes (the NumPy
    default turns an integer column with a blank into float64 whatever it holds), polars as it is."""
    return pd.read_csv(path, dtype_backend="numpy_nullable"), pl.read_csv(path, infer_schema_length=None)


def integer_columns(path: Path) -> list[str]:
    """The columns of a file that hold counts."""
    header = pl.read_csv(path, n_rows=0).columns
    if path.name.startswith("transparency-"):
        return [c for c in header if c.endswith(("_requests", "_specified", "_based_on"))]
    counts = ["fiscal_year", "based_on"]
    return counts + (["value"] if CATALOGUE[path.stem].unit == "count" else [])


@pytest.fixture(scope="module")
def csvs(sample_site: Path) -> list[Path]:
    found = published_csvs(sample_site)
    for language in LANGUAGES:
        names = {p.name for p in found if p.parent.name == language}
        assert {f"{m}.csv" for m in CATALOGUE} <= names, f"every metric in {language}"
        assert any(n.startswith("transparency-") for n in names), f"the transparency tables in {language}"
    return found


def test_every_csv_reads_with_integer_counts_in_pandas_and_polars(csvs: list[Path]) -> None:
    checked = 0
    for path in csvs:
        pandas_frame, polars_frame = frames(path)
        assert list(pandas_frame.columns) == polars_frame.columns, path
        assert polars_frame.columns[0] == "period", f"{path}: a byte-order mark read as part of the header"
        for column in integer_columns(path):
            if polars_frame[column].null_count() == len(polars_frame):
                continue  # nothing to infer from a column that is empty throughout
            assert polars_frame[column].dtype.is_integer(), (path.name, column, polars_frame[column].dtype)
            assert pd.api.types.is_integer_dtype(pandas_frame[column]), (path.name, column, pandas_frame[column].dtype)
            checked += 1
    assert checked > 2 * len(CATALOGUE), checked


def test_the_text_survives_as_a_spreadsheet_reads_it(csvs: list[Path], sample_site: Path) -> None:
    for path in [*csvs, *(sample_site / "data").rglob("dictionary.csv")]:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path}: UTF-8 with a byte-order mark, so Excel reads UTF-8"
        text = raw.decode("utf-8-sig")
        assert not MOJIBAKE.search(text), (path.name, MOJIBAKE.search(text))
    kyrgyz = (sample_site / "data" / "ky" / "government_demands_received.csv").read_bytes().decode("utf-8-sig")
    assert CYRILLIC.search(kyrgyz), "Kyrgyz names in the Kyrgyz download"


def test_every_code_has_its_name_beside_it_in_the_folder_language(csvs: list[Path]) -> None:
    named = 0
    for path in csvs:
        frame = pl.read_csv(path, infer_schema_length=0)  # as text
        for code in ("member_1", "member_2", "country"):
            if code not in frame.columns:
                continue
            name = f"{code}_name"
            assert frame.columns.index(name) == frame.columns.index(code) + 1, (path.name, "name beside code")
            coded = frame.filter(pl.col(code).is_not_null())
            assert coded[name].null_count() == 0, (path.name, code)
            named += len(coded)
        if "period_name" in frame.columns:
            assert frame["period_name"].null_count() == 0, path.name
        if path.parent.name == "ky" and "country_name" in frame.columns:
            countries = frame.filter(pl.col("country").is_in(["total", "XX"]).not_())["country_name"].to_list()
            assert all(CYRILLIC.search(n) for n in countries), (path.name, countries)
    assert named > 1000, named


def test_a_share_or_median_says_what_it_is_of_and_withheld_stays_empty(csvs: list[Path]) -> None:
    breakdown_bases = 0
    for path in [p for p in csvs if not p.name.startswith("transparency-")]:
        frame = pl.read_csv(path, infer_schema_length=None)
        metric = CATALOGUE[path.stem]
        withheld = frame.filter(pl.col("status") == "withheld")
        assert withheld["value"].null_count() == len(withheld), f"{path.name}: a withheld value is empty"
        with_base = frame.filter(pl.col("based_on_status") == "published")
        assert with_base["based_on"].null_count() == 0, path.name
        without = frame.filter(pl.col("based_on_status").is_in(["withheld", "not published"]))
        assert without["based_on"].null_count() == len(without), f"{path.name}: an unpublished base is empty"
        if metric.aggregate == "sum":
            assert frame["based_on"].null_count() == len(frame), f"{path.name}: a count has no base"
            continue
        valued = frame.filter(pl.col("value").is_not_null())
        assert valued["based_on_status"].null_count() == 0, f"{path.name}: every share or median says of what"
        if metric.aggregate == "ratio" and not metric.about_people:
            parts = valued.filter(pl.col("breakdown").is_not_null())
            assert parts["based_on"].null_count() == 0, f"{path.name}: every breakdown row has its base"
            breakdown_bases += len(parts)
    assert breakdown_bases > 0
    for path in [p for p in csvs if p.name.startswith("transparency-")]:
        frame = pl.read_csv(path, infer_schema_length=None)
        shares = frame.filter(pl.col("some_data_produced_share").is_not_null())
        assert shares["some_data_produced_share_based_on"].null_count() == 0, path.name


def test_every_column_is_in_the_folder_data_dictionary(csvs: list[Path], sample_site: Path) -> None:
    for language in LANGUAGES:
        dictionary = pl.read_csv(sample_site / "data" / language / "dictionary.csv", infer_schema_length=0)
        described = {(r["file"], r["column"]) for r in dictionary.iter_rows(named=True)}
        meanings = [m for m in dictionary["meaning"].to_list() if m]
        assert len(meanings) == len(dictionary), "every row says something"
        if language == "ky":
            assert all(CYRILLIC.search(m) for m in meanings), "the Kyrgyz dictionary is in Kyrgyz"
        for path in [p for p in csvs if p.parent.name == language]:
            pattern = "transparency-<period>.csv" if path.name.startswith("transparency-") else "<metric>.csv"
            assert (path.name, None) in described, f"{path.name} is described"
            for column in pl.read_csv(path, n_rows=0).columns:
                assert (pattern, column) in described, (language, path.name, column)


@pytest.mark.parametrize("language", LANGUAGES)
def test_rows_come_in_the_page_order(sample_site: Path, language: str) -> None:
    """The latest year's countries in the download as the page lists them (by name, in its language)."""
    page = (sample_site / language / "government_demands_received.html").read_text(encoding="utf-8")
    for link in ("government_demands_received.csv", "dictionary.csv"):
        assert f'href="../data/{language}/{link}"' in page, "the page links the download in its language"
    section = page[page.index('id="by-country"') :]
    section = section[: section.index("</table>")]
    on_page = re.findall(r'<th scope="row">([^<]+)</th>', section)
    frame = pl.read_csv(sample_site / "data" / language / "government_demands_received.csv", infer_schema_length=0)
    latest = key(FiscalCalendar(7).last_complete_year(date(2026, 11, 25)))  # as conftest builds the site
    in_file = frame.filter((pl.col("breakdown") == "country") & (pl.col("period") == latest))
    assert len(on_page) > 3 and in_file["member_1_name"].to_list() == [n.replace("&#39;", "'") for n in on_page]
    periods = frame["period"].unique(maintain_order=True).to_list()
    assert periods == sorted(periods, key=lambda p: (p[:6], p)), "periods as the page lists them"
