"""Person ids become keyed HMAC-SHA256 pseudonyms, computed inside DuckDB exactly as RFC 2104 says."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.lib.warehouse.connection import install_pseudonymiser, scalar
from pipeline.lib.warehouse.pseudonymise import pseudonym

IDS = ["E00000001", "C12345678", "Айгүл-ң-ө-ү", "فاطمة", "", "x" * 300]


@pytest.mark.parametrize("key", [b"short", b"k" * 64, b"a-key-longer-than-one-sha256-block-" * 3])
def test_sql_hmac_matches_python(key: bytes) -> None:
    con = duckdb.connect()
    install_pseudonymiser(con, key)
    for person in IDS:
        value = scalar(con, "SELECT pseudonymise($v)", {"v": person})
        assert value == pseudonym(key, person)


def test_another_key_gives_other_pseudonyms() -> None:
    assert pseudonym(b"one key", "E00000001") != pseudonym(b"another key", "E00000001")


def test_the_key_is_not_in_the_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    install_pseudonymiser(con, b"SECRET-KEY-CANARY-991")
    con.execute("CREATE TABLE t AS SELECT pseudonymise('E1') AS p")
    con.close()
    assert b"SECRET-KEY-CANARY-991" not in path.read_bytes()
