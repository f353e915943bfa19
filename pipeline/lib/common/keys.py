"""Which pseudonymisation key a warehouse was made with, told apart without ever storing the key.

Pseudonyms are HMACs of person ids: the same person gets another pseudonym under another key, so a
warehouse fed by two keys counts everyone twice. The warehouse therefore keeps a *fingerprint* of its
key (an HMAC of a fixed label under the key: it identifies the key, it cannot be hashed back to it,
and with keys of 32 characters or more it cannot be guessed either) and every run compares its own.

The public development key has a well-known fingerprint: a warehouse carrying it is a demonstration
root. Real data never goes there, and the demonstration never runs on a root made with a real key.
"""

from __future__ import annotations

import hashlib
import hmac

from pipeline.lib.common.settings import DEVELOPMENT_PSEUDONYM_KEY

MIN_KEY_LENGTH = 32
_LABEL = b"hrp pseudonym key fingerprint v1"


class PseudonymKeyError(RuntimeError):
    """The key cannot be used on this data root; the message says what to do instead."""


def fingerprint(key: bytes) -> str:
    """An identifier of the key (HMAC-SHA256 of a fixed label), safe to store beside the data."""
    return hmac.new(key, _LABEL, hashlib.sha256).hexdigest()[:32]


DEMONSTRATION_FINGERPRINT = fingerprint(DEVELOPMENT_PSEUDONYM_KEY.encode("utf-8"))


def check_key_length(value: str) -> None:
    """A short key can be found by trying candidates against any pseudonym: refuse it."""
    if value != DEVELOPMENT_PSEUDONYM_KEY and len(value) < MIN_KEY_LENGTH:
        length = f"has {len(value)} characters" if value else "is not set"
        raise PseudonymKeyError(
            f"HRP_PSEUDONYM_KEY {length}; a key needs at least {MIN_KEY_LENGTH} "
            "(e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)."
        )


def check_fingerprint(stored: str | None, key: bytes) -> None:
    """Refuse a key other than the one the warehouse was made with (``stored``; None: a new warehouse)."""
    own = fingerprint(key)
    if stored is None or stored == own:
        return
    if stored == DEMONSTRATION_FINGERPRINT:
        raise PseudonymKeyError(
            "this data root is a demonstration root (its warehouse is pseudonymised with the public development "
            "key): run the demonstration again with `hrp demo` (or any command with HRP_DEMO=1 and no key set), "
            "and real data in another data root (set HRP_DATA_ROOT to a new folder)."
        )
    if own == DEMONSTRATION_FINGERPRINT:
        raise PseudonymKeyError(
            "this data root's warehouse was made with a real key: `hrp demo` runs only on a new or demonstration "
            "data root (set HRP_DATA_ROOT to another folder)."
        )
    raise PseudonymKeyError(
        f"HRP_PSEUDONYM_KEY is not the key this warehouse was made with (fingerprint {stored[:8]}…, this key "
        f"{own[:8]}…): set the original key, or change keys deliberately with `hrp rekey`."
    )
