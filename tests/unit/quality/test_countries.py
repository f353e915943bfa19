"""Countries as transparency reports print them resolve to ISO alpha-2; what cannot is explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline.lib.quality.countries import closest, country_name_rows, name_key, unresolved_message
from pipeline.lib.warehouse.connection import connect


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "w.duckdb") as connection:
        yield connection


def _resolve(spelling: str) -> str | None:
    by_key = {name_key(r["name"]): r["code"] for r in country_name_rows()}
    return by_key.get(name_key(spelling))


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("US", "US"),
        ("USA", "US"),
        ("usa", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("GBR", "GB"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Kosovo", "XK"),
        ("XK", "XK"),
        ("Unknown", "XX"),
        ("XX", "XX"),
        (" côte d’ivoire ", "CI"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
    ],
)
def test_spellings_in_reports_resolve_to_alpha_2(spelling: str, code: str) -> None:
    assert _resolve(spelling) == code


def test_sql_and_python_compare_spellings_the_same_way(con: duckdb.DuckDBPyConnection) -> None:
    names = [r["name"] for r in country_name_rows()] + ["  Côte  d'Ivoire!", "TÜRKIYE", "Korea,Republic of"]
    keyed = con.execute("SELECT name, name_key(name) FROM unnest($names) AS t(name)", {"names": names}).fetchall()
    assert [key for _, key in keyed] == [name_key(name) for name, _ in keyed]


def test_no_spelling_means_two_countries() -> None:
    keys = [name_key(r["name"]) for r in country_name_rows()]
    assert len(keys) == len(set(keys))


def test_an_unresolved_name_is_explained_with_the_closest_matches() -> None:
    assert closest("Untied States")[0] == "United States (US)"
    assert closest("Kosova")[0] == "Kosovo (XK)"
    message = unresolved_message("country", "Rusia", "country_recognised")
    assert "Rusia" not in message and "country_recognised" in message, "the spelling delivered is never quoted"
    assert "Russian Federation (RU)" in message and "hrp countries add" in message


def test_an_ambiguous_name_names_the_countries_it_may_mean_and_resolves_to_none() -> None:
    message = unresolved_message("country", "KOREA", "country_ambiguous")
    assert "KOREA" not in message
    assert "Korea, Republic of (KR) or Korea, Democratic People's Republic of (KP)" in message
    assert "korea" not in {name_key(r["name"]) for r in country_name_rows()}
