"""Counts in the console's English: "1 row", "2 rows", never "1 rows" (the pages have CLDR plurals,
``render.i18n``; the console speaks English only)."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with thousands separators and ``noun`` agreeing with it (``plural`` when adding an
    "s" would not do: "1 delivery", "2 deliveries")."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
