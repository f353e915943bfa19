"""What the checks make sure of, in words a reader of the public site understands.

A rule's name (``status_moves_forward``) is for the people who run the pipeline; a reader wants to
know what a check protects the number from. Every rule says which of these few promises it keeps:
a contract's rules by their kind, a hand-written rule by its ``about`` in ``expectations/*.json``.
The sentences are English message ids, translated by the site's catalogues.
"""

from __future__ import annotations

from typing import Literal

About = Literal[
    "required",
    "known_values",
    "in_range",
    "unique",
    "dates_in_order",
    "not_in_future",
    "status_agrees",
    "moves_forward",
    "totals_agree",
    "periods",
    "mostly_filled",
    "unusual",
]

WORDS: dict[About, str] = {
    "required": "Every record gives what it must: nothing required is left empty.",
    "known_values": "Codes and categories are ones the organisation knows (from its reference lists).",
    "in_range": "Numbers lie within what is possible (no negative counts).",
    "unique": "No record appears twice in the same delivery.",
    "dates_in_order": "Dates come in the right order: nothing ends, is completed or is updated before it began.",
    "not_in_future": "No date lies in the future.",
    "status_agrees": (
        "A record's status agrees with its other details: a closed case or a completed course has its date, "
        "and an open one has none."
    ),
    "moves_forward": "A case's status only moves forward from one delivery to the next, never back.",
    "totals_agree": "Counts agree with each other: a part is never more than its whole, and parts add up to it.",
    "periods": "Each count covers a finished half-year or fiscal year, and no two counts cover overlapping periods.",
    "mostly_filled": "Details that are usually given are given for most records (a warning only: it stops nothing).",
    "unusual": "Unusual combinations are flagged for a person to look at (a warning only: it stops nothing).",
}

# What a check that found problems means for the numbers, by its level (``rules.Level``).
FAILED: dict[str, str] = {
    "row": "Some rows broke this: they are set aside and not counted in these numbers.",
    "blocking": "A delivery broke this: it is held back whole and not counted until it is resolved.",
    "warning": "Some rows broke this: a warning only, they are still counted.",
}


def all_sentences() -> list[str]:
    """Every sentence the site can show about checks (for the message catalogues)."""
    return [*WORDS.values(), *FAILED.values()]
