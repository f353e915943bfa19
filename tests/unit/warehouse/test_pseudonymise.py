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


# RFC 4231 test cases 1, 2 and 6 (short key, "Jefe", a key longer than one SHA-256 block):
# answers published with the standard, independent of any implementation here.
RFC_4231 = [
    (b"\x0b" * 20, "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (b"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    (
        b"\xaa" * 131,
        "Test Using Larger Than Block-Size Key - Hash Key First",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    ),
]


@pytest.mark.parametrize(("key", "message", "expected"), RFC_4231)
def test_the_warehouse_computes_the_published_hmac_sha256(key: bytes, message: str, expected: str) -> None:
    con = duckdb.connect()
    install_pseudonymiser(con, key)
    assert scalar(con, "SELECT pseudonymise($v)", {"v": message}) == expected


def test_another_key_gives_other_pseudonyms_in_the_warehouse() -> None:
    one, another = duckdb.connect(), duckdb.connect()
    install_pseudonymiser(one, b"one key")
    install_pseudonymiser(another, b"another key")
    first = [scalar(one, "SELECT pseudonymise($v)", {"v": p}) for p in IDS]
    second = [scalar(another, "SELECT pseudonymise($v)", {"v": p}) for p in IDS]
    assert len(first) == len(IDS) and len(set(first)) == len(IDS)
    assert not set(first) & set(second)


def test_the_key_is_not_in_the_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    install_pseudonymiser(con, b"SECRET-KEY-CANARY-991")
    con.execute("CREATE TABLE t AS SELECT pseudonymise('E1') AS p")
    con.close()
    assert b"SECRET-KEY-CANARY-991" not in path.read_bytes()
