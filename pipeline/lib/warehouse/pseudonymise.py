"""Keyed pseudonyms for person ids (HMAC-SHA256), so people can be counted but not identified.

The same id always gives the same pseudonym under the same key, which keeps "people who completed
every required course" countable across deliveries; without the key the pseudonym cannot be
reversed or even tested against a guessed id. The hashing itself runs inside DuckDB
(``sql/warehouse/pseudonymise_macro.sql``); this module prepares the key and offers the reference
implementation the tests compare it with.
"""

from __future__ import annotations

import hashlib
import hmac

import duckdb

from pipeline.lib.common.keys import check_fingerprint, fingerprint
from pipeline.lib.warehouse import sql

_BLOCK = 64  # SHA-256 block size in bytes


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of HMAC-SHA256 (RFC 2104)."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def pseudonym(key: bytes, person_id: str) -> str:
    """The pseudonym of one id, computed in Python (reference implementation)."""
    return hmac.new(key, person_id.encode("utf-8"), hashlib.sha256).hexdigest()


def stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of the key this warehouse was made with (None: no person was hashed yet)."""
    con.execute(sql.render("warehouse/key_fingerprint.sql"))
    rows = con.execute(sql.render("warehouse/stored_fingerprint.sql")).fetchall()
    return str(rows[0][0]) if rows else None


def bind_key(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Refuse a key other than the warehouse's; a new warehouse takes this one as its key."""
    check_fingerprint(stored_fingerprint(con), key)
    con.execute(sql.render("warehouse/record_fingerprint.sql"), {"fingerprint": fingerprint(key)})
