"""The messages a person reads about a failing row: values shown plainly, personal ones withheld."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pipeline.lib.quality.contracts import Column, Contract
from pipeline.lib.quality.rules import Rule

WITHHELD = "[withheld]"


def show(value: object) -> str:
    """A value as a message shows it: quoted text, ISO dates, '(empty)' for nothing."""
    if value is None or (isinstance(value, float) and value != value):
        return "(empty)"
    if hasattr(value, "isoformat") and isinstance(value, datetime):
        return (
            value.isoformat(sep=" ")
            if (value.hour, value.minute, value.second) != (0, 0, 0)
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    if len(text) > 80:
        text = text[:77] + "..."
    text = re.sub(r"[\r\n\t]", " ", text)
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    return "'" + text + "'"


def format_message(rule: Rule, row: dict[str, Any], contract: Contract | None) -> str:
    """The rule's message filled in from one failing row, with personal values withheld."""
    values = {}
    for field in rule.message_fields:
        values[field] = WITHHELD if not may_show(field, contract) else show(_plain(row.get(field)))
    return rule.message.format(**values)


def may_show(column: str, contract: Contract | None) -> bool:
    if contract is None:  # marts hold no personal values
        return True
    stored = {c.stored_name: c for c in contract.columns}
    col: Column | None = stored.get(column)
    return col.may_be_shown if col is not None else not column.startswith("_file")


def _plain(value: object) -> object:
    """pandas scalars (Timestamp, NaT, numpy numbers) as plain Python values."""
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):
        try:
            return value.to_pydatetime()
        except (ValueError, TypeError):
            return None
    if hasattr(value, "item"):
        return value.item()
    try:
        if value != value:  # NaN, NaT
            return None
    except (TypeError, ValueError):
        pass
    return value
